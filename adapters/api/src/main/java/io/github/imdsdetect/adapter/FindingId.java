package io.github.imdsdetect.adapter;

import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.Finding;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Stable ids for findings, shared by the writers of alert schemas (ECS, OCSF). */
public final class FindingId {
  private FindingId() {}

  /**
   * Returns a name-based UUID (RFC 4122 version 3) of the finding's event source and line, rule
   * id, field and match offset. The same finding of the same input gets the same id in every run.
   *
   * <p>NOTE: two events on one line, such as two elements of a one-line JSON array, give equal ids
   * when the same rule matches the same field at the same offset in both.
   *
   * @param finding the finding; its origin, rule id, field and offset are hashed
   * @return the UUID in its 36-character text form
   */
  public static String of(Finding finding) {
    EventOrigin origin = finding.origin();
    String name = origin.source() + '\n' + origin.line() + '\n' + finding.ruleId() + '\n'
        + finding.field().fieldName() + '\n' + finding.offset();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}

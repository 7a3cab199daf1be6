package io.github.imdsdetect.core;

import java.util.Objects;

/**
 * One reason why an event looks like access to a cloud instance metadata API: which rule fired,
 * on which field, because of which indicator, and where in the field the matched text starts.
 *
 * @param ruleId stable rule id, such as {@code imds.cmdline.endpoint}
 * @param title one-line rule title
 * @param severity how urgent the finding is
 * @param technique MITRE ATT&amp;CK technique id, such as {@code T1552.005}
 * @param field the event field that matched
 * @param indicator the indicator as the rule writes it, such as {@code %169.254.169.254%}
 * @param matchedText the exact text of the field that matched, copied from the event
 * @param offset the char offset of {@code matchedText} in the field, or -1 for a rule that
 *     compares the whole field
 * @param origin where the event was read
 * @param provider the cloud provider whose metadata service was reached, such as {@code aws},
 *     or {@code unknown}
 * @param dataKind what kind of data was reached: {@code credentials}, {@code token},
 *     {@code identity-document}, {@code user-data}, {@code metadata} or {@code unknown}
 * @param reason one sentence a person can read
 */
public record Finding(
    String ruleId,
    String title,
    Severity severity,
    String technique,
    Field field,
    String indicator,
    String matchedText,
    int offset,
    EventOrigin origin,
    String provider,
    String dataKind,
    String reason) {

  /**
   * Creates a finding.
   *
   * @param ruleId stable rule id, such as {@code imds.cmdline.endpoint}
   * @param title one-line rule title
   * @param severity how urgent the finding is
   * @param technique MITRE ATT&amp;CK technique id, such as {@code T1552.005}
   * @param field the event field that matched
   * @param indicator the indicator as the rule writes it
   * @param matchedText the exact text of the field that matched, copied from the event
   * @param offset the char offset of {@code matchedText} in the field, or -1 for a rule that
   *     compares the whole field
   * @param origin where the event was read
   * @param provider the cloud provider whose metadata service was reached, or {@code unknown}
   * @param dataKind what kind of data was reached, or {@code unknown}
   * @param reason one sentence a person can read
   * @throws NullPointerException if any component is null
   */
  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(technique, "technique");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(indicator, "indicator");
    Objects.requireNonNull(matchedText, "matchedText");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(dataKind, "dataKind");
    Objects.requireNonNull(reason, "reason");
  }
}

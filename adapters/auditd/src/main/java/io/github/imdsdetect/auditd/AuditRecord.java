package io.github.imdsdetect.auditd;

import io.github.imdsdetect.auditd.RawField.Form;
import io.github.imdsdetect.auditd.RawField.Section;
import io.github.imdsdetect.auditd.SocketAddresses.Destination;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of one audit record that events use, decoded from its fields. Decoding a whole
 * record before any of it reaches an event means that a record with one bad value is skipped as
 * a whole.
 */
final class AuditRecord {
  private final RawRecord raw;
  private String comm;
  private String exe;
  private String uid;
  private String auid;
  private String uidName;
  private String auidName;
  private String hostname;
  private String proctitle;
  private Destination destination;
  private final List<ExecveArguments.Piece> argumentPieces = new ArrayList<>();

  private AuditRecord(RawRecord raw) {
    this.raw = raw;
  }

  /**
   * Decodes the fields of {@code raw}. The first occurrence of a field wins.
   *
   * @throws MalformedRecordException if a hex value is invalid or a socket address is too short
   */
  static AuditRecord decode(RawRecord raw) throws MalformedRecordException {
    AuditRecord record = new AuditRecord(raw);
    for (RawField field : raw.fields()) {
      if (field.section() == Section.ENRICHED) {
        record.readEnriched(field);
      } else {
        record.read(field);
      }
    }
    return record;
  }

  private void readEnriched(RawField field) {
    if (field.key().equals("UID") && uidName == null) {
      uidName = field.value();
    } else if (field.key().equals("AUID") && auidName == null) {
      auidName = field.value();
    }
  }

  private void read(RawField field) throws MalformedRecordException {
    switch (field.key()) {
      case "comm":
        if (comm == null) {
          comm = AuditValues.untrustedText(field);
        }
        return;
      case "exe":
        if (exe == null) {
          exe = AuditValues.untrustedText(field);
        }
        return;
      case "uid":
        if (uid == null) {
          uid = field.value();
        }
        return;
      case "auid":
        if (auid == null) {
          auid = field.value();
        }
        return;
      case "hostname":
        // Inside msg='...' of user-space records hostname= names the remote peer of a login,
        // not the host that wrote the record, so only a top-level hostname= is read.
        if (hostname == null
            && field.section() == Section.MAIN
            && !AuditValues.isAbsent(field.value())) {
          hostname = field.value();
        }
        return;
      case "proctitle":
        if (proctitle == null && type().equals("PROCTITLE")) {
          proctitle = processTitle(field);
        }
        return;
      case "saddr":
        if (destination == null && type().equals("SOCKADDR") && field.form() == Form.BARE) {
          destination = SocketAddresses.decode(AuditValues.hexBytes(field));
        }
        return;
      default:
        if (type().equals("EXECVE") && field.section() == Section.MAIN) {
          ExecveArguments.Piece piece = ExecveArguments.piece(field);
          if (piece != null) {
            argumentPieces.add(piece);
          }
        }
    }
  }

  /**
   * Decodes a process title: the process's {@code /proc/PID/cmdline}, up to 128 bytes, with NUL
   * bytes between the arguments. Each NUL becomes a space.
   */
  private static String processTitle(RawField field) throws MalformedRecordException {
    if (field.form() != Form.BARE || !AuditValues.isHexDigits(field.value())) {
      return AuditValues.untrustedText(field);
    }
    byte[] bytes = AuditValues.hexBytes(field);
    int length = bytes.length;
    while (length > 0 && bytes[length - 1] == 0) {
      length--;
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream(length);
    for (int i = 0; i < length; i++) {
      text.write(bytes[i] == 0 ? ' ' : bytes[i]);
    }
    return text.toString(StandardCharsets.UTF_8);
  }

  RawRecord raw() {
    return raw;
  }

  String type() {
    return raw.type();
  }

  String comm() {
    return comm;
  }

  String exe() {
    return exe;
  }

  /** Returns the numeric {@code uid=} text, which may be the unset marker 4294967295. */
  String uid() {
    return uid;
  }

  /** Returns the numeric {@code auid=} text, which may be the unset marker 4294967295. */
  String auid() {
    return auid;
  }

  /** Returns the user name of the enriched {@code UID=} field, or null. */
  String uidName() {
    return uidName;
  }

  /** Returns the user name of the enriched {@code AUID=} field, or null. */
  String auidName() {
    return auidName;
  }

  String hostname() {
    return hostname;
  }

  String proctitle() {
    return proctitle;
  }

  Destination destination() {
    return destination;
  }

  List<ExecveArguments.Piece> argumentPieces() {
    return argumentPieces;
  }
}

package io.github.imdsdetect.auditd;

import io.github.imdsdetect.auditd.RawField.Form;
import io.github.imdsdetect.auditd.RawField.Section;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one audit.log line into a {@link RawRecord}.
 *
 * <p>A record line is {@code [prefix ]type=TYPE msg=audit(SECONDS.FRACTION:SERIAL): fields}. The
 * prefix may be a {@code node=NAME} field (auditd's {@code name_format} option) or a syslog
 * header such as {@code Nov 10 12:00:01 host audispd: node=host }. Fields are {@code key=value}
 * pairs separated by spaces; words without {@code =}, such as the {@code avc: denied { read }}
 * text of AVC records, are dropped. A 0x1D byte starts the interpreted fields of auditd's
 * enriched log format. The {@code msg='...'} value of user-space records is split into fields of
 * its own.
 */
final class RecordTokenizer {
  /** The byte that separates raw from interpreted fields in auditd's enriched log format. */
  static final char GROUP_SEPARATOR = '\u001d';

  /** 9999-12-31T23:59:59Z, the last second that ISO-8601 text writes with a 4-digit year. */
  private static final long MAX_SECONDS = 253_402_300_799L;

  private static final String MSG_AUDIT = "msg=audit(";
  private static final int MAX_QUOTED_TEXT = 40;

  private final String line;
  private final boolean lineCut;
  private final int maxFields;
  private final List<RawField> fields = new ArrayList<>();
  private boolean fieldsCapped;

  private RecordTokenizer(String line, boolean lineCut, int maxFields) {
    this.line = line;
    this.lineCut = lineCut;
    this.maxFields = maxFields;
  }

  /**
   * Parses one line.
   *
   * @param line the line without its line end
   * @param lineCut whether the line cap cut the line, so that its last value may be incomplete
   * @param maxFields the maximum number of fields kept. Later fields are dropped, and the record
   *     marks itself as capped
   * @throws MalformedRecordException if the line has no record header or a quoted value has no
   *     closing quote
   */
  static RawRecord parse(String line, boolean lineCut, int maxFields)
      throws MalformedRecordException {
    return new RecordTokenizer(line, lineCut, maxFields).parse();
  }

  /**
   * Returns the index of the {@code type=} field that starts a record: the first {@code type=}
   * at the start of the line or after a space, or -1.
   */
  static int indexOfTypeField(String text) {
    int from = 0;
    while (true) {
      int at = text.indexOf("type=", from);
      if (at <= 0 || text.charAt(at - 1) == ' ') {
        return at;
      }
      from = at + 1;
    }
  }

  private RawRecord parse() throws MalformedRecordException {
    int typeAt = indexOfTypeField(line);
    if (typeAt < 0) {
      throw new MalformedRecordException("not an audit record: no type= field");
    }
    String node = nodeInPrefix(typeAt);
    int typeStart = typeAt + "type=".length();
    int typeEnd = indexOfSpaceOrEnd(typeStart, line.length());
    String type = line.substring(typeStart, typeEnd);
    if (type.isEmpty()) {
      throw new MalformedRecordException("empty record type in type= field");
    }
    int pos = skipSpaces(typeEnd);
    if (!line.startsWith(MSG_AUDIT, pos)) {
      throw new MalformedRecordException(
          "no msg=audit(...) after type=" + shorten(type)
              + ": expected msg=audit(SECONDS.MILLIS:SERIAL)");
    }
    pos += MSG_AUDIT.length();

    int secondsEnd = skipDigits(pos);
    if (secondsEnd == pos) {
      throw headerError(pos, "no seconds in msg=audit(...)");
    }
    if (secondsEnd - pos > 12) {
      throw new MalformedRecordException("timestamp seconds out of range in msg=audit(...)");
    }
    long seconds = Long.parseLong(line, pos, secondsEnd, 10);
    if (seconds > MAX_SECONDS) {
      throw new MalformedRecordException(
          "timestamp " + seconds + " in msg=audit(...) is after the year 9999");
    }
    pos = secondsEnd;
    String fraction = "";
    if (pos < line.length() && line.charAt(pos) == '.') {
      int fractionEnd = skipDigits(pos + 1);
      if (fractionEnd - (pos + 1) > 9) {
        throw new MalformedRecordException(
            "timestamp in msg=audit(...) has more than 9 fractional digits");
      }
      fraction = line.substring(pos + 1, fractionEnd);
      pos = fractionEnd;
    }
    if (pos >= line.length() || line.charAt(pos) != ':') {
      throw headerError(pos, "no ':' before the serial number in msg=audit(...)");
    }
    int serialEnd = skipDigits(pos + 1);
    if (serialEnd == pos + 1) {
      throw headerError(serialEnd, "no serial number in msg=audit(...)");
    }
    if (serialEnd - (pos + 1) > 18) {
      throw new MalformedRecordException("serial number out of range in msg=audit(...)");
    }
    long serial = Long.parseLong(line, pos + 1, serialEnd, 10);
    pos = serialEnd;
    if (pos >= line.length() || line.charAt(pos) != ')') {
      throw headerError(pos, "no ')' after the serial number in msg=audit(...)");
    }
    pos++;
    // The kernel writes "): " but the DAEMON_CONFIG records of some auditd versions omit ':'.
    if (pos < line.length() && line.charAt(pos) == ':') {
      pos++;
    }

    splitFields(pos, line.length(), Section.MAIN);
    if (lineCut && !fields.isEmpty()) {
      RawField last = fields.get(fields.size() - 1);
      fields.set(
          fields.size() - 1,
          new RawField(last.key(), last.value(), last.form(), last.section(), true));
    }
    return new RawRecord(node, type, seconds, fraction, serial, List.copyOf(fields), fieldsCapped);
  }

  /** Returns a header error, worded as a truncated line when the line ends at {@code pos}. */
  private MalformedRecordException headerError(int pos, String reason) {
    if (pos >= line.length()) {
      return new MalformedRecordException("truncated record: line ends inside msg=audit(...)");
    }
    return new MalformedRecordException(reason);
  }

  private String nodeInPrefix(int typeAt) {
    String node = null;
    int pos = 0;
    while (pos < typeAt) {
      int end = indexOfSpaceOrEnd(pos, typeAt);
      if (line.startsWith("node=", pos) && end > pos + "node=".length()) {
        node = line.substring(pos + "node=".length(), end);
      }
      pos = end + 1;
    }
    return node;
  }

  /** Adds the fields of {@code line[from, to)}. */
  private void splitFields(int from, int to, Section startSection)
      throws MalformedRecordException {
    Section section = startSection;
    int pos = from;
    while (pos < to) {
      char c = line.charAt(pos);
      if (c == ' ') {
        pos++;
        continue;
      }
      if (c == GROUP_SEPARATOR) {
        if (section == Section.MAIN) {
          section = Section.ENRICHED;
        }
        pos++;
        continue;
      }
      int keyStart = pos;
      while (pos < to && !isKeyEnd(line.charAt(pos))) {
        pos++;
      }
      if (pos >= to || line.charAt(pos) != '=') {
        continue; // a word without '=', such as "avc:" or "denied"
      }
      String key = line.substring(keyStart, pos);
      pos++;
      pos = readValue(key, pos, to, section);
    }
  }

  private static boolean isKeyEnd(char c) {
    return c == '=' || c == ' ' || c == GROUP_SEPARATOR;
  }

  /** Reads the value that starts at {@code pos} and returns the index after it. */
  private int readValue(String key, int pos, int to, Section section)
      throws MalformedRecordException {
    char open = pos < to ? line.charAt(pos) : ' ';
    if (open == '"') {
      int close = line.indexOf('"', pos + 1);
      if (close < 0 || close >= to) {
        return readUnterminated(key, pos, to, Form.DOUBLE_QUOTED, section);
      }
      add(key, line.substring(pos + 1, close), Form.DOUBLE_QUOTED, section);
      return close + 1;
    }
    if (open == '\'') {
      int close = indexOfClosingSingleQuote(pos + 1, to);
      if (close < 0) {
        return readUnterminated(key, pos, to, Form.SINGLE_QUOTED, section);
      }
      if (key.equals("msg") && section == Section.MAIN) {
        splitFields(pos + 1, close, Section.MESSAGE);
      } else {
        add(key, line.substring(pos + 1, close), Form.SINGLE_QUOTED, section);
      }
      return close + 1;
    }
    if (open == '{') {
      int close = line.indexOf('}', pos + 1);
      if (close < 0 || close >= to) {
        return readUnterminated(key, pos, to, Form.BRACED, section);
      }
      add(key, line.substring(pos + 1, close).strip(), Form.BRACED, section);
      return close + 1;
    }
    int end = pos;
    while (end < to && line.charAt(end) != ' ' && line.charAt(end) != GROUP_SEPARATOR) {
      end++;
    }
    add(key, line.substring(pos, end), Form.BARE, section);
    return end;
  }

  /**
   * Finds the {@code '} that closes a single-quoted value, skipping double-quoted text inside it,
   * because user-space programs may log a {@code '} inside a double-quoted field of the message.
   */
  private int indexOfClosingSingleQuote(int from, int to) {
    boolean inDoubleQuotes = false;
    for (int i = from; i < to; i++) {
      char c = line.charAt(i);
      if (c == '"') {
        inDoubleQuotes = !inDoubleQuotes;
      } else if (c == '\'' && !inDoubleQuotes) {
        return i;
      }
    }
    return -1;
  }

  /** Keeps the rest of a cut line as the value, or rejects a line that was not cut. */
  private int readUnterminated(String key, int pos, int to, Form form, Section section)
      throws MalformedRecordException {
    if (!lineCut || to != line.length()) {
      throw new MalformedRecordException(
          "unterminated " + describe(form) + " value of field " + shorten(key));
    }
    String rest = line.substring(pos + 1, to);
    if (key.equals("msg") && form == Form.SINGLE_QUOTED && section == Section.MAIN) {
      splitFields(pos + 1, to, Section.MESSAGE);
    } else {
      add(key, rest, form, section);
    }
    return to;
  }

  private static String describe(Form form) {
    switch (form) {
      case DOUBLE_QUOTED:
        return "double-quoted";
      case SINGLE_QUOTED:
        return "single-quoted";
      case BRACED:
        return "braced";
      default:
        return "bare";
    }
  }

  private void add(String key, String value, Form form, Section section) {
    if (key.isEmpty()) {
      return;
    }
    if (fields.size() >= maxFields) {
      fieldsCapped = true;
      return;
    }
    fields.add(new RawField(key, value, form, section, false));
  }

  private int indexOfSpaceOrEnd(int from, int to) {
    int pos = from;
    while (pos < to && line.charAt(pos) != ' ') {
      pos++;
    }
    return pos;
  }

  private int skipSpaces(int from) {
    int pos = from;
    while (pos < line.length() && line.charAt(pos) == ' ') {
      pos++;
    }
    return pos;
  }

  private int skipDigits(int from) {
    int pos = from;
    while (pos < line.length() && line.charAt(pos) >= '0' && line.charAt(pos) <= '9') {
      pos++;
    }
    return pos;
  }

  /** Returns {@code text}, cut to a length that fits in a one-line message. */
  static String shorten(String text) {
    if (text.length() <= MAX_QUOTED_TEXT) {
      return text;
    }
    return text.substring(0, MAX_QUOTED_TEXT) + "...";
  }
}

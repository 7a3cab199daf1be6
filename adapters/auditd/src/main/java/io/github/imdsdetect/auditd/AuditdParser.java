package io.github.imdsdetect.auditd;

import io.github.imdsdetect.adapter.BoundedLineReader;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads raw Linux audit logs: the {@code audit.log} that auditd writes, in its raw or enriched
 * log format, with or without {@code node=} names, and the same records behind a syslog prefix
 * as audisp plugins forward them. Lines of {@code ausearch --raw} output read the same way.
 *
 * <p>Records that share a timestamp and serial number form one event (see {@link OpenEvents}),
 * whose origin is the line of its first record. Fields map as follows:
 *
 * <ul>
 *   <li>time: the {@code msg=audit(SECONDS.MILLIS:SERIAL)} timestamp as ISO-8601 UTC text
 *   <li>host: the {@code node=} name, else a top-level {@code hostname=} field
 *   <li>user: the enriched {@code UID=} name, else {@code uid=}, else the login user ({@code
 *       AUID=} name, then {@code auid=})
 *   <li>process name and executable: {@code comm=} and {@code exe=} of the SYSCALL record, hex
 *       decoded, else of any other record
 *   <li>command line: the EXECVE arguments joined by spaces, else the PROCTITLE with its NUL
 *       separators turned into spaces
 *   <li>destination address and port: the first AF_INET or AF_INET6 SOCKADDR record
 * </ul>
 *
 * <p>A line that is not a usable record goes to {@link ParseSink#skipped} with the reason, and the
 * rest of its event is still read. Blank lines are passed over; the {@code ----} and {@code time->}
 * separator lines of {@code ausearch} output go to {@link ParseSink#ignored}.
 *
 * <p>The lines of an event's records count as {@link LineUse#EVENT} when the event is delivered.
 * No event is left open: the end of the input completes every open one, so an event whose
 * records stop without an EOE record is still delivered, with the fields read so far. auditd
 * writes no EOE records to audit.log, so a missing EOE record is normal. An event that has records
 * of a system call, such as EXECVE, PATH or SOCKADDR, but no SYSCALL record, as at the start of a
 * rotated or cut log, is delivered too and also reported to {@link ParseSink#incomplete}.
 *
 * <p>Not read, and reported as skipped: the interpreted output of {@code ausearch -i}, whose
 * timestamps are local dates, and kernel ring buffer lines such as {@code audit: type=1400
 * audit(...)}, which have a numeric type and no {@code msg=}. Enriched fields whose 0x1D
 * separator a syslog daemon rewrote, for example as {@code #035}, are read as raw fields.
 */
public final class AuditdParser implements EventParser {
  private static final int SNIFF_MAX_LINES = 100;

  /** Creates a parser. It keeps no state between calls. */
  public AuditdParser() {}

  @Override
  public String format() {
    return "auditd";
  }

  /**
   * Returns 90 when at least half of the first non-blank lines of {@code head} are audit records
   * ({@code type=} followed by {@code msg=audit(}), 40 when some are, and 0 when none are. Lines
   * that open a JSON object or array do not count as records, so JSON documents that quote audit
   * lines, such as Filebeat output, are left to the JSON parsers.
   */
  @Override
  public int sniff(String head) {
    int examined = 0;
    int records = 0;
    int start = 0;
    while (start < head.length() && examined < SNIFF_MAX_LINES) {
      int end = head.indexOf('\n', start);
      if (end < 0) {
        end = head.length();
      }
      String line = head.substring(start, end).strip();
      start = end + 1;
      if (line.isEmpty() || isAusearchSeparator(line)) {
        continue;
      }
      examined++;
      if (looksLikeRecord(line)) {
        records++;
      }
    }
    if (records == 0) {
      return 0;
    }
    return records * 2 >= examined ? 90 : 40;
  }

  private static boolean looksLikeRecord(String line) {
    char first = line.charAt(0);
    if (first == '{' || first == '[') {
      return false;
    }
    int typeAt = RecordTokenizer.indexOfTypeField(line);
    return typeAt >= 0 && line.indexOf("msg=audit(", typeAt) > typeAt;
  }

  private static boolean isAusearchSeparator(String line) {
    if (line.startsWith("time->")) {
      return true;
    }
    return line.length() >= 4 && line.chars().allMatch(c -> c == '-');
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    BoundedLineReader lines = new BoundedLineReader(in, limits.maxLineBytes());
    OpenEvents events =
        new OpenEvents(source, limits.maxOpenEvents(), limits.maxFieldChars(), sink);
    while (lines.next()) {
      LineUse use = readLine(lines, events, limits, sink);
      if (use != null) {
        sink.lines(use, 1);
      }
    }
    events.completeAll();
    return lines.lineNumber();
  }

  /**
   * Reads the current line and returns its use, or null for a record line, whose use {@link
   * OpenEvents} reports when the record's event is delivered.
   */
  private static LineUse readLine(
      BoundedLineReader lines, OpenEvents events, ParseLimits limits, ParseSink sink) {
    long lineNumber = lines.lineNumber();
    String line = lines.line();
    if (lines.truncated()) {
      sink.truncated(lineNumber, "line", lines.originalLength());
      if (line.isBlank()) {
        // The kept part is blank, but the rest of the line was not: never drop it silently.
        sink.skipped(lineNumber, "line of " + lines.originalLength()
            + " bytes exceeds the line limit and its first part is blank");
        return LineUse.SKIPPED;
      }
    }
    if (line.isBlank()) {
      return LineUse.BLANK;
    }
    if (isAusearchSeparator(line.strip())) {
      sink.ignored(lineNumber, "ausearch separator line");
      return LineUse.IGNORED;
    }
    AuditRecord record;
    try {
      RawRecord raw = RecordTokenizer.parse(line, lines.truncated(), limits.maxRecordFields());
      if (raw.fieldsCapped()) {
        sink.truncated(lineNumber, "fields", -1);
      }
      record = AuditRecord.decode(raw);
    } catch (MalformedRecordException e) {
      sink.skipped(lineNumber, e.getMessage());
      return LineUse.SKIPPED;
    }
    return events.add(record, lineNumber);
  }
}

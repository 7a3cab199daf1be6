package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Reads Sysmon process creation (event ID 1), network connection (3) and DNS query (22) events
 * from Windows Sysmon and Sysmon for Linux, in these shapes, recognised by content:
 *
 * <ul>
 *   <li>rendered event XML, one or many {@code <Event>} elements per file, and syslog lines that
 *       carry Sysmon for Linux event XML
 *   <li>NXLog JSON lines, as in the Mordor data sets
 *   <li>Winlogbeat and Elastic Agent JSON, nested or with dotted keys
 *   <li>Azure Log Analytics exports of the {@code WindowsEvent}, {@code Event} and
 *       {@code Syslog} tables
 *   <li>evtx_dump JSON ({@code Event.System}, {@code Event.EventData}, {@code #attributes})
 * </ul>
 *
 * <p>An input whose first non-blank character is {@code {} or {@code [} is read as JSON, as JSON
 * lines or as documents. Any other input is read line by line as XML or text. Records of other
 * channels and other Sysmon event IDs are reported as ignored with kinds such as
 * {@code Security event 5156} and {@code Sysmon event 10}. UTF-16 input with a byte order mark is
 * re-encoded as UTF-8 first.
 */
public final class SysmonParser implements EventParser {
  private static final int HEAD_BYTES = 1 << 16;

  /** Keys whose arrays contain records: Elasticsearch search hits, Azure diagnostic exports. */
  private static final Set<String> CONTAINER_KEYS = Set.of("hits", "records");

  /** Creates a parser, which keeps no state between calls. */
  public SysmonParser() {}

  @Override
  public String format() {
    return "sysmon";
  }

  @Override
  public int sniff(String head) {
    return SysmonSniffer.score(head);
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES);
    byte[] head = peek(buffered);
    if (Utf16ToUtf8InputStream.startsWithBom(head, head.length)) {
      buffered = new BufferedInputStream(new Utf16ToUtf8InputStream(buffered), HEAD_BYTES);
      head = peek(buffered);
    }
    XmlEventReader xmlReader = new XmlEventReader(limits);
    int first = firstSignificantByte(head);
    if (first == '{' || first == '[') {
      JsonRecordMapper mapper = new JsonRecordMapper(source, limits, sink, xmlReader);
      return new JsonRecords(CONTAINER_KEYS, limits).read(buffered, mapper::map, sink);
    }
    XmlEventScanner scanner = new XmlEventScanner(limits, sink);
    return scanner.scan(
        buffered,
        (xml, line, complete) -> {
          SysmonRecord record =
              complete
                  ? xmlReader.readEvent(xml, line, sink)
                  : xmlReader.readCutEvent(xml, line, sink);
          if (record != null && record.accept(line, sink)) {
            sink.event(record.toEvent(source, line));
          }
        });
  }

  /** Returns up to the first 64 KiB of {@code in} without consuming them. */
  private static byte[] peek(BufferedInputStream in) throws IOException {
    in.mark(HEAD_BYTES);
    byte[] head = in.readNBytes(HEAD_BYTES);
    in.reset();
    return head;
  }

  /** Returns the first byte that is not white space or a UTF-8 byte order mark, or -1. */
  private static int firstSignificantByte(byte[] head) {
    int i = 0;
    if (head.length >= 3
        && (head[0] & 0xff) == 0xEF
        && (head[1] & 0xff) == 0xBB
        && (head[2] & 0xff) == 0xBF) {
      i = 3;
    }
    for (; i < head.length; i++) {
      byte b = head[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b & 0xff;
      }
    }
    return -1;
  }
}

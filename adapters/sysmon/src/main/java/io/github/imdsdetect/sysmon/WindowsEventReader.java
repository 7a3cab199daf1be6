package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Reads Windows event records of any channel from the input shapes that Windows event collectors
 * write, recognised by content:
 *
 * <ul>
 *   <li>rendered event XML, one or many {@code <Event>} elements per file, and syslog lines that
 *       carry Sysmon for Linux event XML
 *   <li>NXLog JSON lines, as in the Mordor data sets
 *   <li>Winlogbeat and Elastic Agent JSON, nested or with dotted keys, also as Elasticsearch hits
 *   <li>Azure Log Analytics exports of the {@code WindowsEvent}, {@code Event}, {@code
 *       SecurityEvent} and {@code Syslog} tables
 *   <li>evtx_dump JSON ({@code Event.System}, {@code Event.EventData}, {@code #attributes})
 * </ul>
 *
 * <p>An input whose first non-blank character is <code>&#123;</code> or {@code [} is read as JSON,
 * as JSON lines or as documents. Any other input is read line by line as XML or text. UTF-16 input with a
 * byte order mark is re-encoded as UTF-8 first.
 *
 * <p>The reader reports to the sink what is not a record: invalid JSON or XML and records without
 * a decimal event ID are skipped, and JSON records without an event ID and text lines outside XML
 * are ignored. Every record with an event ID goes to the {@link RecordHandler}, which maps it or
 * reports it. The ignored kinds that the reader reports itself are {@code JSON record without
 * EventID}, {@code Syslog message without a Sysmon event} and {@code text line without a Sysmon
 * event}.
 *
 * <p>Every line read gets one {@link io.github.imdsdetect.adapter.LineUse}, by the rules of
 * {@link ParseSink}. A record's use comes from what is reported while it is handled, so the
 * handler must report to the sink passed to {@link #read}.
 *
 * <p>Thread-safe: every call of {@link #read} keeps its own state.
 */
public final class WindowsEventReader {
  private static final int HEAD_BYTES = 1 << 16;

  /** Keys whose arrays contain records: Elasticsearch search hits, Azure diagnostic exports. */
  private static final Set<String> CONTAINER_KEYS = Set.of("hits", "records");

  private final Set<String> dataNames;

  /** Receives the records of one {@link #read} call. */
  public interface RecordHandler {
    /**
     * Decides from the record's header whether the handler maps the record. The event ID, channel,
     * provider and provider GUID are set. Other fields and the event data may still be missing,
     * because JSON records are read further only after this returns true.
     *
     * @param header the record with its header fields set
     * @return false when the handler has reported the record to the sink itself, as ignored for
     *     example
     */
    boolean accept(WindowsEventRecord header);

    /**
     * Receives a record that {@link #accept} returned true for, with every field read.
     *
     * @param record the complete record; valid only during this call
     */
    void record(WindowsEventRecord record);
  }

  /**
   * Creates a reader that keeps the event data values under {@code dataNames}, such as {@code
   * Image} or {@code NewProcessName}, and drops all others.
   *
   * @param dataNames the event data names to keep; copied
   */
  public WindowsEventReader(Set<String> dataNames) {
    this.dataNames = Set.copyOf(dataNames);
  }

  /**
   * Reads {@code in} to its end. The stream is not closed.
   *
   * @param in the input, already decompressed; UTF-8, or UTF-16 with a byte order mark
   * @param limits line, field and record caps
   * @param sink receives skipped and ignored lines, truncations and line uses; pass a {@link
   *     CountingSink}, and let the handler report to it, for exact line uses
   * @param handler selects and receives the records
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  public long read(InputStream in, ParseLimits limits, ParseSink sink, RecordHandler handler)
      throws IOException {
    CountingSink counting = CountingSink.of(sink);
    BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES);
    byte[] head = peek(buffered);
    if (Utf16ToUtf8InputStream.startsWithBom(head, head.length)) {
      buffered = new BufferedInputStream(new Utf16ToUtf8InputStream(buffered), HEAD_BYTES);
      head = peek(buffered);
    }
    XmlEventReader xmlReader = new XmlEventReader(limits, dataNames);
    int first = firstSignificantByte(head);
    if (first == '{' || first == '[' || (first != '<' && jsonAfterFirstLine(head))) {
      JsonRecordMapper mapper =
          new JsonRecordMapper(limits, counting, xmlReader, dataNames, handler);
      return new JsonRecords(CONTAINER_KEYS, limits).read(buffered, mapper::map, counting);
    }
    XmlEventScanner scanner = new XmlEventScanner(limits, counting);
    return scanner.scan(
        buffered,
        (xml, line, complete) -> {
          WindowsEventRecord record =
              complete
                  ? xmlReader.readEvent(xml, line, counting)
                  : xmlReader.readCutEvent(xml, line, counting);
          deliver(record, counting, handler);
        });
  }

  /**
   * Returns whether input whose first line is not JSON (a rotated file that starts mid-record,
   * a corrupt first line) continues as JSON lines: a later whole line in the head is a JSON
   * object, and the head holds no binary data.
   */
  private static boolean jsonAfterFirstLine(byte[] head) {
    for (byte b : head) {
      if (b >= 0 && b < 0x09) {
        return false; // binary data, reported as such by the text reader
      }
    }
    String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
    int newline = text.indexOf('\n');
    while (newline >= 0 && newline + 1 < text.length()) {
      int next = text.indexOf('\n', newline + 1);
      if (next < 0) {
        break; // the last line in the head may be cut; only whole lines count
      }
      String line = text.substring(newline + 1, next).strip();
      if (line.startsWith("{") && line.endsWith("}")) {
        return true;
      }
      newline = next;
    }
    return false;
  }

  /**
   * Hands a record read from XML to {@code handler} when its event ID is valid and the handler
   * accepts it. Does nothing for a null record, which the XML reader has already reported.
   */
  static void deliver(WindowsEventRecord record, ParseSink sink, RecordHandler handler) {
    if (record != null && record.parseEventId(sink) && handler.accept(record)) {
      handler.record(record);
    }
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

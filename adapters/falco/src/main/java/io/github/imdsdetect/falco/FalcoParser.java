package io.github.imdsdetect.falco;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Reads Falco's JSON alert output ({@code json_output: true}): one alert per line, as Falco
 * writes to standard output, a file or an HTTP endpoint, with {@code time}, {@code rule}, {@code
 * priority}, {@code output}, {@code hostname} and the rule's fields in {@code output_fields}.
 * {@link FalcoAlertMapper} lists the fields that are mapped.
 *
 * <p>Lines that are not JSON, such as the log messages that {@code kubectl logs} shows between
 * the alerts, are skipped with a reason, and the lines after them are read as usual. A JSON
 * array of alerts, or one pretty-printed alert, is read as a document. JSON objects that are not
 * alerts go to {@link ParseSink#ignored}.
 */
public final class FalcoParser implements EventParser {
  /** The kind passed to {@link ParseSink#ignored} for JSON objects that are not alerts. */
  static final String NOT_AN_ALERT_KIND = "JSON object that is not a Falco alert";

  private static final int HEAD_BYTES = 1 << 16;

  /** Creates a parser, which keeps no state between calls. */
  public FalcoParser() {}

  @Override
  public String format() {
    return "falco";
  }

  /**
   * Scores the head by its keys: 95 for {@code output_fields} with {@code priority} or {@code
   * rule}, 80 for {@code rule}, {@code priority} and {@code output} together, 0 otherwise.
   */
  @Override
  public int sniff(String head) {
    boolean rule = head.contains("\"rule\"");
    boolean priority = head.contains("\"priority\"");
    if (head.contains("\"output_fields\"") && (rule || priority)) {
      return 95;
    }
    return rule && priority && head.contains("\"output\"") ? 80 : 0;
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES);
    buffered.mark(HEAD_BYTES);
    byte[] head = buffered.readNBytes(HEAD_BYTES);
    buffered.reset();
    CountingSink counting = CountingSink.of(sink);
    JsonRecords records = new JsonRecords(Set.of(), limits);
    if (isDocument(head)) {
      return records.read(
          buffered, record -> deliver(record, record.line(), source, counting), counting);
    }
    return records.readLines(
        buffered, record -> deliver(record, record.line(), source, counting), counting);
  }

  /**
   * Returns whether the input starts like a JSON document rather than JSON lines: with {@code [}
   * or with a line that contains only {@code {}, as a pretty-printed object does.
   */
  static boolean isDocument(byte[] head) {
    int i = 0;
    while (i < head.length && isBlank(head[i])) {
      i++;
    }
    if (i == head.length) {
      return false;
    }
    if (head[i] == '[') {
      return true;
    }
    if (head[i] != '{') {
      return false;
    }
    int j = i + 1;
    while (j < head.length && head[j] != '\n' && isBlank(head[j])) {
      j++;
    }
    return j == head.length || head[j] == '\n';
  }

  private static boolean isBlank(byte b) {
    return b == ' '
        || b == '\t'
        || b == '\r'
        || b == '\n'
        || b == (byte) 0xEF
        || b == (byte) 0xBB
        || b == (byte) 0xBF;
  }

  private static void deliver(FlatRecord record, long line, String source, ParseSink sink) {
    if (!FalcoAlertMapper.isAlert(record)) {
      sink.ignored(line, NOT_AN_ALERT_KIND);
      return;
    }
    sink.event(FalcoAlertMapper.map(record, new EventOrigin(source, line)));
  }
}

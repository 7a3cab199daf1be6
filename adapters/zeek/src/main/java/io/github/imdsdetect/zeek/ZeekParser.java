package io.github.imdsdetect.zeek;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Zeek's {@code conn.log}, {@code dns.log} and {@code http.log}, in the ASCII writer's
 * tab-separated format ({@link ZeekTsvReader}) or as JSON lines ({@link ZeekJsonReader}).
 * Records of other Zeek logs go to {@link ParseSink#ignored}. {@link ZeekEventMapper} lists the
 * fields that are mapped. {@code uid}, {@code id.orig_h} and {@code user_agent} are not.
 *
 * <p>Zeek's btest baselines are read as well: their {@code ###} comment lines carry no record,
 * and their JSON lines, whose timestamps are masked as {@code XXXXXXXXXX.XXXXXX}, are not JSON
 * and are skipped with a reason that names the mask. In TSV a masked timestamp leaves the event
 * without a time.
 */
public final class ZeekParser implements EventParser {
  private static final int HEAD_BYTES = 1 << 16;

  /** Creates a parser, which keeps no state between calls. */
  public ZeekParser() {}

  @Override
  public String format() {
    return "zeek";
  }

  /**
   * Scores the head by its first line after any btest {@code ###} comment. The score is 100 for
   * {@code #separator}, 90 for another TSV header such as {@code #fields}, 95 for a JSON object
   * when the head has the keys {@code uid}, {@code id.orig_h} (or {@code id_orig_h}) and {@code
   * _path} (or {@code @stream}), 90 for such JSON without a path key, and 0 otherwise.
   */
  @Override
  public int sniff(String head) {
    String first = firstContentLine(head);
    if (first == null) {
      return 0;
    }
    if (first.startsWith("#separator")) {
      return 100;
    }
    if (first.startsWith("#fields")
        || first.startsWith("#path")
        || first.startsWith("#set_separator")) {
      return 90;
    }
    if (!first.startsWith("{")) {
      return 0;
    }
    boolean zeekIds =
        (head.contains("\"id.orig_h\"") || head.contains("\"id_orig_h\""))
            && head.contains("\"uid\"");
    if (!zeekIds) {
      return 0;
    }
    return head.contains("\"_path\"") || head.contains("\"@stream\"") ? 95 : 90;
  }

  /** Returns the first line that is not blank and not a btest {@code ###} comment, trimmed. */
  private static String firstContentLine(String head) {
    int start = 0;
    while (start < head.length()) {
      int end = head.indexOf('\n', start);
      if (end < 0) {
        end = head.length();
      }
      String line = head.substring(start, end).strip();
      if (!line.isEmpty() && !line.startsWith("###") && !line.equals("\uFEFF")) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
      }
      start = end + 1;
    }
    return null;
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, HEAD_BYTES);
    buffered.mark(HEAD_BYTES);
    byte[] head = buffered.readNBytes(HEAD_BYTES);
    buffered.reset();
    if (isJson(head)) {
      return new ZeekJsonReader(source, limits, sink).read(buffered);
    }
    return new ZeekTsvReader(source, limits, sink).read(buffered);
  }

  /**
   * Returns whether the head reads as JSON lines: some line starts with <code>{</code> and no line
   * starts with {@code #separator} or {@code #fields}. A TSV header anywhere in the head decides
   * for TSV, so stray lines before it do not change the format.
   */
  static boolean isJson(byte[] head) {
    boolean objectLine = false;
    int start = 0;
    while (start < head.length) {
      int end = start;
      while (end < head.length && head[end] != '\n') {
        end++;
      }
      int first = start;
      while (first < end && isBlank(head[first])) {
        first++;
      }
      if (startsWith(head, first, end, "#separator") || startsWith(head, first, end, "#fields")) {
        return false;
      }
      objectLine |= first < end && head[first] == '{';
      start = end + 1;
    }
    return objectLine;
  }

  private static boolean isBlank(byte b) {
    return b == ' '
        || b == '\t'
        || b == '\r'
        || b == (byte) 0xEF
        || b == (byte) 0xBB
        || b == (byte) 0xBF;
  }

  private static boolean startsWith(byte[] bytes, int from, int end, String prefix) {
    if (end - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes[from + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}

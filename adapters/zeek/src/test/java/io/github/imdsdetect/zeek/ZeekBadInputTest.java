package io.github.imdsdetect.zeek;

import static io.github.imdsdetect.zeek.RecordingSink.expect;
import static io.github.imdsdetect.zeek.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Feeds ZeekParser damaged and hostile input, which it must report and never throw on. */
class ZeekBadInputTest {
  private static final String CONN_HEADER =
      String.join(
          "\n",
          "#separator \\x09",
          "#set_separator\t,",
          "#empty_field\t(empty)",
          "#unset_field\t-",
          "#path\tconn",
          "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto",
          "#types\ttime\tstring\taddr\tport\taddr\tport\tenum",
          "");
  private static final String CONN_ROW =
      "1700000000.000001\tCx1\t10.0.0.5\t40000\t169.254.169.254\t80\ttcp";
  private static final String JSON_CONN =
      "{\"ts\":1700000000.5,\"uid\":\"Cx2\",\"id.orig_h\":\"10.0.0.5\",\"id.orig_p\":40001,"
          + "\"id.resp_h\":\"169.254.169.254\",\"id.resp_p\":80,\"proto\":\"tcp\","
          + "\"conn_state\":\"SF\"}";

  private static final ParseLimits SMALL_LINES = new ParseLimits(4096, 1024, 16, 64);

  private static RecordingSink parse(String text) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
  }

  private static RecordingSink parse(byte[] bytes, ParseLimits limits) throws IOException {
    RecordingSink sink = new RecordingSink();
    new ZeekParser().parse(new ByteArrayInputStream(bytes), "test.log", limits, sink);
    return sink;
  }

  private static void assertReason(RecordingSink.Notice notice, long line, String fragment) {
    assertEquals(line, notice.line(), "line of " + notice);
    assertTrue(notice.text().contains(fragment), "reason: " + notice.text());
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    RecordingSink sink = new RecordingSink();
    long lines =
        new ZeekParser()
            .parse(new ByteArrayInputStream(new byte[0]), "empty", ParseLimits.DEFAULTS, sink);

    assertEquals(0, lines);
    assertEquals(List.of(), sink.callbackLines);
  }

  @Test
  void wrongColumnCountIsSkipped() throws IOException {
    RecordingSink sink =
        parse(
            CONN_HEADER
                + "1700000000.000001\tCx1\t10.0.0.5\t40000\t169.254.169.254\t80\n"
                + "1700000000.000001\tCx1\t10.0.0.5\t40000\t169.254.169.254\t80\ttcp\textra\n"
                + CONN_ROW
                + "\n");

    assertEquals(2, sink.skipped.size());
    assertReason(
        sink.skipped.get(0),
        8,
        "expected 7 columns as the #fields header on line 6 names, found 6");
    assertReason(sink.skipped.get(1), 9, "found 8");
    assertEquals(List.of(10L), sink.eventLines());
    assertEquals("169.254.169.254", sink.events.get(0).destinationAddress().toString());
  }

  @Test
  void dataBeforeFieldsHeaderIsSkipped() throws IOException {
    RecordingSink sink = parse(CONN_ROW + "\n" + CONN_HEADER + CONN_ROW + "\n");

    assertEquals(1, sink.skipped.size());
    assertReason(sink.skipped.get(0), 1, "before any #fields header");
    assertEquals(List.of(9L), sink.eventLines());
  }

  @Test
  void secondHeaderBlockChangesColumnsAndPath() throws IOException {
    String dnsBlock =
        String.join(
            "\n",
            "#separator \\x09",
            "#set_separator\t|",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#path\tdns",
            "#fields\tquery\tid.resp_h\tanswers\tts",
            "a.test\t10.0.0.2\trebind.test|169.254.169.254\t1700000001.0",
            "#close\t2023-11-14-22-13-20",
            "");
    String sslBlock =
        "#separator \\x09\n#path\tssl\n#fields\tts\tid.resp_h\tserver_name\n"
            + "1700000002.0\t10.0.0.9\texample.com\n";

    RecordingSink sink = parse(CONN_HEADER + CONN_ROW + "\n" + dnsBlock + sslBlock);

    assertEquals(List.of(8L, 15L), sink.eventLines());
    assertEquals(
        expect(
            "@timestamp", "1700000001.0",
            "destination.address", "10.0.0.2",
            "dns.question.name", "a.test",
            "dns.answers", "rebind.test,169.254.169.254"),
        fields(sink.eventAt(15)),
        "the set separator '|' becomes a comma");
    assertEquals(1, sink.ignored.size());
    assertReason(sink.ignored.get(0), 20, LogType.OTHER_KIND);
  }

  @Test
  void tsvWithoutPathIsTypedByItsFields() throws IOException {
    String text =
        "#separator \\x09\n#fields\tts\tid.resp_h\tid.resp_p\tmethod\thost\turi\n"
            + "1700000000.1\t169.254.169.254\t80\tGET\t169.254.169.254\t/latest/meta-data/?a=1\n";

    RecordingSink sink = parse(text);

    assertEquals(
        expect(
            "@timestamp", "1700000000.1",
            "destination.address", "169.254.169.254",
            "destination.port", "80",
            "url.full", "http://169.254.169.254/latest/meta-data/?a=1",
            "url.domain", "169.254.169.254",
            "url.path", "/latest/meta-data/",
            "url.query", "a=1",
            "http.request.method", "GET"),
        fields(sink.eventAt(3)));
  }

  @Test
  void crlfLineEndingsAreAccepted() throws IOException {
    RecordingSink sink = parse((CONN_HEADER + CONN_ROW + "\n").replace("\n", "\r\n"));

    assertEquals(List.of(8L), sink.eventLines());
    assertEquals(
        expect(
            "@timestamp", "1700000000.000001",
            "destination.address", "169.254.169.254",
            "destination.port", "80"),
        fields(sink.events.get(0)));
  }

  @Test
  void byteOrderMarkBeforeHeaderIsAccepted() throws IOException {
    RecordingSink sink = parse("\uFEFF" + CONN_HEADER + CONN_ROW + "\n");

    assertEquals(List.of(8L), sink.eventLines());
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void invalidJsonLineIsSkipped() throws IOException {
    RecordingSink sink =
        parse(
            JSON_CONN
                + "\n{\"ts\":1700000000.6,\"uid\":\n"
                + "not json at all\n\n"
                + JSON_CONN
                + "\n");

    assertEquals(List.of(2L, 3L), sink.skippedLines());
    assertReason(sink.skipped.get(0), 2, "invalid JSON");
    assertEquals(List.of(1L, 5L), sink.eventLines());
  }

  @Test
  void maskedTimestampGetsItsOwnReason() throws IOException {
    String masked = JSON_CONN.replace("1700000000.5", "XXXXXXXXXX.XXXXXX");
    RecordingSink sink =
        parse("### BTest baseline data generated by btest-diff.\n" + masked + "\n" + JSON_CONN);

    assertEquals(List.of(2L), sink.skippedLines());
    assertReason(sink.skipped.get(0), 2, "timestamp masked as XXXXXXXXXX.XXXXXX");
    assertEquals(List.of(3L), sink.eventLines(), "the comment line is neither event nor skip");
    assertEquals(Map.of(LineUse.HEADER, 1L, LineUse.SKIPPED, 1L, LineUse.EVENT, 1L), sink.lines);
  }

  @Test
  void tsvHeaderLinesCountAsHeaders() throws IOException {
    RecordingSink sink = parse(CONN_HEADER + CONN_ROW + "\n\nnot\ta\trow\n#close\t2023\n");

    assertEquals(
        Map.of(LineUse.HEADER, 8L, LineUse.EVENT, 1L, LineUse.BLANK, 1L, LineUse.SKIPPED, 1L),
        sink.lines);
  }

  @Test
  void flattenedJsonTypedByFields() throws IOException {
    String http =
        "{\"ts\":1.5,\"uid\":\"C1\",\"id_orig_h\":\"10.0.0.5\",\"id_resp_h\":\"10.0.0.9\","
            + "\"id_resp_p\":8080,\"method\":\"GET\",\"host\":\"10.0.0.9:8080\","
            + "\"uri\":\"/a?b=c\"}";
    String ssl =
        "{\"_path\":\"ssl\",\"uid\":\"C2\",\"id.orig_h\":\"10.0.0.5\",\"id.resp_h\":\"10.0.0.9\"}";
    String unknown = "{\"uid\":\"C3\",\"id.orig_h\":\"10.0.0.5\",\"id.resp_h\":\"10.0.0.9\"}";

    RecordingSink sink = parse(http + "\n" + ssl + "\n" + unknown + "\n");

    assertEquals(
        expect(
            "@timestamp", "1.5",
            "destination.address", "10.0.0.9",
            "destination.port", "8080",
            "url.full", "http://10.0.0.9:8080/a?b=c",
            "url.domain", "10.0.0.9:8080",
            "url.path", "/a",
            "url.query", "b=c",
            "http.request.method", "GET"),
        fields(sink.eventAt(1)));
    assertEquals(2, sink.ignored.size());
    assertReason(sink.ignored.get(0), 2, LogType.OTHER_KIND);
    assertReason(sink.ignored.get(1), 3, LogType.OTHER_KIND);
  }

  @Test
  void binaryGarbageIsReportedNotThrown() throws IOException {
    byte[] garbage = new byte[8 * 1024];
    new Random(20261130L).nextBytes(garbage);
    String text = new String(garbage, StandardCharsets.ISO_8859_1);
    long garbageLines = text.chars().filter(c -> c == '\n').count() + 1;
    byte[] input =
        (text + "\n" + CONN_HEADER + CONN_ROW + "\n").getBytes(StandardCharsets.ISO_8859_1);

    RecordingSink sink = parse(input, ParseLimits.DEFAULTS);

    assertTrue(sink.skipped.size() > 0, "garbage lines are skipped");
    assertEquals(List.of(garbageLines + 8), sink.eventLines(), "the TSV block after the garbage");
  }

  @Test
  void garbageOnlyInputIsReportedNotThrown() throws IOException {
    byte[] garbage = new byte[256 * 1024];
    new Random(7L).nextBytes(garbage);
    long newlines = 0;
    for (byte b : garbage) {
      newlines += b == '\n' ? 1 : 0;
    }
    RecordingSink sink = new RecordingSink();

    long lines =
        new ZeekParser()
            .parse(new ByteArrayInputStream(garbage), "garbage", ParseLimits.DEFAULTS, sink);

    assertEquals(garbage[garbage.length - 1] == '\n' ? newlines : newlines + 1, lines);
    assertEquals(List.of(), sink.events);
    assertTrue(sink.skipped.size() > 0, "garbage lines are skipped");
  }

  @Test
  void hugeLineIsCutAndSkipped() throws IOException {
    long hugeLength = 10L * 1024 * 1024;
    InputStream in =
        new SequenceInputStream(
            new ByteArrayInputStream(CONN_HEADER.getBytes(StandardCharsets.UTF_8)),
            new SequenceInputStream(
                new RepeatedByteInputStream((byte) 'a', hugeLength),
                new ByteArrayInputStream(
                    ("\n" + CONN_ROW + "\n").getBytes(StandardCharsets.UTF_8))));
    RecordingSink sink = new RecordingSink();

    long lines = new ZeekParser().parse(in, "huge.log", SMALL_LINES, sink);

    assertEquals(9, lines);
    assertEquals(List.of(new RecordingSink.Notice(8, "line " + hugeLength)), sink.truncated);
    assertReason(sink.skipped.get(0), 8, "exceeds the limit of 4096 bytes");
    assertEquals(List.of(9L), sink.eventLines());
  }

  @Test
  void hugeJsonLineIsCutAndSkipped() throws IOException {
    long hugeLength = 10L * 1024 * 1024;
    InputStream in =
        new SequenceInputStream(
            new ByteArrayInputStream(
                (JSON_CONN + "\n{\"uri\":\"").getBytes(StandardCharsets.UTF_8)),
            new SequenceInputStream(
                new RepeatedByteInputStream((byte) 'a', hugeLength),
                new ByteArrayInputStream(
                    ("\"}\n" + JSON_CONN + "\n").getBytes(StandardCharsets.UTF_8))));
    RecordingSink sink = new RecordingSink();

    long lines = new ZeekParser().parse(in, "huge.json", SMALL_LINES, sink);

    assertEquals(3, lines);
    assertEquals(1, sink.truncated.size());
    assertEquals(2, sink.truncated.get(0).line());
    assertEquals(List.of(2L), sink.skippedLines());
    assertEquals(List.of(1L, 3L), sink.eventLines());
  }

  @Test
  void longFieldIsCutToFieldLimit() throws IOException {
    String longHost = "h".repeat(2000);
    String text =
        "#separator \\x09\n#path\thttp\n#fields\tid.resp_h\thost\turi\n"
            + "10.0.0.9\t"
            + longHost
            + "\t/x\n";

    RecordingSink sink = parse(text.getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    assertEquals(1024, sink.events.get(0).urlHost().length());
    assertEquals(List.of(new RecordingSink.Notice(4, "host 2000")), sink.truncated);
  }

  /** Produces one byte value a fixed number of times without holding them in memory. */
  static final class RepeatedByteInputStream extends InputStream {
    private final byte value;
    private long remaining;

    RepeatedByteInputStream(byte value, long count) {
      this.value = value;
      this.remaining = count;
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      remaining--;
      return value & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(length, remaining);
      java.util.Arrays.fill(buffer, offset, offset + n, value);
      remaining -= n;
      return n;
    }
  }
}

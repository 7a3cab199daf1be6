package io.github.imdsdetect.weblog;

import static io.github.imdsdetect.weblog.RecordingSink.expect;
import static io.github.imdsdetect.weblog.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks WebLogParser's mapping, decoding and handling of damaged input line by line. */
class WebLogParserTest {
  private static final String PREFIX = "203.0.113.45 - - [30/Nov/2026:09:14:02 +0000] \"";
  private static final String SUFFIX = "\" 200 311 \"-\" \"curl/8.5.0\"";
  private static final ParseLimits SMALL_LINES = new ParseLimits(4096, 256, 16, 64);

  private static RecordingSink parse(String text) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
  }

  private static RecordingSink parse(byte[] bytes, ParseLimits limits) throws IOException {
    RecordingSink sink = new RecordingSink();
    new WebLogParser().parse(new ByteArrayInputStream(bytes), "access.log", limits, sink);
    return sink;
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  private static void assertReason(RecordingSink.Notice notice, long line, String fragment) {
    assertEquals(line, notice.line(), "line of " + notice);
    assertTrue(notice.text().contains(fragment), "reason: " + notice.text());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // request line | expected url | expected path | expected query
        "GET /f?url=http%25253A%25252F%25252F169.254.169.254%25252F HTTP/1.1"
            + " | http://169.254.169.254/ | /f | url=http://169.254.169.254/",
        "GET /f?u=%68%74%74%70%3a%2f%2f169.254.169.254 HTTP/1.1"
            + " | http://169.254.169.254 | /f | u=http://169.254.169.254",
        "GET /f?a=1&b=2&next=//169.254.169.254/latest HTTP/1.1"
            + " | //169.254.169.254/latest | /f | a=1&b=2&next=//169.254.169.254/latest",
        "GET /f?url%3Dhttp%3A%2F%2F169.254.169.254%2F HTTP/1.1"
            + " | http://169.254.169.254/ | /f | url=http://169.254.169.254/",
        "GET /f?u=http%3A%2F%2Fa.test%2Fx%3Fy%3D1%26z%3D2&v=3 HTTP/1.1"
            + " | http://a.test/x?y=1&z=2 | /f | u=http://a.test/x?y=1&z=2&v=3",
        "GET /f?u=gopher://169.254.169.254:80/_GET HTTP/1.1"
            + " | gopher://169.254.169.254:80/_GET | /f | u=gopher://169.254.169.254:80/_GET",
        "GET /f?u=http://a.test/+b+ HTTP/1.1 | http://a.test/ b | /f | u=http://a.test/+b+",
        "GET /go/http%3A%2F%2F169.254.169.254%2Flatest?x=1 HTTP/1.1"
            + " | http://169.254.169.254/latest?x=1 | /go/http://169.254.169.254/latest | x=1",
        "GET /plain?q=169.254.169.254 HTTP/1.1"
            + " | /plain?q=169.254.169.254 | /plain | q=169.254.169.254",
      })
  void embeddedUrlsAreDecodedAndFound(String request, String url, String path, String query)
      throws IOException {
    RecordingSink sink = parse(PREFIX + request + SUFFIX);

    assertEquals(1, sink.events.size(), "skipped: " + sink.skipped);
    assertEquals(url, text(sink.events.get(0).url()), "url");
    assertEquals(path, text(sink.events.get(0).urlPath()), "path");
    assertEquals(query, text(sink.events.get(0).urlQuery()), "query");
  }

  @Test
  void absoluteAndConnectTargetsGiveHost() throws IOException {
    RecordingSink sink =
        parse(
            PREFIX
                + "GET http://user@169.254.169.254:80/latest/meta-data/ HTTP/1.1"
                + SUFFIX
                + "\n"
                + PREFIX
                + "CONNECT [fd00:ec2::254]:443 HTTP/1.1"
                + SUFFIX
                + "\n"
                + PREFIX
                + "OPTIONS * HTTP/1.1"
                + SUFFIX
                + "\n"
                + PREFIX
                + "GET /old HTTP"
                + SUFFIX
                + "\n");

    assertEquals(
        expect(
            "@timestamp", "30/Nov/2026:09:14:02 +0000",
            "url.full", "http://user@169.254.169.254:80/latest/meta-data/",
            "url.domain", "169.254.169.254",
            "url.path", "/latest/meta-data/",
            "http.request.method", "GET"),
        fields(sink.eventAt(1)));
    assertEquals(
        expect(
            "@timestamp", "30/Nov/2026:09:14:02 +0000",
            "url.full", "[fd00:ec2::254]:443",
            "url.domain", "[fd00:ec2::254]",
            "http.request.method", "CONNECT"),
        fields(sink.eventAt(2)));
    assertEquals("*", text(sink.eventAt(3).urlPath()));
    assertNull(sink.eventAt(3).urlHost());
    assertEquals("/old HTTP", text(sink.eventAt(4).urlPath()), "a target with a space is kept");
  }

  @Test
  void logEscapesInRequestAreDecoded() throws IOException {
    RecordingSink sink =
        parse(PREFIX + "GET /a\\\"b/\\xC3\\xA9?u=\\x68ttp://169.254.169.254/ HTTP/1.1" + SUFFIX);

    assertEquals("/a\"b/\u00e9", text(sink.events.get(0).urlPath()));
    assertEquals("http://169.254.169.254/", text(sink.events.get(0).url()));
  }

  @Test
  void commonLogFormatAndHttp09AreRead() throws IOException {
    RecordingSink sink =
        parse(
            "10.0.0.7 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200"
                + " 2326\n"
                + "10.0.0.7 - - [10/Oct/2000:13:55:37 -0700] \"GET /index\" 200 -\n");

    assertEquals(List.of(1L, 2L), sink.eventLines());
    assertEquals("/apache_pb.gif", text(sink.eventAt(1).urlPath()));
    assertEquals("/index", text(sink.eventAt(2).urlPath()));
  }

  @Test
  void malformedLinesAreSkippedWithReasons() throws IOException {
    String valid = PREFIX + "GET / HTTP/1.1" + SUFFIX;
    RecordingSink sink =
        parse(
            String.join(
                "\n",
                "just some text",
                "10.0.0.7 - - [30/Nov/2026:09:14:02 +0000] GET / HTTP/1.1 200 12",
                "10.0.0.7 - - [30/Nov/2026:09:14:02 +0000] \"GET / HTTP/1.1\" OK 12",
                "10.0.0.7 - - [30/Nov/2026:09:14:02 +0000] \"GET / HTTP/1.1\" 200 twelve",
                "10.0.0.7 - - [30/Nov/2026:09:14:02 +0000] \"GET / HTTP/1.1",
                "10.0.0.7 - - [30/Nov/2026:09:14:02 +0000",
                "10.0.0.7 - - [30/Nov/2026:09:14:02 +0000] \"GET / HTTP/1.1\"",
                "",
                valid,
                "10.0.0.7 - - [30/Nov/2026:09:14:02 +0000] \"\\x16\\x03\\x01\" 400 226 \"-\""
                    + " \"-\""));

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), sink.skippedLines());
    assertReason(sink.skipped.get(0), 1, "expected a [time] field");
    assertReason(sink.skipped.get(1), 2, "expected a quoted request after [time]");
    assertReason(sink.skipped.get(2), 3, "expected a 3-digit status");
    assertReason(sink.skipped.get(3), 4, "expected a response size");
    assertReason(sink.skipped.get(4), 5, "has no closing quote");
    assertReason(sink.skipped.get(5), 6, "has no closing bracket");
    assertReason(sink.skipped.get(6), 7, "ends before the request, status and size");
    assertEquals(List.of(9L), sink.eventLines());
    assertEquals(List.of(new RecordingSink.Notice(10, WebLogParser.NO_REQUEST_KIND)), sink.ignored);
  }

  @Test
  void albEntryWithoutRequestIsIgnored() throws IOException {
    String line =
        "http 2026-11-30T09:15:00.000000Z app/shop-alb/50dc6c495c0c9188 198.51.100.7:40000 - -1 -1"
            + " -1 400 - 0 272 \"- http://shop.example.com:80- -\" \"-\" - - - \"-\" \"-\" \"-\" -"
            + " 2026-11-30T09:14:59.990000Z \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" -";

    RecordingSink sink = parse(line);

    assertEquals(List.of(new RecordingSink.Notice(1, WebLogParser.NO_REQUEST_KIND)), sink.ignored);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void classicLoadBalancerEntryIsRead() throws IOException {
    String line =
        "2026-11-30T09:14:05.123456Z shop-elb 203.0.113.45:51234 10.0.1.57:8000 0.000041 0.045"
            + " 0.00002 200 200 0 1388 \"GET https://shop.example.com:443/f?url=http://169.254.169"
            + ".254/ HTTP/1.1\" \"curl/8.5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2";

    RecordingSink sink = parse(line);

    assertEquals(
        expect(
            "@timestamp", "2026-11-30T09:14:05.123456Z",
            "url.full", "http://169.254.169.254/",
            "url.domain", "shop.example.com",
            "url.path", "/f",
            "url.query", "url=http://169.254.169.254/",
            "http.request.method", "GET"),
        fields(sink.eventAt(1)));
    assertEquals(90, new WebLogParser().sniff(line));
  }

  @Test
  void byteOrderMarkBeforeAlbEntryIsAccepted() throws IOException {
    String line =
        "\uFEFFhttp 2026-11-30T09:14:31.730215Z app/shop-alb/50dc6c495c0c9188 198.51.100.20:40112"
            + " 10.0.1.58:8000 0.000 0.012 0.000 200 200 296 5621"
            + " \"GET http://shop.example.com:80/products?id=42 HTTP/1.1\" \"curl/8.5.0\" - -";

    RecordingSink sink = parse(line);

    assertEquals(List.of(1L), sink.eventLines());
    assertEquals("shop.example.com", text(sink.events.get(0).urlHost()));
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    RecordingSink sink = new RecordingSink();

    long lines =
        new WebLogParser()
            .parse(new ByteArrayInputStream(new byte[0]), "empty", ParseLimits.DEFAULTS, sink);

    assertEquals(0, lines);
    assertEquals(List.of(), sink.callbackLines);
  }

  @Test
  void binaryGarbageIsReportedNotThrown() throws IOException {
    byte[] garbage = new byte[64 * 1024];
    new Random(20261130L).nextBytes(garbage);
    byte[] valid =
        ("\n" + PREFIX + "GET / HTTP/1.1" + SUFFIX + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] input = Arrays.copyOf(garbage, garbage.length + valid.length);
    System.arraycopy(valid, 0, input, garbage.length, valid.length);
    long garbageLines = 1;
    for (byte b : garbage) {
      garbageLines += b == '\n' ? 1 : 0;
    }

    RecordingSink sink = parse(input, ParseLimits.DEFAULTS);

    assertTrue(sink.skipped.size() > 0, "garbage lines are skipped");
    assertEquals(List.of(garbageLines + 1), sink.eventLines());
  }

  @Test
  void hugeLineIsCutAndSkipped() throws IOException {
    long hugeLength = 10L * 1024 * 1024;
    byte[] before =
        (PREFIX + "GET / HTTP/1.1" + SUFFIX + "\n" + PREFIX + "GET /?q=")
            .getBytes(StandardCharsets.UTF_8);
    byte[] after =
        (SUFFIX + "\n" + PREFIX + "GET /last HTTP/1.1" + SUFFIX + "\n")
            .getBytes(StandardCharsets.UTF_8);
    InputStream in =
        new SequenceInputStream(
            new ByteArrayInputStream(before),
            new SequenceInputStream(
                new RepeatedByteInputStream((byte) 'a', hugeLength),
                new ByteArrayInputStream(after)));
    RecordingSink sink = new RecordingSink();

    long lines = new WebLogParser().parse(in, "huge.log", SMALL_LINES, sink);

    long secondLineLength = PREFIX.length() + "GET /?q=".length() + hugeLength + SUFFIX.length();
    assertEquals(3, lines);
    assertEquals(List.of(new RecordingSink.Notice(2, "line " + secondLineLength)), sink.truncated);
    assertReason(sink.skipped.get(0), 2, "exceeds the limit of 4096 bytes");
    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals("/last", text(sink.eventAt(3).urlPath()));
  }

  @Test
  void longFieldIsCutToFieldLimit() throws IOException {
    String longPath = "/" + "p".repeat(1000);

    RecordingSink sink =
        parse(
            (PREFIX + "GET " + longPath + " HTTP/1.1" + SUFFIX).getBytes(StandardCharsets.UTF_8),
            SMALL_LINES);

    assertEquals(256, sink.events.get(0).urlPath().length());
    assertEquals(256, sink.events.get(0).url().length());
    assertEquals(
        List.of(
            new RecordingSink.Notice(1, "url.path 1001"),
            new RecordingSink.Notice(1, "url.full 1001")),
        sink.truncated);
  }

  @Test
  void sniffRejectsOtherFormats() {
    WebLogParser parser = new WebLogParser();

    assertEquals(0, parser.sniff(""));
    assertEquals(0, parser.sniff("{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}\n"));
    assertEquals(0, parser.sniff("#separator \\x09\n#fields\tts\n"));
    assertEquals(0, parser.sniff("type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e\n"));
    assertEquals(
        80, parser.sniff("10.0.0.7 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326"));
  }

  @Test
  void sniffReadsLongQuotedFields() {
    String longRequest = "GET /?q=" + "a".repeat(60_000) + " HTTP/1.1";
    String combined = PREFIX + longRequest + SUFFIX;

    assertEquals(0, new WebLogParser().sniff(combined), "a line cut at the sniff limit fails");
    assertEquals(90, new WebLogParser().sniff(PREFIX + "GET /?q=" + "a".repeat(8_000) + SUFFIX));
  }

  @Test
  void serviceLoaderFindsParser() {
    boolean found = false;
    for (EventParser parser : ServiceLoader.load(EventParser.class)) {
      found |= parser instanceof WebLogParser && parser.format().equals("weblog");
    }
    assertTrue(found, "META-INF/services registers WebLogParser");
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
      Arrays.fill(buffer, offset, offset + n, value);
      remaining -= n;
      return n;
    }
  }
}

package io.github.imdsdetect.falco;

import static io.github.imdsdetect.falco.RecordingSink.expect;
import static io.github.imdsdetect.falco.RecordingSink.fields;
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

/** Checks FalcoParser's mapping and its handling of damaged input line by line. */
class FalcoParserTest {
  private static final String ALERT =
      "{\"hostname\":\"node-1\",\"output\":\"x\",\"output_fields\":{\"fd.name\":"
          + "\"10.0.0.5:41234->169.254.169.254:80\",\"proc.name\":\"curl\"},"
          + "\"priority\":\"Notice\",\"rule\":\"r\",\"time\":\"2026-11-30T09:14:02.000000000Z\"}";
  private static final ParseLimits SMALL_LINES = new ParseLimits(4096, 256, 16, 64);

  private static RecordingSink parse(String text) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
  }

  private static RecordingSink parse(byte[] bytes, ParseLimits limits) throws IOException {
    RecordingSink sink = new RecordingSink();
    new FalcoParser().parse(new ByteArrayInputStream(bytes), "falco.json", limits, sink);
    return sink;
  }

  private static String alertWith(String outputFields) {
    return "{\"hostname\":\"node-1\",\"output\":\"x\",\"output_fields\":{"
        + outputFields
        + "},\"priority\":\"Notice\",\"rule\":\"r\",\"time\":\"t\"}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // fd.name | fd.type | expected address | expected port
        "10.0.0.5:41234->169.254.169.254:80 | ipv4 | 169.254.169.254 | 80",
        "fd00:ec2::1:41234->fd00:ec2::254:80 | ipv6 | fd00:ec2::254 | 80",
        "[fd00:ec2::1]:41234->[fd00:ec2::254]:80 | | fd00:ec2::254 | 80",
        "/etc/shadow | file | | -1",
        "ffff8e5b1c3ac000->ffff8e5b1c3ac400 /run/containerd.sock | unix | | -1",
        "10.0.0.5:41234->169.254.169.254:http | ipv4 | | -1",
        "10.0.0.5:41234->host.test:80 | ipv4 | | -1",
      })
  void serverEndIsReadFromFdName(String fdName, String fdType, String address, int port)
      throws IOException {
    String typeField = fdType == null ? "" : ",\"fd.type\":\"" + fdType + "\"";
    RecordingSink sink = parse(alertWith("\"fd.name\":\"" + fdName + "\"" + typeField));

    assertEquals(address, text(sink.events.get(0).destinationAddress()), "address");
    assertEquals(port, sink.events.get(0).destinationPort(), "port");
  }

  @Test
  void serverFieldsWinOverFdName() throws IOException {
    RecordingSink sink =
        parse(
            alertWith(
                "\"fd.sip\":\"169.254.169.254\",\"fd.sport\":80,"
                    + "\"fd.name\":\"10.0.0.5:41234->10.9.9.9:8080\""));

    assertEquals("169.254.169.254", text(sink.events.get(0).destinationAddress()));
    assertEquals(80, sink.events.get(0).destinationPort());
  }

  @Test
  void missingValuesAndFallbacksAreHandled() throws IOException {
    String alert =
        "{\"output\":\"x\",\"output_fields\":{\"evt.hostname\":\"node-2\",\"evt.time.iso8601\":"
            + "1470327477881781397,\"user.name\":\"<NA>\",\"proc.name\":null,\"proc.pexepath\":"
            + "\"/usr/bin/bash\",\"proc.pname\":\"bash\",\"proc.cmdline\":\"\"},\"priority\":"
            + "\"Warning\",\"rule\":\"r\"}";

    RecordingSink sink = parse(alert);

    assertEquals(
        expect(
            "@timestamp", "1470327477881781397",
            "host.name", "node-2",
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"),
        fields(sink.events.get(0)));
  }

  @Test
  void nonAlertObjectsAreIgnored() throws IOException {
    RecordingSink sink = parse("{\"msg\":\"hello\"}\n{\"rule\":\"r\"}\n" + ALERT + "\n");

    assertEquals(
        List.of(
            new RecordingSink.Notice(1, FalcoParser.NOT_AN_ALERT_KIND),
            new RecordingSink.Notice(2, FalcoParser.NOT_AN_ALERT_KIND)),
        sink.ignored);
    assertEquals(List.of(3L), sink.eventLines());
  }

  @Test
  void invalidJsonLineIsSkipped() throws IOException {
    RecordingSink sink =
        parse(ALERT + "\n{\"rule\":\"r\",\"priority\":\n[1,2]\nplain text\n\n" + ALERT + "\n");

    assertEquals(List.of(2L, 3L, 4L), sink.skippedLines());
    assertTrue(sink.skipped.get(0).text().startsWith("invalid JSON"), sink.skipped.get(0).text());
    assertTrue(
        sink.skipped.get(1).text().startsWith("not a JSON object"), sink.skipped.get(1).text());
    assertEquals(List.of(1L, 6L), sink.eventLines());
  }

  @Test
  void brokenFirstLineKeepsReading() throws IOException {
    RecordingSink sink = parse("{\"truncated alert\n" + ALERT + "\n");

    assertEquals(List.of(1L), sink.skippedLines());
    assertEquals(List.of(2L), sink.eventLines());
  }

  @Test
  void arrayAndPrettyPrintedDocumentsAreRead() throws IOException {
    RecordingSink array = parse("[\n" + ALERT + ",\n" + ALERT + "\n]\n");
    RecordingSink pretty =
        parse(
            "{\n  \"rule\": \"r\",\n  \"priority\": \"Notice\",\n  \"output_fields\": {\n"
                + "    \"proc.name\": \"curl\"\n  }\n}\n");

    assertEquals(List.of(2L, 3L), array.eventLines());
    assertEquals(List.of(1L), pretty.eventLines());
    assertEquals("curl", text(pretty.events.get(0).processName()));
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    RecordingSink sink = new RecordingSink();

    long lines =
        new FalcoParser()
            .parse(new ByteArrayInputStream(new byte[0]), "empty", ParseLimits.DEFAULTS, sink);

    assertEquals(0, lines);
    assertEquals(List.of(), sink.callbackLines);
  }

  @Test
  void binaryGarbageIsReportedNotThrown() throws IOException {
    byte[] garbage = new byte[64 * 1024];
    new Random(20261130L).nextBytes(garbage);
    byte[] valid = ("\n" + ALERT + "\n").getBytes(StandardCharsets.UTF_8);
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
    byte[] before = (ALERT + "\n{\"rule\":\"r\",\"output\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] after = ("\"}\n" + ALERT + "\n").getBytes(StandardCharsets.UTF_8);
    InputStream in =
        new SequenceInputStream(
            new ByteArrayInputStream(before),
            new SequenceInputStream(
                new RepeatedByteInputStream((byte) 'a', hugeLength),
                new ByteArrayInputStream(after)));
    RecordingSink sink = new RecordingSink();

    long lines = new FalcoParser().parse(in, "huge.json", SMALL_LINES, sink);

    assertEquals(3, lines);
    assertEquals(1, sink.truncated.size());
    assertEquals(2, sink.truncated.get(0).line());
    assertEquals(List.of(2L), sink.skippedLines());
    assertTrue(sink.skipped.get(0).text().contains("exceeds the limit of 4096 bytes"));
    assertEquals(List.of(1L, 3L), sink.eventLines());
  }

  @Test
  void sniffScoresFalcoAndRejectsOthers() {
    FalcoParser parser = new FalcoParser();

    assertEquals(95, parser.sniff(ALERT));
    assertEquals(80, parser.sniff("{\"output\":\"x\",\"priority\":\"Notice\",\"rule\":\"r\"}"));
    assertEquals(0, parser.sniff(""));
    assertEquals(0, parser.sniff("{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}"));
    assertEquals(0, parser.sniff("{\"@timestamp\":\"x\",\"process\":{\"name\":\"curl\"}}"));
  }

  @Test
  void serviceLoaderFindsParser() {
    boolean found = false;
    for (EventParser parser : ServiceLoader.load(EventParser.class)) {
      found |= parser instanceof FalcoParser && parser.format().equals("falco");
    }
    assertTrue(found, "META-INF/services registers FalcoParser");
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  @Test
  void unavailableFieldsStayAbsent() throws IOException {
    RecordingSink sink = parse(alertWith("\"fd.sip\":\"<NA>\",\"user.name\":\"<NA>\""));

    assertNull(sink.events.get(0).destinationAddress());
    assertNull(sink.events.get(0).user());
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

package io.github.imdsdetect.qradar;

import static io.github.imdsdetect.qradar.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Column matching, absent values and malformed input for QradarJsonParser. */
class QradarJsonParserTest {
  private static final String CURL_ROW =
      "{\"EventTime\":\"2026-11-30 09:14:02\",\"destinationip\":\"10.0.1.23\","
          + "\"processname\":\"curl\","
          + "\"CommandLine\":\"curl http://169.254.169.254/latest/meta-data/\"}";

  private final QradarJsonParser parser = new QradarJsonParser();

  private RecordingSink parse(String text) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
  }

  private RecordingSink parse(byte[] bytes, ParseLimits limits) throws IOException {
    RecordingSink sink = new RecordingSink();
    parser.parse(new ByteArrayInputStream(bytes), "results.json", limits, sink);
    return sink;
  }

  @Test
  void serviceLoaderFindsBothParsers() {
    List<String> formats = new ArrayList<>();
    for (EventParser found : ServiceLoader.load(EventParser.class)) {
      formats.add(found.format());
    }
    assertEquals(List.of("qradar-json", "qradar-csv"), formats);
  }

  @Test
  void emptyAndNullColumnsAreAbsent() throws IOException {
    RecordingSink sink =
        parse(
            "{\"events\":[{\"EventTime\":\"2026-11-30 09:44:30\","
                + "\"destinationip\":\"169.254.169.254\",\"processname\":null,"
                + "\"CommandLine\":\"\",\"username\":\"N/A\"}]}\n");

    SimpleEvent event = sink.events.get(0);
    assertNull(event.processName());
    assertNull(event.commandLine());
    assertEquals("N/A", event.user());
    assertEquals("169.254.169.254", event.destinationAddress());
  }

  @Test
  void columnNamesMatchWithoutCase() throws IOException {
    RecordingSink sink =
        parse(
            "{\"events\":[{\"starttime\":1764494042311,\"Destination IP\":\"169.254.169.254\","
                + "\"Destination Port\":80,\"PROCESSNAME\":\"curl\","
                + "\"Process Path\":\"/usr/bin/curl\","
                + "\"Command\":\"curl http://169.254.169.254/\",\"Username\":\"root\"}]}\n");

    assertEquals(
        Map.of(
            "@timestamp", "1764494042311",
            "destination.address", "169.254.169.254",
            "destination.port", "80",
            "process.name", "curl",
            "process.executable", "/usr/bin/curl",
            "process.command_line", "curl http://169.254.169.254/",
            "user.name", "root"),
        fields(sink.events.get(0)));
  }

  @Test
  void emptyPreferredColumnFallsBackToNext() throws IOException {
    RecordingSink sink =
        parse("{\"events\":[{\"EventTime\":\"\",\"starttime\":1764494042311,\"magnitude\":5}]}\n");

    assertEquals("1764494042311", sink.events.get(0).time());
  }

  @Test
  void hostComesOnlyFromHostColumns() throws IOException {
    RecordingSink sink =
        parse(
            "{\"events\":["
                + "{\"processname\":\"curl\",\"LogSource\":\"Linux OS @ ip-10-0-1-23\"},"
                + "{\"processname\":\"curl\",\"Log Source Identifier\":\"ip-10-0-1-23\"},"
                + "{\"processname\":\"curl\",\"hostname\":\"web-1\"}]}\n");

    assertNull(sink.events.get(0).host());
    assertEquals("ip-10-0-1-23", sink.events.get(1).host());
    assertEquals("web-1", sink.events.get(2).host());
  }

  @Test
  void eventsUnderAnyWrapperKeyAreFound() throws IOException {
    RecordingSink sink =
        parse(
            "{\n  \"search\": {\"status\": \"COMPLETED\"},\n  \"result\": {\n    \"events\": [\n"
                + "      " + CURL_ROW + ",\n      " + CURL_ROW + "\n    ]\n  }\n}\n");

    assertEquals(List.of(5L, 6L), sink.eventLines());
    assertEquals("curl", sink.events.get(0).processName());
    assertEquals(
        List.of(new RecordingSink.Notice(1, "object without QRadar event columns")),
        sink.ignored);
  }

  @Test
  void severalCompactResponsesOnSeparateLines() throws IOException {
    String response = "{\"events\":[" + CURL_ROW + "," + CURL_ROW + "]}";
    RecordingSink sink = parse(response + "\n" + response + "\n");

    assertEquals(List.of(1L, 1L, 2L, 2L), sink.eventLines());
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void bareRowObjectsAreRead() throws IOException {
    RecordingSink sink = parse("[" + CURL_ROW + ",\n{\"MY Source IPs\":\"8.8.8.8\"}]\n");

    assertEquals(List.of(1L, 2L), sink.eventLines());
    assertEquals("curl", sink.events.get(0).processName());
    assertEquals(Map.of(), fields(sink.events.get(1)));
  }

  @Test
  void invalidJsonLineSkipped() throws IOException {
    RecordingSink sink =
        parse(CURL_ROW + "\n{\"processname\": \"curl\", \n" + CURL_ROW + "\n");

    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(List.of(2L), sink.skippedLines());
    assertTrue(sink.skipped.get(0).text().startsWith("invalid JSON"), sink.skipped.toString());
  }

  @Test
  void binaryGarbageInputNeverThrows() throws IOException {
    Random random = new Random(1552005);
    for (int round = 0; round < 200; round++) {
      byte[] garbage = new byte[random.nextInt(4096)];
      random.nextBytes(garbage);
      if (round % 2 == 0 && garbage.length > 0) {
        garbage[0] = (byte) (round % 4 == 0 ? '{' : '[');
      }
      RecordingSink sink = new RecordingSink();
      long lines =
          parser.parse(new ByteArrayInputStream(garbage), "garbage", ParseLimits.DEFAULTS, sink);

      for (long line : sink.skippedLines()) {
        assertTrue(line >= 1, "line " + line);
        assertTrue(line <= Math.max(1, lines), "line " + line + " of " + lines);
      }
    }
  }

  @Test
  void tenMegabyteLineSkipped() throws IOException {
    ParseLimits limits = new ParseLimits(4096, 1 << 16, 16, 4096);
    byte[] huge = new byte[10 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'a');
    byte[] prefix = "{\"CommandLine\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, huge, 0, prefix.length);
    huge[huge.length - 2] = '"';
    huge[huge.length - 1] = '}';
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write((CURL_ROW + "\n").getBytes(StandardCharsets.UTF_8));
    input.write(huge);
    input.write(("\n" + CURL_ROW + "\n").getBytes(StandardCharsets.UTF_8));
    RecordingSink sink = parse(input.toByteArray(), limits);

    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(List.of(2L), sink.skippedLines());
    assertEquals(List.of(new RecordingSink.Notice(2, "line " + huge.length)), sink.truncated);
  }

  @Test
  void sniffScoresShapes() {
    assertEquals(90, parser.sniff("{\"events\":[" + CURL_ROW + "]}"));
    assertEquals(75, parser.sniff("{\"events\":[{\"magnitude\":3,\"x\":1}]}"));
    assertEquals(50, parser.sniff("{\"events\":[{\"MY Source IPs\":\"8.8.8.8\"}]}"));
    assertEquals(40, parser.sniff(CURL_ROW + "\n"));
    assertEquals(0, parser.sniff("EventTime,sourceip,destinationip\n"));
    assertEquals(0, parser.sniff("{\"@timestamp\":\"t\",\"process\":{\"name\":\"curl\"}}"));
  }
}

package io.github.imdsdetect.ocsf;

import static io.github.imdsdetect.ocsf.RecordingSink.expect;
import static io.github.imdsdetect.ocsf.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Tests OcsfParser on input shapes, class selection, attribute types and malformed input. */
class OcsfParserTest {
  private static final String CURL = "curl http://169.254.169.254/latest/meta-data/";

  /** A Process Activity event written with nested objects. */
  private static final String PROCESS_NESTED =
      "{\"class_uid\":1007,\"activity_id\":1,\"time\":1796030042311,"
          + "\"device\":{\"hostname\":\"h1\"},"
          + "\"process\":{\"cmd_line\":\"" + CURL + "\",\"file\":{\"path\":\"/usr/bin/curl\","
          + "\"name\":\"curl\"},\"user\":{\"name\":\"u1\"}},"
          + "\"actor\":{\"process\":{\"file\":{\"path\":\"/usr/bin/bash\",\"name\":\"bash\"}}}}";

  /** The same event written with dotted keys. */
  private static final String PROCESS_DOTTED =
      "{\"class_uid\":\"1007\",\"activity_id\":\"1\",\"time\":\"1796030042311\","
          + "\"device.hostname\":\"h1\",\"process.cmd_line\":\"" + CURL + "\","
          + "\"process.file.path\":\"/usr/bin/curl\",\"process.file.name\":\"curl\","
          + "\"process.user.name\":\"u1\",\"actor.process.file.path\":\"/usr/bin/bash\","
          + "\"actor.process.file.name\":\"bash\"}";

  private static final Map<String, String> PROCESS_FIELDS =
      expect(
          "@timestamp", "2026-11-30T09:14:02.311Z",
          "host.name", "h1",
          "user.name", "u1",
          "process.name", "curl",
          "process.executable", "/usr/bin/curl",
          "process.command_line", CURL,
          "process.parent.name", "bash",
          "process.parent.executable", "/usr/bin/bash");

  private final OcsfParser parser = new OcsfParser();

  private RecordingSink parse(String input) throws IOException {
    return parse(input.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
  }

  private RecordingSink parse(byte[] input, ParseLimits limits) throws IOException {
    RecordingSink sink = new RecordingSink();
    parser.parse(new ByteArrayInputStream(input), "test.json", limits, sink);
    return sink;
  }

  /** Parses one HTTP Activity event whose {@code http_request} object is {@code request}. */
  private Map<String, String> httpFields(String request) throws IOException {
    RecordingSink sink = parse("{\"class_uid\":4002,\"http_request\":" + request + "}\n");
    assertEquals(1, sink.events.size(), sink.skipped + " " + sink.ignored);
    return fields(sink.events.get(0));
  }

  @Test
  void serviceLoaderFindsParser() {
    List<String> formats = new ArrayList<>();
    for (EventParser found : ServiceLoader.load(EventParser.class)) {
      formats.add(found.format());
    }

    assertTrue(formats.contains("ocsf"), formats.toString());
  }

  @Test
  void nestedAndDottedKeysGiveEqualEvents() throws IOException {
    RecordingSink sink = parse(PROCESS_NESTED + "\n" + PROCESS_DOTTED + "\n");

    assertEquals(List.of(1L, 2L), sink.eventLines());
    assertEquals(PROCESS_FIELDS, fields(sink.events.get(0)));
    assertEquals(PROCESS_FIELDS, fields(sink.events.get(1)));
    assertEquals("test.json", sink.events.get(0).origin().source());
  }

  @Test
  void jsonArrayGivesEventPerElement() throws IOException {
    RecordingSink sink = parse("[\n  " + PROCESS_NESTED + ",\n  " + PROCESS_DOTTED + "\n]\n");

    assertEquals(List.of(2L, 3L), sink.eventLines());
    assertEquals(PROCESS_FIELDS, fields(sink.events.get(1)));
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void prettyEventStartsAtFirstLine() throws IOException {
    String pretty =
        "\n\n{\n  \"class_uid\": 4003,\n  \"query\": {\n    \"hostname\": \"a.b\"\n  }\n}\n";
    RecordingSink sink = parse(pretty);

    assertEquals(List.of(3L), sink.eventLines());
    assertEquals(expect("dns.question.name", "a.b"), fields(sink.events.get(0)));
  }

  @Test
  void classDerivedFromTypeUid() throws IOException {
    RecordingSink sink =
        parse("{\"type_uid\":400101,\"dst_endpoint\":{\"ip\":\"169.254.169.254\",\"port\":80}}\n");

    assertEquals(
        expect("destination.address", "169.254.169.254", "destination.port", "80"),
        fields(sink.events.get(0)));
  }

  @Test
  void classInferredFromCategoryObjects() throws IOException {
    String input =
        "{\"category_uid\":1,\"process\":{\"cmd_line\":\"c1\"}}\n"
            + "{\"category_uid\":4,\"query\":{\"hostname\":\"q\"},"
            + "\"dst_endpoint\":{\"ip\":\"1.1.1.1\"}}\n"
            + "{\"category_uid\":4,\"http_request\":{\"http_method\":\"GET\"},"
            + "\"dst_endpoint\":{\"ip\":\"2.2.2.2\"}}\n"
            + "{\"category_uid\":4,\"dst_endpoint\":{\"ip\":\"3.3.3.3\"}}\n"
            + "{\"category_uid\":4,\"src_endpoint\":{\"ip\":\"4.4.4.4\"}}\n"
            + "{\"category_uid\":2,\"finding_info\":{\"uid\":\"f\"}}\n";
    RecordingSink sink = parse(input);

    assertEquals(List.of(1L, 2L, 3L, 4L), sink.eventLines());
    assertEquals(expect("process.command_line", "c1"), fields(sink.events.get(0)));
    assertEquals(expect("dns.question.name", "q"), fields(sink.events.get(1)));
    assertEquals(
        expect("destination.address", "2.2.2.2", "http.request.method", "GET"),
        fields(sink.events.get(2)));
    assertEquals(expect("destination.address", "3.3.3.3"), fields(sink.events.get(3)));
    assertEquals(
        List.of(
            new RecordingSink.Notice(5, OcsfParser.UNCLASSIFIED_KIND),
            new RecordingSink.Notice(6, OcsfParser.UNCLASSIFIED_KIND)),
        sink.ignored);
  }

  @Test
  void classUidWinsOverTypeUid() throws IOException {
    RecordingSink sink =
        parse("{\"class_uid\":4003,\"type_uid\":100701,\"query\":{\"hostname\":\"q\"}}\n");

    assertEquals(expect("dns.question.name", "q"), fields(sink.events.get(0)));
  }

  @Test
  void otherClassesIgnored() throws IOException {
    String input =
        "{\"class_uid\":3002,\"user\":{\"name\":\"u\"}}\n"
            + "{\"class_uid\":6003,\"api\":{\"operation\":\"GetObject\"}}\n"
            + "{\"type_uid\":200401}\n"
            + "{\"message\":\"no OCSF ids\"}\n"
            + "{}\n";
    RecordingSink sink = parse(input);

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(
            new RecordingSink.Notice(1, "OCSF class 3002"),
            new RecordingSink.Notice(2, "OCSF class 6003"),
            new RecordingSink.Notice(3, "OCSF class 2004"),
            new RecordingSink.Notice(4, OcsfParser.NOT_OCSF_KIND),
            new RecordingSink.Notice(5, OcsfParser.NOT_OCSF_KIND)),
        sink.ignored);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void invalidIdsSkipped() throws IOException {
    String input =
        "{\"class_uid\":\"process\",\"process\":{\"cmd_line\":\"c\"}}\n"
            + "{\"class_uid\":true}\n"
            + "{\"class_uid\":1007.5}\n"
            + "{\"class_uid\":-1007}\n"
            + "{\"type_uid\":\"x\"}\n"
            + "{\"category_uid\":12345678901234567890}\n"
            + "{\"class_uid\":\"" + "9".repeat(100) + "\"}\n";
    RecordingSink sink = parse(input);

    assertEquals(List.of(), sink.events);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), sink.skippedLines());
    assertEquals(
        "invalid OCSF class_uid: expected a whole number, found \"process\"",
        sink.skipped.get(0).text());
    assertEquals(
        "invalid OCSF class_uid: expected a whole number, found \"" + "9".repeat(40) + "…\"",
        sink.skipped.get(6).text());
  }

  @Test
  void wrongAttributeTypesDoNotStopParsing() throws IOException {
    String input =
        // A number where a string is expected is read as its text.
        "{\"class_uid\":1007,\"process\":{\"cmd_line\":42,\"file\":{\"path\":true}}}\n"
            // A string where an object is expected leaves the object's attributes absent.
            + "{\"class_uid\":1007,\"process\":\"curl\",\"device\":[\"h\"],\"time\":{\"ms\":1}}\n"
            // Ports that are not whole numbers in 0..65535 are unknown.
            + "{\"class_uid\":4001,\"dst_endpoint\":{\"ip\":\"10.0.0.1\",\"port\":\"eighty\"}}\n"
            + "{\"class_uid\":4001,\"dst_endpoint\":{\"ip\":\"10.0.0.1\",\"port\":70000}}\n"
            + "{\"class_uid\":4001,\"dst_endpoint\":{\"ip\":\"10.0.0.1\",\"port\":80.0}}\n"
            + "{\"class_uid\":4001,\"dst_endpoint\":{\"ip\":null,\"port\":null}}\n"
            // An array of strings is joined with spaces.
            + "{\"class_uid\":4003,\"query\":{\"hostname\":[\"a\",\"b\"]},\"time\":false}\n";
    RecordingSink sink = parse(input);

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), sink.eventLines());
    assertEquals(
        expect("process.executable", "true", "process.command_line", "42"),
        fields(sink.events.get(0)));
    assertEquals(expect(), fields(sink.events.get(1)));
    assertEquals(expect("destination.address", "10.0.0.1"), fields(sink.events.get(2)));
    assertEquals(expect("destination.address", "10.0.0.1"), fields(sink.events.get(3)));
    assertEquals(expect("destination.address", "10.0.0.1"), fields(sink.events.get(4)));
    assertEquals(expect(), fields(sink.events.get(5)));
    assertEquals(
        expect("@timestamp", "false", "dns.question.name", "a b"), fields(sink.events.get(6)));
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void timeFormsAreRead() throws IOException {
    String input =
        "{\"class_uid\":4003,\"time\":0}\n"
            + "{\"class_uid\":4003,\"time\":\"2026-11-30T09:14:02.311Z\"}\n"
            + "{\"class_uid\":4003,\"time_dt\":\"2026-11-30T09:14:02.311+01:00\"}\n"
            + "{\"class_uid\":4003,\"time\":-5}\n"
            + "{\"class_uid\":4003,\"time\":1234567890123456789}\n"
            + "{\"class_uid\":4003,\"time\":253402300800000}\n";
    RecordingSink sink = parse(input);

    List<String> times = new ArrayList<>();
    for (var event : sink.events) {
      times.add(String.valueOf(event.time()));
    }
    assertEquals(
        List.of(
            "1970-01-01T00:00:00.000Z",
            "2026-11-30T09:14:02.311Z",
            "2026-11-30T09:14:02.311+01:00",
            "-5",
            "1234567890123456789",
            "+10000-01-01T00:00:00.000Z"),
        times);
  }

  @Test
  void parentFromActorOnlyForLaunch() throws IOException {
    String actor = "\"actor\":{\"process\":{\"name\":\"bash\",\"file\":{\"path\":\"/bin/bash\"}}}";
    String input =
        "{\"class_uid\":1007,\"activity_id\":2,\"process\":{\"name\":\"curl\"}," + actor + "}\n"
            + "{\"class_uid\":1007,\"type_uid\":100701,\"process\":{\"name\":\"curl\"},"
            + actor + "}\n"
            + "{\"class_uid\":1007,\"activity_id\":1,\"process\":{\"name\":\"curl\","
            + "\"parent_process\":{\"name\":\"sh\"}}," + actor + "}\n";
    RecordingSink sink = parse(input);

    assertEquals(expect("process.name", "curl"), fields(sink.events.get(0)));
    assertEquals(
        expect("process.name", "curl", "process.parent.name", "bash",
            "process.parent.executable", "/bin/bash"),
        fields(sink.events.get(1)));
    assertEquals(
        expect("process.name", "curl", "process.parent.name", "sh"), fields(sink.events.get(2)));
  }

  @Test
  void emptyStringsAreAbsent() throws IOException {
    RecordingSink sink =
        parse("{\"class_uid\":1007,\"process\":{\"cmd_line\":\"\",\"name\":\"\","
            + "\"file\":{\"name\":\"curl\"}},\"device\":{\"hostname\":\"\",\"name\":\"n\"}}\n");

    assertEquals(expect("host.name", "n", "process.name", "curl"), fields(sink.events.get(0)));
  }

  @Test
  void networkHostnameWhenNoIp() throws IOException {
    RecordingSink sink =
        parse("{\"class_uid\":4001,\"dst_endpoint\":{\"hostname\":\"metadata.google.internal\"},"
            + "\"actor\":{\"process\":{\"cmd_line\":\"c\",\"user\":{\"name\":\"pu\"}},"
            + "\"user\":{\"name\":\"au\"}}}\n");

    assertEquals(
        expect("user.name", "pu", "process.command_line", "c",
            "destination.address", "metadata.google.internal"),
        fields(sink.events.get(0)));
  }

  @Test
  void httpHeadersPairedPerLine() throws IOException {
    Map<String, String> fields =
        httpFields(
            "{\"http_method\":\"GET\",\"http_headers\":["
                + "{\"name\":\"User-Agent\",\"value\":\"Mozilla/5.0 (X11; Linux x86_64)\"},"
                + "{\"name\":\"Metadata\",\"value\":\"true\"},"
                + "{\"name\":\"X-Empty\"},"
                + "{\"value\":\"no name\"},"
                + "{\"name\":\"X-Split\",\"value\":\"a\\r\\nMetadata-Flavor: Google\"}]}");

    assertEquals(
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\nMetadata: true\nX-Empty: \n"
            + "X-Split: a  Metadata-Flavor: Google",
        fields.get("http.request.headers"));
  }

  @Test
  void hostHeaderFillsMissingUrlHost() throws IOException {
    Map<String, String> fromHeader =
        httpFields(
            "{\"url\":{\"path\":\"/latest/api/token\",\"query_string\":\"?a=1\"},"
                + "\"http_headers\":[{\"name\":\"HOST\",\"value\":\"169.254.169.254\"}]}");
    RecordingSink fromEndpoint =
        parse("{\"class_uid\":4002,\"dst_endpoint\":{\"hostname\":\"metadata.google.internal\","
            + "\"ip\":\"169.254.169.254\",\"port\":\"80\"},"
            + "\"http_request\":{\"url\":{\"query_string\":\"?\"}}}\n");

    assertEquals("169.254.169.254", fromHeader.get("url.domain"));
    assertEquals("/latest/api/token", fromHeader.get("url.path"));
    assertEquals("a=1", fromHeader.get("url.query"));
    assertEquals(
        expect("destination.address", "169.254.169.254", "destination.port", "80",
            "url.domain", "metadata.google.internal"),
        fields(fromEndpoint.events.get(0)));
  }

  @Test
  void responseHeadersJoinRequestHeaders() throws IOException {
    // Documents a known gap: JsonRecords cannot tell http_response's headers from
    // http_request's, so both end up in the event's request headers.
    RecordingSink sink =
        parse("{\"class_uid\":4002,"
            + "\"http_response\":{\"code\":200,"
            + "\"http_headers\":[{\"name\":\"Server\",\"value\":\"s\"}]},"
            + "\"http_request\":{\"http_headers\":[{\"name\":\"Accept\",\"value\":\"*/*\"}]}}\n");

    assertEquals("Server: s\nAccept: */*", fields(sink.events.get(0)).get("http.request.headers"));
  }

  @Test
  void headersStayWithTheirEvent() throws IOException {
    String withHeaders =
        "{\"class_uid\":4002,"
            + "\"http_request\":{\"http_headers\":[{\"name\":\"A\",\"value\":\"1\"}]}}";
    String input =
        withHeaders + "\n"
            + "{\"class_uid\":4002,\"http_request\":{\"http_method\":\"GET\"}}\n"
            + "{\"name\":\"Stray\",\"value\":\"object\"}\n"
            + "{\"class_uid\":3002}\n"
            + "{\"class_uid\":4002,\"http_request\":{\"http_method\":\"PUT\"}}\n"
            + "{\"name\":\"Last\"}\n";
    RecordingSink sink = parse(input);

    assertEquals(List.of(1L, 2L, 5L), sink.eventLines());
    assertEquals("A: 1", sink.events.get(0).httpHeaders());
    assertEquals(null, sink.events.get(1).httpHeaders());
    assertEquals(null, sink.events.get(2).httpHeaders());
    assertEquals(
        List.of(
            new RecordingSink.Notice(3, OcsfParser.NOT_OCSF_KIND),
            new RecordingSink.Notice(4, "OCSF class 3002"),
            new RecordingSink.Notice(6, OcsfParser.NOT_OCSF_KIND)),
        sink.ignored);
  }

  @Test
  void headersInPrettyArrayStayWithTheirEvent() throws IOException {
    String input =
        "[\n"
            + "{\"class_uid\": 4002,\n \"http_request\": {\"http_headers\": [\n"
            + "  {\"name\": \"A\", \"value\": \"1\"},\n  {\"name\": \"B\", \"value\": \"2\"}]}},\n"
            + "{\"class_uid\": 4002,\n \"http_request\": {\"http_headers\": [\n"
            + "  {\"name\": \"C\", \"value\": \"3\"}]}}\n"
            + "]\n";
    RecordingSink sink = parse(input);

    assertEquals(List.of(2L, 6L), sink.eventLines());
    assertEquals("A: 1\nB: 2", sink.events.get(0).httpHeaders());
    assertEquals("C: 3", sink.events.get(1).httpHeaders());
    assertEquals(List.of(), sink.ignored);
    assertEquals(Map.of(LineUse.HEADER, 2L, LineUse.EVENT, 7L), sink.lines);
  }

  @Test
  void headersOfNonOcsfObjectNotReported() throws IOException {
    String input =
        "[\n"
            + "{\"message\": \"no OCSF ids\",\n \"http_headers\": [\n"
            + "  {\"name\": \"A\", \"value\": \"1\"},\n  {\"name\": \"B\", \"other\": 2}]},\n"
            + "{\"name\": \"Stray\", \"value\": \"object\"}\n"
            + "]\n";
    RecordingSink sink = parse(input);

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(
            new RecordingSink.Notice(2, OcsfParser.NOT_OCSF_KIND),
            new RecordingSink.Notice(6, OcsfParser.NOT_OCSF_KIND)),
        sink.ignored);
    assertEquals(Map.of(LineUse.HEADER, 2L, LineUse.IGNORED, 5L), sink.lines);
  }

  @Test
  void headerElementNotObjectSkippedEventKept() throws IOException {
    RecordingSink sink =
        parse("{\"class_uid\":4002,\"http_request\":{\"http_method\":\"GET\","
            + "\"http_headers\":[\"Metadata: true\",{\"name\":\"A\",\"value\":\"1\"}]}}\n"
            + "{\"class_uid\":4002,\"http_request\":{\"http_headers\":\"Metadata: true\"}}\n");

    assertEquals(List.of(1L, 2L), sink.eventLines());
    assertEquals("A: 1", sink.events.get(0).httpHeaders());
    assertEquals(null, sink.events.get(1).httpHeaders());
    assertEquals(List.of(1L), sink.skippedLines());
  }

  @Test
  void headersBeyondFieldCapTruncated() throws IOException {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      headers.append(i == 0 ? "" : ",");
      headers.append("{\"name\":\"H").append(i).append("\",\"value\":\"v\"}");
    }
    String input =
        "{\"class_uid\":4002,\"http_request\":{\"http_headers\":[" + headers + "]}}\n"
            + "{\"class_uid\":4002,"
            + "\"http_request\":{\"http_headers\":[{\"name\":\"A\",\"value\":\"1\"}]}}\n";
    ParseLimits limits = new ParseLimits(1 << 20, 60, 16, 4096);
    RecordingSink sink = parse(input.getBytes(StandardCharsets.UTF_8), limits);

    // Each header counts its name, its value and 3 chars for ": " and the line break.
    assertEquals("H0: v\nH1: v\nH2: v\nH3: v\nH4: v\nH5: v\nH6: v\nH7: v\nH8: v\nH9: v",
        sink.events.get(0).httpHeaders());
    assertEquals("A: 1", sink.events.get(1).httpHeaders());
    assertEquals(List.of(new RecordingSink.Notice(1, "http_headers -1")), sink.truncated);
  }

  @Test
  void invalidJsonLineSkipped() throws IOException {
    RecordingSink sink =
        parse(PROCESS_NESTED + "\n{\"class_uid\":1007,\"process\":{\n" + PROCESS_DOTTED + "\n");

    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(List.of(2L), sink.skippedLines());
    assertTrue(sink.skipped.get(0).text().startsWith("invalid JSON"), sink.skipped.toString());
    assertEquals(PROCESS_FIELDS, fields(sink.events.get(1)));
  }

  @Test
  void invalidJsonInDocumentSkipsRest() throws IOException {
    RecordingSink sink = parse("[\n" + PROCESS_NESTED + ",\n{\"class_uid\": 1007,,}\n]\n");

    assertEquals(List.of(2L), sink.eventLines());
    assertEquals(List.of(3L), sink.skippedLines());
  }

  @Test
  void binaryGarbageLineSkipped() throws IOException {
    byte[] garbage = new byte[500];
    new Random(1007).nextBytes(garbage);
    for (int i = 0; i < garbage.length; i++) {
      if (garbage[i] == '\n' || garbage[i] == '\r') {
        garbage[i] = 0x7f;
      }
    }
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write((PROCESS_NESTED + "\n").getBytes(StandardCharsets.UTF_8));
    input.write(garbage);
    input.write(("\n" + PROCESS_DOTTED + "\n").getBytes(StandardCharsets.UTF_8));
    RecordingSink sink = parse(input.toByteArray(), ParseLimits.DEFAULTS);

    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(List.of(2L), sink.skippedLines());
  }

  @Test
  void binaryGarbageInputNeverThrows() throws IOException {
    Random random = new Random(4003);
    for (int round = 0; round < 300; round++) {
      byte[] garbage = new byte[random.nextInt(3000)];
      random.nextBytes(garbage);
      if (garbage.length > 0 && round % 3 != 0) {
        garbage[0] = (byte) (round % 3 == 1 ? '{' : '[');
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
  void emptyInputHasNoLines() throws IOException {
    RecordingSink sink = new RecordingSink();
    long lines =
        parser.parse(new ByteArrayInputStream(new byte[0]), "empty", ParseLimits.DEFAULTS, sink);

    assertEquals(0, lines);
    assertEquals(List.of(), sink.events);
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
  }

  @Test
  void blankInputHasNoEvents() throws IOException {
    RecordingSink sink = parse("\n  \n\t\n");

    assertEquals(List.of(), sink.events);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void tenMegabyteLineSkipped() throws IOException {
    ParseLimits limits = new ParseLimits(4096, 1 << 16, 16, 4096);
    byte[] huge = new byte[10 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'x');
    byte[] prefix =
        "{\"class_uid\":1007,\"process\":{\"cmd_line\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, huge, 0, prefix.length);
    byte[] suffix = "\"}}".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(suffix, 0, huge, huge.length - suffix.length, suffix.length);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write((PROCESS_NESTED + "\n").getBytes(StandardCharsets.UTF_8));
    input.write(huge);
    input.write(("\n" + PROCESS_DOTTED + "\n").getBytes(StandardCharsets.UTF_8));
    RecordingSink sink = parse(input.toByteArray(), limits);

    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(List.of(2L), sink.skippedLines());
    assertEquals(List.of(new RecordingSink.Notice(2, "line " + huge.length)), sink.truncated);
  }

  @Test
  void longFieldCutToFieldCap() throws IOException {
    ParseLimits limits = new ParseLimits(1 << 20, 100, 16, 4096);
    String command = CURL + "x".repeat(500);
    RecordingSink sink =
        parse(("{\"class_uid\":1007,\"process\":{\"cmd_line\":\"" + command + "\"}}\n")
            .getBytes(StandardCharsets.UTF_8), limits);

    assertEquals(command.substring(0, 100), sink.events.get(0).commandLine());
    assertEquals(
        List.of(new RecordingSink.Notice(1, "process.cmd_line " + command.length())),
        sink.truncated);
  }

  @Test
  void streamIsLeftOpen() throws IOException {
    boolean[] closed = {false};
    InputStream in =
        new ByteArrayInputStream(("[" + PROCESS_NESTED + "]").getBytes(StandardCharsets.UTF_8)) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    parser.parse(in, "open", ParseLimits.DEFAULTS, new RecordingSink());

    assertFalse(closed[0]);
  }

  @Test
  void sniffScoresOcsfKeys() throws IOException {
    String processRollup =
        Files.readString(OcsfSamplesTest.SAMPLES.resolve(
            "ocsf_java_tools_crowdstrike_process_rollup_2_ocsf.json"));
    String jsonLines =
        Files.readString(OcsfSamplesTest.SAMPLES.resolve("constructed/http_activity.jsonl"));

    assertEquals(95, parser.sniff(processRollup));
    assertEquals(95, parser.sniff(jsonLines));
    assertEquals(95, parser.sniff("\uFEFF[{\"class_uid\": 4001, \"type_uid\": 400101}]"));
    assertEquals(85, parser.sniff("{\"class_uid\":1007}"));
    assertEquals(80, parser.sniff("{\"category_uid\":4,\"type_uid\":400101}"));
    assertEquals(
        60,
        parser.sniff("{\"type_uid\":400101,\"metadata\":{\"product\":{\"name\":\"p\"},"
            + "\"version\":\"1.1.0\"}}"));
    assertEquals(
        30,
        parser.sniff("{\"metadata\":{\"product\":{\"name\":\"p\"},\"version\":\"1.1.0\"}}"));
    assertEquals(
        30, parser.sniff("{\"metadata.product.name\":\"p\",\"metadata.version\":\"1.0.0\"}"));
  }

  @Test
  void sniffRejectsOtherFormats() {
    assertEquals(0, parser.sniff(""));
    assertEquals(0, parser.sniff("type=SYSCALL msg=audit(1.0:1): class_uid=1007"));
    assertEquals(0, parser.sniff("{\"@timestamp\":\"t\",\"process\":{\"name\":\"curl\"}}"));
    assertEquals(0, parser.sniff("{\"class_uid\":\"x\",\"metadata\":{\"version\":\"v\"}}"));
  }
}

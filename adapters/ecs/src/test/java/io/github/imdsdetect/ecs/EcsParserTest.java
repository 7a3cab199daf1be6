package io.github.imdsdetect.ecs;

import static io.github.imdsdetect.ecs.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Shapes, fallbacks and malformed input for EcsParser. */
class EcsParserTest {
  private static final String CURL_DOC_NESTED =
      "{\"@timestamp\":\"2026-11-30T09:14:02.311Z\",\"ecs\":{\"version\":\"8.11.0\"},"
          + "\"host\":{\"name\":\"web-1\"},\"process\":{\"name\":\"curl\","
          + "\"command_line\":\"curl http://169.254.169.254/latest/meta-data/\","
          + "\"parent\":{\"name\":\"bash\"}}}";
  private static final String CURL_DOC_DOTTED =
      "{\"@timestamp\":\"2026-11-30T09:14:02.311Z\",\"ecs.version\":\"8.11.0\","
          + "\"host.name\":\"web-1\",\"process.name\":\"curl\","
          + "\"process.command_line\":\"curl http://169.254.169.254/latest/meta-data/\","
          + "\"process.parent.name\":\"bash\"}";
  private static final Map<String, String> CURL_FIELDS =
      Map.of(
          "@timestamp", "2026-11-30T09:14:02.311Z",
          "host.name", "web-1",
          "process.name", "curl",
          "process.command_line", "curl http://169.254.169.254/latest/meta-data/",
          "process.parent.name", "bash");

  private final EcsParser parser = new EcsParser();

  private RecordingSink parse(String text) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
  }

  private RecordingSink parse(byte[] bytes, ParseLimits limits) throws IOException {
    RecordingSink sink = new RecordingSink();
    parser.parse(new ByteArrayInputStream(bytes), "test.json", limits, sink);
    return sink;
  }

  @Test
  void serviceLoaderFindsParser() {
    List<String> formats = new ArrayList<>();
    for (EventParser found : ServiceLoader.load(EventParser.class)) {
      formats.add(found.format());
    }
    assertEquals(List.of("ecs"), formats);
  }

  @Test
  void nestedAndDottedKeysGiveEqualEvents() throws IOException {
    RecordingSink nested = parse(CURL_DOC_NESTED + "\n");
    RecordingSink dotted = parse(CURL_DOC_DOTTED + "\n");

    assertEquals(CURL_FIELDS, fields(nested.events.get(0)));
    assertEquals(CURL_FIELDS, fields(dotted.events.get(0)));
  }

  @Test
  void jsonArrayOfDocumentsGivesOneEventEach() throws IOException {
    RecordingSink sink = parse("[\n" + CURL_DOC_NESTED + ",\n" + CURL_DOC_DOTTED + "\n]\n");

    assertEquals(List.of(2L, 3L), sink.eventLines());
    assertEquals(CURL_FIELDS, fields(sink.events.get(0)));
    assertEquals(CURL_FIELDS, fields(sink.events.get(1)));
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void prettyDocumentStartsAtItsFirstLine() throws IOException {
    String pretty =
        "\n\n{\n  \"@timestamp\": \"2026-11-30T09:14:02.311Z\",\n"
            + "  \"process\": {\n    \"name\": \"curl\"\n  }\n}\n";
    RecordingSink sink = parse(pretty);

    assertEquals(List.of(3L), sink.eventLines());
    assertEquals("curl", sink.events.get(0).processName());
  }

  @Test
  void byteOrderMarkBeforeResponseDropped() throws IOException {
    String response =
        "{\"took\":1,\"hits\":{\"hits\":[{\"_index\":\"i\",\"_id\":\"1\",\"_source\":"
            + CURL_DOC_NESTED + "}]}}";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bytes.write(response.getBytes(StandardCharsets.UTF_8));
    RecordingSink sink = parse(bytes.toByteArray(), ParseLimits.DEFAULTS);

    assertEquals(List.of(1L), sink.eventLines());
    assertEquals(CURL_FIELDS, fields(sink.events.get(0)));
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void searchHitFieldsObjectIsRead() throws IOException {
    String response =
        "{\"hits\":{\"hits\":[{\"_index\":\"i\",\"_id\":\"1\",\"fields\":{"
            + "\"process.name\":[\"curl\"],\"destination.ip\":[\"169.254.169.254\"]}}]}}\n";
    RecordingSink sink = parse(response);

    assertEquals(1, sink.events.size());
    assertEquals(
        Map.of("process.name", "curl", "destination.address", "169.254.169.254"),
        fields(sink.events.get(0)));
  }

  @Test
  void searchHitWithoutSourceIsIgnored() throws IOException {
    RecordingSink sink =
        parse("{\"took\":2,\"hits\":{\"hits\":[{\"_index\":\"i\",\"_id\":\"1\"}]}}\n");

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(
            new RecordingSink.Notice(1, "search hit without _source"),
            new RecordingSink.Notice(1, "Elasticsearch search response")),
        sink.ignored);
  }

  @Test
  void objectWithoutEcsFieldsIsIgnored() throws IOException {
    RecordingSink sink = parse("{\"status\":\"ok\",\"count\":3}\n" + CURL_DOC_DOTTED + "\n");

    assertEquals(List.of(2L), sink.eventLines());
    assertEquals(
        List.of(new RecordingSink.Notice(1, "JSON object without ECS fields")), sink.ignored);
  }

  @Test
  void commandLineFallsBackToArgs() throws IOException {
    RecordingSink sink =
        parse(
            "{\"@timestamp\":\"t\",\"process\":{\"command_line\":\"\","
                + "\"args\":[\"curl\",\"-s\",\"http://169.254.169.254/\"]}}\n");

    assertEquals("curl -s http://169.254.169.254/", sink.events.get(0).commandLine());
  }

  @Test
  void auditdFallbacksApplyOnlyToAuditd() throws IOException {
    String auditd =
        "{\"@timestamp\":\"t\",\"event\":{\"module\":\"auditd\",\"action\":\"connected-to\"},"
            + "\"process\":{\"title\":\"python3 -c import socket\"},"
            + "\"auditd\":{\"summary\":{\"how\":\"/usr/bin/python3.9\"},"
            + "\"data\":{\"syscall\":\"connect\","
            + "\"socket\":{\"addr\":\"169.254.169.254\",\"port\":\"80\"}}}}";
    String other =
        "{\"@timestamp\":\"t\",\"event\":{\"module\":\"endpoint\"},"
            + "\"process\":{\"title\":\"Administrator: Windows PowerShell\"},"
            + "\"auditd\":{\"summary\":{\"how\":\"/usr/bin/python3.9\"},"
            + "\"data\":{\"socket\":{\"addr\":\"169.254.169.254\",\"port\":\"80\"}}}}";
    RecordingSink sink = parse(auditd + "\n" + other + "\n");

    SimpleEvent fromAuditd = sink.events.get(0);
    assertEquals("python3 -c import socket", fromAuditd.commandLine());
    assertEquals("/usr/bin/python3.9", fromAuditd.processExecutable());
    assertEquals("169.254.169.254", fromAuditd.destinationAddress());
    assertEquals(80, fromAuditd.destinationPort());
    SimpleEvent fromOther = sink.events.get(1);
    assertNull(fromOther.commandLine());
    assertNull(fromOther.processExecutable());
    assertNull(fromOther.destinationAddress());
    assertEquals(-1, fromOther.destinationPort());
  }

  @Test
  void auditdBindSocketIsNotDestination() throws IOException {
    RecordingSink sink =
        parse(
            "{\"@timestamp\":\"t\",\"event\":{\"module\":\"auditd\",\"action\":\"bound-socket\"},"
                + "\"auditd\":{\"data\":{\"syscall\":\"bind\","
                + "\"socket\":{\"addr\":\"0.0.0.0\",\"port\":\"8080\"}}}}\n");

    assertNull(sink.events.get(0).destinationAddress());
    assertEquals(-1, sink.events.get(0).destinationPort());
  }

  @Test
  void hostHeaderFillsMissingUrlDomain() throws IOException {
    RecordingSink sink =
        parse(
            "{\"@timestamp\":\"t\",\"url\":{\"path\":\"/computeMetadata/v1/\"},"
                + "\"http\":{\"request\":{\"method\":\"GET\",\"headers\":{"
                + "\"Host\":\"metadata.google.internal\",\"Metadata-Flavor\":\"Google\"}}}}\n");

    SimpleEvent event = sink.events.get(0);
    assertEquals("metadata.google.internal", event.urlHost());
    assertEquals("Host: metadata.google.internal\nMetadata-Flavor: Google", event.httpHeaders());
    assertEquals("/computeMetadata/v1/", event.urlPath());
  }

  @Test
  void destinationAddressAndInvalidPorts() throws IOException {
    RecordingSink sink =
        parse(
            "{\"@timestamp\":\"t\","
                + "\"destination\":{\"address\":\"fd00:ec2::254\",\"port\":70000}}\n"
                + "{\"@timestamp\":\"t\","
                + "\"destination\":{\"ip\":\"169.254.169.254\",\"port\":\"x\"}}\n"
                + "{\"@timestamp\":\"t\","
                + "\"destination\":{\"ip\":\"169.254.169.254\",\"port\":\"0\"}}\n");

    assertEquals("fd00:ec2::254", sink.events.get(0).destinationAddress());
    assertEquals(-1, sink.events.get(0).destinationPort());
    assertEquals(-1, sink.events.get(1).destinationPort());
    assertEquals(0, sink.events.get(2).destinationPort());
  }

  @Test
  void invalidJsonLineSkipped() throws IOException {
    String cutLine = "{\"@timestamp\": \"t\", \"process\": {";
    RecordingSink sink = parse(CURL_DOC_DOTTED + "\n" + cutLine + "\n" + CURL_DOC_NESTED + "\n");

    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(List.of(2L), sink.skippedLines());
    assertTrue(sink.skipped.get(0).text().startsWith("invalid JSON"), sink.skipped.toString());
  }

  @Test
  void binaryGarbageLineIsSkipped() throws IOException {
    byte[] garbage = new byte[300];
    new Random(5520).nextBytes(garbage);
    for (int i = 0; i < garbage.length; i++) {
      if (garbage[i] == '\n' || garbage[i] == '\r') {
        garbage[i] = 0;
      }
    }
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write((CURL_DOC_DOTTED + "\n").getBytes(StandardCharsets.UTF_8));
    input.write(garbage);
    input.write(("\n" + CURL_DOC_NESTED + "\n").getBytes(StandardCharsets.UTF_8));
    RecordingSink sink = parse(input.toByteArray(), ParseLimits.DEFAULTS);

    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(List.of(2L), sink.skippedLines());
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
    byte[] prefix = "{\"message\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, huge, 0, prefix.length);
    huge[huge.length - 2] = '"';
    huge[huge.length - 1] = '}';
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write((CURL_DOC_DOTTED + "\n").getBytes(StandardCharsets.UTF_8));
    input.write(huge);
    input.write(("\n" + CURL_DOC_NESTED + "\n").getBytes(StandardCharsets.UTF_8));
    RecordingSink sink = parse(input.toByteArray(), limits);

    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(List.of(2L), sink.skippedLines());
    assertEquals(List.of(new RecordingSink.Notice(2, "line " + huge.length)), sink.truncated);
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    RecordingSink sink = new RecordingSink();
    long lines =
        parser.parse(new ByteArrayInputStream(new byte[0]), "empty", ParseLimits.DEFAULTS, sink);

    assertEquals(0, lines);
    assertEquals(List.of(), sink.events);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void streamIsLeftOpen() throws IOException {
    boolean[] closed = {false};
    InputStream in =
        new ByteArrayInputStream(("[" + CURL_DOC_NESTED + "]").getBytes(StandardCharsets.UTF_8)) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    parser.parse(in, "open", ParseLimits.DEFAULTS, new RecordingSink());

    assertEquals(false, closed[0]);
  }
}

package io.github.imdsdetect.kafkastreams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.stream.RecordScanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the topology in Kafka's TopologyTestDriver, with no broker, over the sample files. */
class ImdsDetectTopologyTest {
  private static final Path SAMPLES = Path.of("../../samples");
  private static final Path ECS =
      SAMPLES.resolve("ecs/constructed/elastic_agent_t1552_005.ndjson");
  private static final Path FALCO_KUBECTL =
      SAMPLES.resolve("falco/constructed/falco_kubectl_logs.log");
  private static final Path SYSMON_WINLOGBEAT =
      SAMPLES.resolve("sysmon/constructed/winlogbeat_sysmon_imds.ndjson");
  private static final JsonFactory JSON = new JsonFactory();

  private TopologyTestDriver driver;
  private TestInputTopic<String, String> input;
  private TestOutputTopic<String, String> findings;
  private TestOutputTopic<String, String> deadLetters;

  private void start(DetectionConfig config) {
    driver =
        new TopologyTestDriver(
            ImdsDetectTopology.build("events", "findings", "dead-letters", config));
    input = driver.createInputTopic("events", new StringSerializer(), new StringSerializer());
    findings =
        driver.createOutputTopic("findings", new StringDeserializer(), new StringDeserializer());
    deadLetters =
        driver.createOutputTopic(
            "dead-letters", new StringDeserializer(), new StringDeserializer());
  }

  @AfterEach
  void closeDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  /** Pipes every line of the file as one message, so that offset + 1 is the line number. */
  private void pipeLines(Path file) throws IOException {
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      input.pipeInput("k", line);
    }
  }

  /** Returns the top-level scalar fields and the scalars of nested objects as dotted names. */
  private static Map<String, String> fields(String json) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser parser = JSON.createParser(json)) {
      assertEquals(JsonToken.START_OBJECT, parser.nextToken());
      readObject(parser, "", fields);
    }
    return fields;
  }

  private static void readObject(JsonParser parser, String prefix, Map<String, String> fields)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = prefix + parser.currentName();
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        readObject(parser, name + ".", fields);
      } else {
        fields.put(name, parser.getText());
      }
    }
  }

  /** Returns the findings as {@code ruleId@line}, where line is the input offset + 1. */
  private List<String> findingKeys(List<TestRecord<String, String>> records) throws IOException {
    List<String> keys = new ArrayList<>();
    for (TestRecord<String, String> record : records) {
      Map<String, String> fields = fields(record.value());
      keys.add(fields.get("rule_id") + "@" + (Long.parseLong(fields.get("input.offset")) + 1));
    }
    Collections.sort(keys);
    return keys;
  }

  /** Parses the whole file in one call and runs the default rule set, without Kafka. */
  private static List<String> directFindings(Path file, String format) throws IOException {
    EventParser parser =
        RecordScanner.loadParser(format, ImdsDetectTopologyTest.class.getClassLoader());
    Detector detector = Detector.create(RuleSet.defaults());
    List<String> keys = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      parser.parse(in, file.toString(), ParseLimits.DEFAULTS, new ParseSink() {
        @Override
        public void event(Event event) {
          for (Finding finding : detector.detect(event)) {
            keys.add(finding.ruleId() + "@" + finding.origin().line());
          }
        }

        @Override
        public void skipped(long line, String reason) {}
      });
    }
    Collections.sort(keys);
    return keys;
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private double metricTotal(String operation) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> entry : driver.metrics().entrySet()) {
      MetricName name = entry.getKey();
      if (name.group().equals("stream-imds-detect-metrics")
          && name.name().equals(operation + "-total")) {
        total += (Double) entry.getValue().metricValue();
      }
    }
    return total;
  }

  @Test
  void ecsFindingsMatchDirectScan() throws IOException {
    start(DetectionConfig.of("ecs"));

    pipeLines(ECS);

    List<TestRecord<String, String>> records = findings.readRecordsToList();
    assertEquals(
        List.of(
            "imds.cmdline.credentials@1", "imds.cmdline.credentials@2",
            "imds.cmdline.credentials@3", "imds.cmdline.credentials@4",
            "imds.cmdline.endpoint@1", "imds.cmdline.endpoint@2",
            "imds.cmdline.endpoint@3", "imds.cmdline.endpoint@4",
            "imds.cmdline.path@1", "imds.cmdline.path@2", "imds.cmdline.path@3",
            "imds.cmdline.path@3", "imds.cmdline.path@4",
            "imds.dns.query@6", "imds.net.connection@6"),
        findingKeys(records));
    assertEquals(directFindings(ECS, "ecs"), findingKeys(records));
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void ecsFindingMessageFields() throws IOException {
    start(DetectionConfig.of("ecs"));

    input.pipeInput("k", Files.readAllLines(ECS).get(0), 1_700_000_000_000L);

    TestRecord<String, String> record = findings.readRecordsToList().get(0);
    assertEquals("ip-10-0-1-23", record.key());
    assertEquals(1_700_000_000_000L, record.timestamp());
    Map<String, String> fields = fields(record.value());
    assertEquals("events", fields.get("source"));
    assertEquals("1", fields.get("line"));
    assertEquals("imds.cmdline.endpoint", fields.get("rule_id"));
    assertEquals("critical", fields.get("severity"));
    assertEquals("process.command_line", fields.get("field"));
    assertEquals("169.254.169.254", fields.get("matched"));
    assertEquals("12", fields.get("offset"));
    assertEquals("aws", fields.get("provider"));
    assertEquals("credentials", fields.get("data_kind"));
    assertEquals("curl", fields.get("event.process_name"));
    assertEquals("ec2-user", fields.get("event.user"));
    assertEquals("events", fields.get("input.topic"));
    assertEquals("0", fields.get("input.partition"));
    assertEquals("0", fields.get("input.offset"));
  }

  @Test
  void findingWithoutHostKeyedByInputKey() throws IOException {
    start(DetectionConfig.of("ecs"));

    input.pipeInput(
        "pod-7", "{\"process\":{\"command_line\":\"curl http://169.254.169.254/latest/\"}}");

    List<TestRecord<String, String>> records = findings.readRecordsToList();
    assertTrue(!records.isEmpty());
    for (TestRecord<String, String> record : records) {
      assertEquals("pod-7", record.key());
    }
  }

  @Test
  void falcoLogTextLinesAreDeadLettered() throws IOException {
    start(DetectionConfig.of("falco"));
    List<String> lines = Files.readAllLines(FALCO_KUBECTL, StandardCharsets.UTF_8);

    pipeLines(FALCO_KUBECTL);

    assertEquals(directFindings(FALCO_KUBECTL, "falco"), findingKeys(findings.readRecordsToList()));
    List<TestRecord<String, String>> dead = deadLetters.readRecordsToList();
    assertEquals(9, dead.size());
    for (int i = 0; i < dead.size(); i++) {
      TestRecord<String, String> record = dead.get(i);
      assertEquals("k", record.key());
      assertEquals(lines.get(i), record.value());
      assertTrue(
          header(record.headers(), ImdsDetectTopology.HEADER_REASON).startsWith("invalid JSON"),
          header(record.headers(), ImdsDetectTopology.HEADER_REASON));
      assertEquals("1", header(record.headers(), ImdsDetectTopology.HEADER_LINE));
      assertEquals("events", header(record.headers(), ImdsDetectTopology.HEADER_TOPIC));
      assertEquals("0", header(record.headers(), ImdsDetectTopology.HEADER_PARTITION));
      assertEquals(
          Integer.toString(i), header(record.headers(), ImdsDetectTopology.HEADER_OFFSET));
    }
  }

  @Test
  void emptyAndTruncatedRecordsAreDeadLettered() {
    start(DetectionConfig.of("ecs"));
    Headers inputHeaders = new RecordHeaders();
    inputHeaders.add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));

    input.pipeInput(new TestRecord<>("a", "", inputHeaders));
    input.pipeInput("b", (String) null);
    input.pipeInput("c", "{\"process\":{\"command_line\":\"curl http://169.254.169.254/");

    List<TestRecord<String, String>> dead = deadLetters.readRecordsToList();
    assertEquals(3, dead.size());
    assertEquals("", dead.get(0).value());
    assertEquals("empty record", header(dead.get(0).headers(), ImdsDetectTopology.HEADER_REASON));
    assertEquals("t-1", header(dead.get(0).headers(), "trace-id"));
    assertEquals("b", dead.get(1).key());
    assertNull(dead.get(1).value());
    assertEquals("empty record", header(dead.get(1).headers(), ImdsDetectTopology.HEADER_REASON));
    assertTrue(
        header(dead.get(2).headers(), ImdsDetectTopology.HEADER_REASON)
            .startsWith("invalid JSON: Unexpected end-of-input"),
        header(dead.get(2).headers(), ImdsDetectTopology.HEADER_REASON));
    assertTrue(findings.isEmpty());
    assertEquals(3.0, metricTotal("dead-letters"));
  }

  @Test
  void oversizedRecordIsDeadLettered() {
    start(DetectionConfig.of("ecs").withLimits(new ParseLimits(64, 1000, 10, 100)));

    input.pipeInput("k", "{\"message\":\"" + "x".repeat(60) + "\"}");

    assertEquals(
        "record of 74 bytes exceeds the limit of 64 bytes",
        header(deadLetters.readRecord().headers(), ImdsDetectTopology.HEADER_REASON));
  }

  @Test
  void sysmonMetricsCountSuppressedMatches() throws IOException {
    start(DetectionConfig.of("sysmon"));

    pipeLines(SYSMON_WINLOGBEAT);

    assertEquals(
        directFindings(SYSMON_WINLOGBEAT, "sysmon"), findingKeys(findings.readRecordsToList()));
    assertEquals(5.0, metricTotal("records"));
    assertEquals(5.0, metricTotal("events"));
    assertEquals(6.0, metricTotal("findings"));
    assertEquals(2.0, metricTotal("suppressed-matches"));
    assertEquals(0.0, metricTotal("dead-letters"));
    assertEquals(0.0, metricTotal("ignored-records"));
  }

  @Test
  void unknownFormatFailsBuild() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ImdsDetectTopology.build(
                    "events", "findings", "dead-letters", DetectionConfig.of("no-such-format")));

    assertTrue(
        e.getMessage().startsWith("no event parser for format 'no-such-format'"), e.getMessage());
  }

  @Test
  void sameTopicTwiceRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ImdsDetectTopology.build("events", "events", "dead", DetectionConfig.of("ecs")));
  }

  @Test
  void unknownProfileRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DetectionConfig.of("ecs").withProfile("aws"));

    assertEquals(
        "unknown profile 'aws'; built-in rule sets are"
            + " [default, qradar, kubernetes-node, iac-runner]",
        e.getMessage());
  }
}

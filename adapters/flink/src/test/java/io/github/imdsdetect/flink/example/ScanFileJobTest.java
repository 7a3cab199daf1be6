package io.github.imdsdetect.flink.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.RuleSet;
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
import java.util.ServiceLoader;
import java.util.stream.Stream;
import io.github.imdsdetect.flink.LoopbackCluster;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example job on a MiniCluster with file output, as the documentation shows it. */
class ScanFileJobTest {
  private static final Path ECS =
      Path.of("../../samples/ecs/constructed/elastic_agent_t1552_005.ndjson");
  private static final Path FALCO_KUBECTL =
      Path.of("../../samples/falco/constructed/falco_kubectl_logs.log");
  private static final JsonFactory JSON = new JsonFactory();

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(LoopbackCluster.twoSlots(new Configuration()));

  @TempDir Path output;

  private void runJob(Path input, String format) throws Exception {
    ScanFileJob.Options options =
        ScanFileJob.Options.parse(
            new String[] {
              "--input", input.toString(), "--format", format, "--output", output.toString(),
              "--parallelism", "2"
            });
    ScanFileJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), options);
  }

  /** Reads every JSON line of the part files whose names start with {@code prefix}. */
  private List<Map<String, String>> readParts(String prefix) throws IOException {
    List<Map<String, String>> objects = new ArrayList<>();
    List<Path> parts;
    try (Stream<Path> files = Files.list(output)) {
      parts = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
    for (Path part : parts) {
      for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
        objects.add(topLevelFields(line));
      }
    }
    return objects;
  }

  private static Map<String, String> topLevelFields(String line) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser parser = JSON.createParser(line)) {
      assertEquals(JsonToken.START_OBJECT, parser.nextToken());
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value.isStructStart()) {
          parser.skipChildren();
        } else {
          fields.put(name, parser.getText());
        }
      }
    }
    return fields;
  }

  private static List<String> keys(List<Map<String, String>> objects, String first) {
    List<String> keys = new ArrayList<>();
    for (Map<String, String> object : objects) {
      keys.add(object.get(first) + "@" + object.get("line"));
    }
    Collections.sort(keys);
    return keys;
  }

  private static List<String> directFindings(Path file, String format) throws IOException {
    var parser =
        ServiceLoader.load(io.github.imdsdetect.adapter.EventParser.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.format().equals(format))
            .findFirst()
            .orElseThrow();
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

  @Test
  void ecsFileFindingsMatchDirectScan() throws Exception {
    runJob(ECS, "ecs");

    List<Map<String, String>> findings = readParts("findings");
    assertEquals(15, findings.size());
    assertEquals(directFindings(ECS, "ecs"), keys(findings, "rule_id"));
    for (Map<String, String> finding : findings) {
      assertEquals(ECS.toString(), finding.get("source"));
    }
    assertEquals(List.of(), readParts("skipped"));
  }

  @Test
  void falcoLogSkippedLinesWritten() throws Exception {
    runJob(FALCO_KUBECTL, "falco");

    assertEquals(directFindings(FALCO_KUBECTL, "falco"), keys(readParts("findings"), "rule_id"));
    List<Map<String, String>> skipped = readParts("skipped");
    List<String> lines = new ArrayList<>();
    for (Map<String, String> record : skipped) {
      lines.add(record.get("line"));
    }
    Collections.sort(lines);
    assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), lines);
    assertEquals(
        "Mon Nov 30 09:10:11 2026: Falco version: 0.41.0 (x86_64)",
        skipped.stream().filter(r -> r.get("line").equals("1")).findFirst().orElseThrow()
            .get("record"));
  }

  @Test
  void missingFormatRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScanFileJob.Options.parse(new String[] {"--input", "x.ndjson"}));

    assertEquals("missing --format NAME, such as ecs", e.getMessage());
  }

  @Test
  void invalidParallelismRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ScanFileJob.Options.parse(
                    new String[] {"--input", "x", "--format", "ecs", "--parallelism", "0"}));

    assertEquals(
        "invalid value '0' for --parallelism: expected a whole number of 1 or more",
        e.getMessage());
  }

  @Test
  void optionWithoutValueRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScanFileJob.Options.parse(new String[] {"--input"}));

    assertEquals("missing value after --input", e.getMessage());
  }

  @Test
  void localFlagTakesNoValue() {
    ScanFileJob.Options options =
        ScanFileJob.Options.parse(new String[] {"--local", "--input", "x", "--format", "ecs"});

    assertTrue(options.local);
    assertEquals("x", options.input);
    assertEquals("ecs", options.format);
  }
}

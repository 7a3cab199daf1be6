package io.github.imdsdetect.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the operator on a Flink MiniCluster with parallelism 2 over the sample files. */
class ImdsDetectFunctionTest {
  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          LoopbackCluster.twoSlots(REPORTER.addToConfiguration(new Configuration())));

  /** What one job emitted, and the sums of its counters over both subtasks. */
  private record JobOutput(
      List<DetectionResult> findings, List<SkippedRecord> skipped, Map<String, Long> counters) {

    List<String> findingKeys() {
      return sorted(findings, result -> result.ruleId() + "@" + result.line());
    }

    List<Long> skippedLines() {
      List<Long> lines = new ArrayList<>();
      for (SkippedRecord record : skipped) {
        lines.add(record.line());
      }
      Collections.sort(lines);
      return lines;
    }
  }

  private static <T> JobOutput run(
      List<T> input, TypeInformation<T> type, ImdsDetectFunction<T> function) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    SingleOutputStreamOperator<DetectionResult> findings =
        env.fromData(input, type).rebalance().process(function).name("imds-detect");
    CloseableIterator<DetectionResult> findingIterator = findings.collectAsync();
    CloseableIterator<SkippedRecord> skippedIterator =
        findings.getSideOutput(ImdsDetectFunction.SKIPPED_RECORDS).collectAsync();
    JobClient client = env.executeAsync("imds-detect test");
    List<DetectionResult> found = drain(findingIterator);
    List<SkippedRecord> skipped = drain(skippedIterator);
    client.getJobExecutionResult().get();
    return new JobOutput(found, skipped, counters(client));
  }

  private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
    List<T> items = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(items::add);
    }
    return items;
  }

  /**
   * Sums this operator's counters over the subtasks of one job. The reporter's lookup by
   * identifier fails when two collect sinks share a name, so groups are filtered by job id.
   */
  private static Map<String, Long> counters(JobClient client) {
    Map<String, Long> sums = new TreeMap<>();
    String jobId = client.getJobID().toString();
    String suffix = "." + ImdsDetectFunction.METRIC_GROUP + ".";
    for (Map.Entry<MetricGroup, Map<String, Metric>> group :
        REPORTER.getMetricsByGroup().entrySet()) {
      if (!jobId.equals(group.getKey().getAllVariables().get("<job_id>"))) {
        continue;
      }
      for (Map.Entry<String, Metric> metric : group.getValue().entrySet()) {
        String name = metric.getKey();
        boolean ours = group.getKey().getMetricIdentifier(name).endsWith(suffix + name);
        if (ours && metric.getValue() instanceof Counter) {
          sums.merge(name, ((Counter) metric.getValue()).getCount(), Long::sum);
        }
      }
    }
    return sums;
  }

  private static <T> List<String> sorted(List<T> items, Function<T, String> key) {
    List<String> keys = new ArrayList<>();
    for (T item : items) {
      keys.add(key.apply(item));
    }
    Collections.sort(keys);
    return keys;
  }

  private static List<String> sortedCopy(List<String> keys) {
    List<String> copy = new ArrayList<>(keys);
    Collections.sort(copy);
    return copy;
  }

  @Test
  void ecsLinesMatchDirectScan() throws Exception {
    JobOutput output =
        run(
            Samples.sourceLines(Samples.ECS),
            TypeInformation.of(SourceLine.class),
            ImdsDetectFunction.forSourceLines(DetectionConfig.of("ecs")));

    List<String> expected =
        List.of(
            "imds.cmdline.credentials@1", "imds.cmdline.credentials@2",
            "imds.cmdline.credentials@3", "imds.cmdline.credentials@4",
            "imds.cmdline.endpoint@1", "imds.cmdline.endpoint@2",
            "imds.cmdline.endpoint@3", "imds.cmdline.endpoint@4",
            "imds.cmdline.path@1", "imds.cmdline.path@2", "imds.cmdline.path@3",
            "imds.cmdline.path@3", "imds.cmdline.path@4",
            "imds.dns.query@6", "imds.net.connection@6");
    assertEquals(expected, output.findingKeys());
    assertEquals(
        sortedCopy(Samples.scanDirectly(Samples.ECS, "ecs").findings()), output.findingKeys());
    assertEquals(List.of(), output.skipped());
  }

  @Test
  void ecsFindingCarriesEventSummary() throws Exception {
    JobOutput output =
        run(
            Samples.sourceLines(Samples.ECS).subList(0, 1),
            TypeInformation.of(SourceLine.class),
            ImdsDetectFunction.forSourceLines(DetectionConfig.of("ecs")));

    DetectionResult endpoint =
        output.findings().stream()
            .filter(result -> result.ruleId().equals("imds.cmdline.endpoint"))
            .findFirst()
            .orElseThrow();
    assertEquals(Samples.ECS.toString(), endpoint.source());
    assertEquals(1, endpoint.line());
    assertEquals("critical", endpoint.severity());
    assertEquals("T1552.005", endpoint.technique());
    assertEquals("process.command_line", endpoint.field());
    assertEquals("169.254.169.254", endpoint.matchedText());
    assertEquals(12, endpoint.offset());
    assertEquals("aws", endpoint.provider());
    assertEquals("credentials", endpoint.dataKind());
    assertEquals("ip-10-0-1-23", endpoint.host());
    assertEquals("ec2-user", endpoint.user());
    assertEquals("curl", endpoint.processName());
    assertEquals("/usr/bin/curl", endpoint.processExecutable());
    assertEquals("bash", endpoint.parentProcessName());
    assertEquals(
        "curl http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        endpoint.commandLine());
    assertEquals(-1, endpoint.destinationPort());
  }

  @Test
  void falcoLogTextLinesGoToSideOutput() throws Exception {
    JobOutput output =
        run(
            Samples.sourceLines(Samples.FALCO_KUBECTL),
            TypeInformation.of(SourceLine.class),
            ImdsDetectFunction.forSourceLines(DetectionConfig.of("falco")));
    Samples.DirectScan direct = Samples.scanDirectly(Samples.FALCO_KUBECTL, "falco");

    assertEquals(
        List.of(
            "imds.cmdline.credentials@10", "imds.cmdline.endpoint@10", "imds.cmdline.path@10",
            "imds.net.connection@10"),
        output.findingKeys());
    assertEquals(sortedCopy(direct.findings()), output.findingKeys());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), output.skippedLines());
    assertEquals(direct.skippedLines(), output.skippedLines());
    for (SkippedRecord record : output.skipped()) {
      assertTrue(record.reason().startsWith("invalid JSON"), record.reason());
      assertTrue(record.record().startsWith("Mon Nov 30 09:10:11 2026: "), record.record());
      assertEquals(Samples.FALCO_KUBECTL.toString(), record.source());
    }
  }

  @Test
  void sysmonWinlogbeatMatchesDirectScan() throws Exception {
    JobOutput output =
        run(
            Samples.sourceLines(Samples.SYSMON_WINLOGBEAT),
            TypeInformation.of(SourceLine.class),
            ImdsDetectFunction.forSourceLines(DetectionConfig.of("sysmon")));
    Samples.DirectScan direct = Samples.scanDirectly(Samples.SYSMON_WINLOGBEAT, "sysmon");

    assertEquals(
        List.of(
            "imds.cmdline.credentials@1", "imds.cmdline.credentials@2",
            "imds.cmdline.endpoint@1", "imds.cmdline.endpoint@2", "imds.cmdline.path@1",
            "imds.dns.query@3"),
        output.findingKeys());
    assertEquals(sortedCopy(direct.findings()), output.findingKeys());
    assertEquals(2L, output.counters().get("suppressedMatches"));
    assertEquals(direct.suppressed(), output.counters().get("suppressedMatches").intValue());
  }

  @Test
  void textRecordsCountAndSkipMalformed() throws Exception {
    List<String> records = new ArrayList<>(Files.readAllLines(Samples.ECS));
    records.add("{\"process\":{\"command_line\":\"curl http://169.254.169.254/");
    records.add("not json at all");
    records.add("   ");
    DetectionConfig config = DetectionConfig.of("ecs").withSourceName("ecs-topic");

    JobOutput output = run(records, Types.STRING, ImdsDetectFunction.forText(config));

    assertEquals(15, output.findings().size());
    for (DetectionResult result : output.findings()) {
      assertEquals("ecs-topic", result.source());
      assertEquals(1, result.line());
    }
    assertEquals(
        List.of("empty record", "invalid JSON", "invalid JSON"),
        sorted(output.skipped(), record -> record.reason().startsWith("invalid JSON")
            ? "invalid JSON" : record.reason()));
    for (SkippedRecord record : output.skipped()) {
      assertEquals("ecs-topic", record.source());
      assertEquals(1, record.line());
    }
    assertEquals(11L, output.counters().get("records"));
    assertEquals(8L, output.counters().get("events"));
    assertEquals(15L, output.counters().get("findings"));
    assertEquals(2L, output.counters().get("suppressedMatches"));
    assertEquals(3L, output.counters().get("skippedRecords"));
    assertEquals(0L, output.counters().get("ignoredRecords"));
  }

  @Test
  void sysmonSyslogCountsIgnoredLine() throws Exception {
    JobOutput output =
        run(
            Samples.sourceLines(Samples.SYSMON_SYSLOG),
            TypeInformation.of(SourceLine.class),
            ImdsDetectFunction.forSourceLines(DetectionConfig.of("sysmon")));

    assertEquals(
        sortedCopy(Samples.scanDirectly(Samples.SYSMON_SYSLOG, "sysmon").findings()),
        output.findingKeys());
    assertEquals(5, output.findings().size());
    assertEquals(1L, output.counters().get("ignoredRecords"));
    assertEquals(0L, output.counters().get("skippedRecords"));
    assertEquals(List.of(), output.skipped());
  }

  @Test
  void unknownFormatFailsJob() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.fromData(List.of("{}"), Types.STRING)
        .process(ImdsDetectFunction.forText(DetectionConfig.of("no-such-format")))
        .sinkTo(new DiscardingSink<>());

    Exception failure = assertThrows(Exception.class, () -> env.execute("unknown format"));

    Throwable cause = failure;
    while (cause != null && !(cause instanceof IllegalStateException)) {
      cause = cause.getCause();
    }
    assertTrue(cause != null, "no IllegalStateException in the cause chain of " + failure);
    assertTrue(
        cause.getMessage().startsWith("no event parser for format 'no-such-format'"),
        cause.getMessage());
    assertTrue(cause.getMessage().contains("ecs"), cause.getMessage());
  }
}

package io.github.imdsdetect.flink;

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
import java.util.List;

/** The repository's sample files and what the detector finds in them when run directly. */
final class Samples {
  static final Path ROOT = Path.of("../../samples");
  static final Path ECS = ROOT.resolve("ecs/constructed/elastic_agent_t1552_005.ndjson");
  static final Path FALCO_KUBECTL = ROOT.resolve("falco/constructed/falco_kubectl_logs.log");
  static final Path FALCO_ALERTS = ROOT.resolve("falco/constructed/falco_imds_alerts.json");
  static final Path SYSMON_WINLOGBEAT =
      ROOT.resolve("sysmon/constructed/winlogbeat_sysmon_imds.ndjson");
  static final Path SYSMON_SYSLOG = ROOT.resolve("sysmon/constructed/sysmon_linux_syslog_imds.log");

  private Samples() {}

  /** What one direct scan of a whole file found. */
  record DirectScan(List<String> findings, List<Long> skippedLines, int suppressed) {}

  /**
   * Parses the whole file in one call and runs the default rule set on each event, without
   * Flink. Findings are given as {@code ruleId@line}.
   */
  static DirectScan scanDirectly(Path file, String format) throws IOException {
    EventParser parser =
        RecordScanner.loadParser(format, Thread.currentThread().getContextClassLoader());
    Detector detector = Detector.create(RuleSet.defaults());
    List<String> findings = new ArrayList<>();
    List<Long> skippedLines = new ArrayList<>();
    int[] suppressed = new int[1];
    try (InputStream in = Files.newInputStream(file)) {
      parser.parse(in, file.toString(), ParseLimits.DEFAULTS, new ParseSink() {
        @Override
        public void event(Event event) {
          var verdict = detector.evaluate(event);
          suppressed[0] += verdict.suppressions().size();
          for (Finding finding : verdict.findings()) {
            findings.add(finding.ruleId() + "@" + finding.origin().line());
          }
        }

        @Override
        public void skipped(long line, String reason) {
          skippedLines.add(line);
        }
      });
    }
    return new DirectScan(findings, skippedLines, suppressed[0]);
  }

  /** Returns the file's non-blank lines, numbered from 1 by their line in the file. */
  static List<SourceLine> sourceLines(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<SourceLine> result = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        result.add(new SourceLine(file.toString(), i + 1, lines.get(i)));
      }
    }
    return result;
  }
}

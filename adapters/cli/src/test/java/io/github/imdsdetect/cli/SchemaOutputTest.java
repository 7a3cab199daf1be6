package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --output ocsf and --output ecs on a real sample. */
class SchemaOutputTest {
  private static final String SAMPLE = "../../samples/auditd/constructed/aws_imds_access.log";

  @Test
  void ocsfWritesOneDetectionFindingPerFinding() {
    int findings = JsonLines.parseAll(CliRun.run("scan", SAMPLE)).size();
    CliRun run = CliRun.run("scan", "--output", "ocsf", SAMPLE);
    assertEquals(ExitCode.FINDINGS, run.exitCode(), run.describe());
    List<String> lines = run.outLines();
    assertEquals(findings, lines.size(), run.describe());
    for (String line : lines) {
      assertTrue(line.startsWith("{"), line);
      assertTrue(line.contains("\"class_uid\":2004"), line);
    }
  }

  @Test
  void ecsWritesAlertDocuments() {
    CliRun run = CliRun.run("scan", "--output", "ecs", SAMPLE);
    assertEquals(ExitCode.FINDINGS, run.exitCode(), run.describe());
    for (String line : run.outLines()) {
      assertTrue(line.contains("\"kind\":\"alert\""), line);
      assertTrue(line.contains("T1552.005"), line);
    }
  }

  @Test
  void explainWithSchemaOutputIsUsageError() {
    CliRun run = CliRun.run("scan", "--output", "ocsf", "--explain", SAMPLE);
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("--explain works with --output json or text"), run.describe());
  }

  @Test
  void jsonLineCountMatchesFindingsInSummary() {
    CliRun run = CliRun.run("scan", SAMPLE);
    List<Map<String, Object>> lines = JsonLines.parseAll(run);
    assertTrue(run.err().contains("findings: " + lines.size()), run.describe());
  }

  @Test
  void summaryPointsSecurityEventsToWindowsFormat() {
    CliRun run = CliRun.run("scan",
        "../../samples/sysmon/mordor_covenant_psremoting_grunt_lines2900-3650.json");
    assertTrue(run.err().contains("with --format windows to read them"), run.describe());
  }

  @Test
  void summaryHasNoWindowsNoteWithoutSecurityEvents() {
    CliRun run = CliRun.run("scan", SAMPLE);
    assertTrue(!run.err().contains("--format windows"), run.describe());
  }
}

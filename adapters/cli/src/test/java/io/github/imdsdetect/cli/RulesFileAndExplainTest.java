package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan options --rules and --explain, and rules --rules. */
class RulesFileAndExplainTest {
  private static final String SSM_SAMPLE = "../../samples/auditd/constructed/aws_ssm_agent_benign.log";
  private static final String CURL_SAMPLE = "../../samples/auditd/constructed/aws_imds_access.log";

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void rulesFileDisablesRule() throws IOException {
    Path rules = write("rules.ini", "[rule imds.net.connection]\ndisable = true\n");
    CliRun run = CliRun.run("scan", "--rules", rules.toString(), CURL_SAMPLE);
    assertEquals(ExitCode.FINDINGS, run.exitCode(), run.describe());
    for (Map<String, Object> finding : JsonLines.parseAll(run)) {
      assertTrue(!finding.get("rule_id").equals("imds.net.connection"), run.describe());
    }
    assertTrue(run.err().contains("profile default + " + rules), run.describe());
  }

  @Test
  void rulesFileAllowEntryQuietsItsExecutable() throws IOException {
    Path rules = write("rules.ini", String.join("\n",
        "[allow backup.agent]",
        "rules = *",
        "executable = /opt/backup/bin/imds-reader",
        "reason = \"test: the backup job reads the instance id\"",
        ""));
    String events = String.join("\n",
        "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"category\":[\"network\"]},"
            + "\"process\":{\"executable\":\"/opt/backup/bin/imds-reader\"},"
            + "\"destination\":{\"ip\":\"169.254.169.254\",\"port\":80}}",
        "{\"@timestamp\":\"2026-01-01T00:00:01Z\",\"event\":{\"category\":[\"network\"]},"
            + "\"process\":{\"executable\":\"/opt/other/bin/imds-reader\"},"
            + "\"destination\":{\"ip\":\"169.254.169.254\",\"port\":80}}",
        "");
    CliRun run = CliRun.runWithInput(events.getBytes(StandardCharsets.UTF_8),
        "scan", "--format", "ecs", "--rules", rules.toString(), "--show-suppressed", "-");
    List<Map<String, Object>> lines = JsonLines.parseAll(run);
    assertEquals(2, lines.size(), run.describe());
    assertEquals("backup.agent", lines.get(0).get("exclusion"), run.describe());
    assertEquals(null, lines.get(1).get("suppressed"), run.describe());
    assertEquals(2L, lines.get(1).get("line"), run.describe());
  }

  @Test
  void invalidRulesFileIsUsageErrorWithLine() throws IOException {
    Path rules = write("bad.ini", "[rule imds.net.connection]\nseverity = loud\n");
    CliRun run = CliRun.run("scan", "--rules", rules.toString(), CURL_SAMPLE);
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains(rules + ":2"), run.describe());
    assertEquals("", run.out());
  }

  @Test
  void missingRulesFileIsUsageError() {
    CliRun run = CliRun.run("scan", "--rules", dir.resolve("none.ini").toString(), CURL_SAMPLE);
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("file not found"), run.describe());
  }

  @Test
  void rulesCommandListsChangedSet() throws IOException {
    Path rules = write("rules.ini", "[rule imds.http.header]\ndisable = true\n");
    CliRun run = CliRun.run("rules", "--rules", rules.toString());
    assertEquals(ExitCode.CLEAN, run.exitCode(), run.describe());
    assertTrue(!run.out().contains("imds.http.header"), run.describe());
    assertTrue(run.out().contains("imds.net.connection"), run.describe());
  }

  @Test
  void explainJsonShowsConsideredExclusions() {
    CliRun run = CliRun.run("scan", "--explain", SSM_SAMPLE);
    assertEquals(ExitCode.CLEAN, run.exitCode(), run.describe());
    List<Map<String, Object>> lines = JsonLines.parseAll(run);
    assertEquals(1, lines.size(), run.describe());
    Map<?, ?> explanation = (Map<?, ?>) lines.get(0).get("explanation");
    List<?> rules = (List<?>) explanation.get("rules");
    Map<?, ?> connection = (Map<?, ?>) rules.get(0);
    assertEquals("imds.net.connection", connection.get("rule_id"));
    assertEquals(false, connection.get("fired"));
    boolean ssmApplied = false;
    for (Object check : (List<?>) connection.get("exclusions")) {
      Map<?, ?> exclusion = (Map<?, ?>) check;
      if (exclusion.get("id").equals("agent.amazon-ssm-agent")) {
        ssmApplied = (Boolean) exclusion.get("applied");
      } else {
        assertEquals(false, exclusion.get("applied"), run.describe());
      }
    }
    assertTrue(ssmApplied, run.describe());
  }

  @Test
  void explainTextIndentsUnderFindings() {
    CliRun run = CliRun.run("scan", "--explain", "--output", "text", CURL_SAMPLE);
    assertTrue(run.out().contains("    rule imds.cmdline.credentials fired"), run.describe());
    assertTrue(run.out().contains("exclusion agent.amazon-ssm-agent does not apply"),
        run.describe());
  }
}

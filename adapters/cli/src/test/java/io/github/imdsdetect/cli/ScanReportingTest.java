package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Findings, suppressions, accounting on standard error, and exit codes, on test-format input. */
class ScanReportingTest {
  private static final String CURL =
      "process_executable=/usr/bin/curl\tprocess_name=curl\thost=web-1\tuser=ubuntu"
          + "\tcommand_line=curl http://169.254.169.254/latest/meta-data/iam/security-credentials/";
  private static final String SSM_AGENT_CONNECTION =
      "process_executable=/usr/bin/amazon-ssm-agent\tprocess_name=amazon-ssm-agent"
          + "\tdestination_address=169.254.169.254\tdestination_port=80";
  private static final String BENIGN = "process_executable=/usr/bin/ls\tcommand_line=ls -l /tmp";

  @TempDir Path dir;

  @Test
  void cleanInputExitsZero() throws IOException {
    Path file = events(BENIGN, BENIGN);

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertEquals("", run.out());
    assertTrue(run.err().contains("  events: 2\n"), run.describe());
    assertTrue(run.err().contains("  findings: 0\n"), run.describe());
  }

  @Test
  void findingFieldsAreWritten() throws IOException {
    Path file = events(BENIGN, CURL);

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    List<Map<String, Object>> findings = JsonLines.parseAll(run);
    assertEquals(3, findings.size(), run.describe());
    Map<String, Object> credentials = findings.get(1);
    assertEquals(file.toString(), credentials.get("source"));
    assertEquals(3L, credentials.get("line"));
    assertEquals("imds.cmdline.credentials", credentials.get("rule_id"));
    // The rule's severity is high, and core raises it to critical for a downloader such as curl.
    assertTrue(Set.of("high", "critical").contains(credentials.get("severity")),
        run.describe());
    assertEquals("T1552.005", credentials.get("technique"));
    assertEquals("process.command_line", credentials.get("field"));
    assertEquals("contains:iam/security-credentials", credentials.get("indicator"));
    assertEquals("iam/security-credentials", credentials.get("matched"));
    assertEquals(45L, credentials.get("offset"));
    assertEquals("aws", credentials.get("provider"));
    assertEquals("credentials", credentials.get("data_kind"));
    assertTrue(((String) credentials.get("reason")).contains("/usr/bin/curl"));
    assertTrue(credentials.containsKey("title"));
    assertNull(credentials.get("suppressed"));
    @SuppressWarnings("unchecked")
    Map<String, Object> event = (Map<String, Object>) credentials.get("event");
    assertEquals("web-1", event.get("host"));
    assertEquals("ubuntu", event.get("user"));
    assertEquals("curl", event.get("process_name"));
    assertEquals("/usr/bin/curl", event.get("process_executable"));
    assertFalse(event.containsKey("destination_address"), "absent fields are left out");
    assertFalse(event.containsKey("destination_port"), "absent fields are left out");
    assertEquals(List.of("imds.cmdline.endpoint", "imds.cmdline.credentials", "imds.cmdline.path"),
        findings.stream().map(f -> f.get("rule_id")).toList());
  }

  @Test
  void jsonFieldOrderIsStable() throws IOException {
    Path file = events(CURL);

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(
        List.of("source", "line", "rule_id", "title", "severity", "technique", "field",
            "indicator", "matched", "offset", "provider", "data_kind", "reason", "event"),
        List.copyOf(JsonLines.parseAll(run).get(0).keySet()));
  }

  @Test
  void suppressedMatchesAreCountedButHidden() throws IOException {
    Path file = events(SSM_AGENT_CONNECTION);

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertEquals("", run.out());
    assertTrue(run.err().contains("  suppressed matches: 1\n    agent.amazon-ssm-agent: 1\n"),
        run.describe());
  }

  @Test
  void showSuppressedWritesQuietedMatches() throws IOException {
    Path file = events(SSM_AGENT_CONNECTION);

    CliRun run = CliRun.run("scan", "--show-suppressed", file.toString());

    assertEquals(0, run.exitCode(), "suppressed matches are not findings\n" + run.describe());
    List<Map<String, Object>> lines = JsonLines.parseAll(run);
    assertEquals(1, lines.size(), run.describe());
    Map<String, Object> quieted = lines.get(0);
    assertEquals("imds.net.connection", quieted.get("rule_id"));
    assertEquals(true, quieted.get("suppressed"));
    assertEquals("agent.amazon-ssm-agent", quieted.get("exclusion"));
    assertTrue(((String) quieted.get("suppression_reason")).contains("/usr/bin/amazon-ssm-agent"));
    @SuppressWarnings("unchecked")
    Map<String, Object> event = (Map<String, Object>) quieted.get("event");
    assertEquals(80L, event.get("destination_port"));
  }

  @Test
  void showSuppressedInTextMode() throws IOException {
    Path file = events(SSM_AGENT_CONNECTION);

    CliRun run = CliRun.run("scan", "--show-suppressed", "--output", "text", file.toString());

    assertEquals(1, run.outLines().size(), run.describe());
    String line = run.outLines().get(0);
    assertTrue(line.startsWith(file + ":2 MEDIUM imds.net.connection matched '169.254.169.254' in"
        + " destination.address: destination.address "), line);
    assertTrue(line.contains(" (suppressed by agent.amazon-ssm-agent: "), line);
    assertTrue(line.endsWith(")"), line);
  }

  @Test
  void qradarProfileQuietsByCommandLineWords() throws IOException {
    // The reference AQL rule excludes any command line containing "waagent"; the default
    // profile excuses agents only by process identity.
    String disguised = "process_executable=/tmp/x\tcommand_line=curl 169.254.169.254 # waagent";
    Path file = events(disguised);

    CliRun qradar = CliRun.run("scan", "--profile", "qradar", "--show-suppressed", file.toString());
    CliRun defaults = CliRun.run("scan", file.toString());

    assertEquals(0, qradar.exitCode(), qradar.describe());
    assertEquals(1, qradar.outLines().size(), qradar.describe());
    Map<String, Object> quieted = JsonLines.parseObject(qradar.outLines().get(0));
    assertEquals("qradar.pattern2.cmdline", quieted.get("rule_id"));
    assertEquals("process.command_line NOT ILIKE '%waagent%'", quieted.get("exclusion"));
    assertEquals(1, defaults.exitCode(), defaults.describe());
    assertEquals("imds.cmdline.endpoint", JsonLines.parseObject(defaults.outLines().get(0))
        .get("rule_id"));
  }

  @Test
  void qradarEqualsRuleOmitsOffset() throws IOException {
    Path file = events("process_name=nc\tdestination_address=169.254.169.254");

    CliRun run = CliRun.run("scan", "--profile", "qradar", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    Map<String, Object> finding = JsonLines.parseObject(run.outLines().get(0));
    assertEquals("qradar.pattern1.connection", finding.get("rule_id"));
    assertFalse(finding.containsKey("offset"), run.describe());
  }

  @Test
  void accountingIsWrittenToStandardError() throws IOException {
    Path file = events(
        CURL,
        BENIGN,
        "!ignore Security event 5156",
        "!ignore Security event 5156",
        "!ignore Windows PowerShell event 400",
        "!skip invalid JSON: unexpected end of input",
        "!truncate line",
        "!truncate process.command_line",
        "",
        SSM_AGENT_CONNECTION);

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    String expectedSummary = String.join("\n",
        "imds-detect: summary (profile default)",
        "  files scanned: 1 of 1",
        "  lines read: 11",
        "    in events: 3",
        "    in ignored records: 3",
        "    skipped: 1",
        "    blank: 1",
        "    header or comment: 3",
        "  events: 3",
        "    with findings: 1",
        "    without findings: 2",
        "  findings: 3",
        "    imds.cmdline.credentials: 1",
        "    imds.cmdline.endpoint: 1",
        "    imds.cmdline.path: 1",
        "  suppressed matches: 1",
        "    agent.amazon-ssm-agent: 1",
        "  ignored records: 3",
        "    Security event 5156: 2",
        "    Windows PowerShell event 400: 1",
        "    note: Windows Security 4688 and 5156 events were ignored; scan the same files with"
            + " --format windows to read them",
        "  skipped records: 1",
        "  incomplete events: 0",
        "  lines truncated: 1",
        "  fields truncated: 1",
        "");
    assertTrue(run.err().endsWith(expectedSummary), run.describe());
    assertTrue(run.err().contains(file + ":7: skipped: invalid JSON: unexpected end of input\n"),
        run.describe());
    assertTrue(run.err().contains("imds-detect: " + file + ": read as test-events (detected,"
        + " score 100): 11 lines, 3 events, 3 findings, 1 suppressed, 3 ignored, 1 skipped\n"),
        run.describe());
  }

  @Test
  void skippedMessagesStopAtMaxErrors() throws IOException {
    String[] lines = new String[30];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "!skip reason " + i;
    }
    Path file = events(lines);

    CliRun run = CliRun.run("scan", "--max-errors", "5", file.toString());

    assertEquals(0, run.exitCode(), run.describe());
    long skipMessages = run.errLines().stream().filter(l -> l.contains(": skipped: ")).count();
    assertEquals(5, skipMessages, run.describe());
    assertTrue(run.err().contains(file + ":6: skipped: reason 4\n"), run.describe());
    assertFalse(run.err().contains("reason 5\n"), run.describe());
    assertTrue(run.err().contains("imds-detect: ... and 25 more skipped lines"), run.describe());
    assertTrue(run.err().contains("  skipped records: 30\n"), run.describe());
  }

  @Test
  void maxErrorsZeroShowsNoSkippedLines() throws IOException {
    Path file = events("!skip one", "!skip two");

    CliRun run = CliRun.run("scan", "--max-errors", "0", file.toString());

    assertFalse(run.err().contains(": skipped: "), run.describe());
    assertTrue(run.err().contains("... and 2 more skipped lines"), run.describe());
  }

  @Test
  void defaultMaxErrorsIsTwenty() throws IOException {
    String[] lines = new String[25];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "!skip reason " + i;
    }
    Path file = events(lines);

    CliRun run = CliRun.run("scan", file.toString());

    long skipMessages = run.errLines().stream().filter(l -> l.contains(": skipped: ")).count();
    assertEquals(20, skipMessages, run.describe());
    assertTrue(run.err().contains("... and 5 more skipped lines"), run.describe());
  }

  @Test
  void incompleteAuditdEventCountedAndShown() throws IOException {
    // The first lines of a rotated audit.log: the SYSCALL record of serial 4 is not in the file.
    Path file = auditLog(
        "type=EXECVE msg=audit(1700000000.100:4): argc=2 a0=\"curl\""
            + " a1=\"http://169.254.169.254/latest/meta-data/\"",
        "type=PROCTITLE msg=audit(1700000000.100:4): proctitle=\"curl\"",
        "type=SYSCALL msg=audit(1700000000.200:5): arch=c000003e syscall=59 success=yes exit=0"
            + " pid=5 uid=0 comm=\"ls\" exe=\"/usr/bin/ls\"");

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains(file + ":1: incomplete event: EXECVE, PROCTITLE records"
        + " without their SYSCALL record\n"), run.describe());
    assertTrue(run.err().contains(", 0 skipped, 1 incomplete\n"), run.describe());
    assertTrue(run.err().contains("  incomplete events: 1\n"), run.describe());
    assertTrue(run.err().contains("  events: 2\n"), run.describe());
    assertTrue(run.err().contains("    in events: 3\n"), run.describe());
    List<Map<String, Object>> findings = JsonLines.parseAll(run);
    assertFalse(findings.isEmpty(), run.describe());
    assertEquals(1L, findings.get(0).get("line"));
  }

  @Test
  void completeAuditdEventsReportNoneIncomplete() throws IOException {
    Path file = auditLog(
        "type=SYSCALL msg=audit(1700000000.200:5): arch=c000003e syscall=42 success=yes exit=0"
            + " pid=5 uid=0 comm=\"nc\" exe=\"/usr/bin/nc\"",
        "type=SOCKADDR msg=audit(1700000000.200:5): saddr=0200005008080808");

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertFalse(run.err().contains("incomplete event:"), run.describe());
    assertFalse(run.err().contains(" incomplete\n"), run.describe());
    assertTrue(run.err().contains("  incomplete events: 0\n"), run.describe());
  }

  @Test
  void incompleteMessagesShareMaxErrors() throws IOException {
    Path file = auditLog(
        "type=SYSCALL msg=audit(1700000000.100",
        "type=SOCKADDR msg=audit(1700000000.100:1): saddr=0200005008080808",
        "type=SOCKADDR msg=audit(1700000000.100:2): saddr=0200005008080808",
        "type=SOCKADDR msg=audit(1700000000.100:3): saddr=0200005008080808");

    CliRun run = CliRun.run("scan", "--format", "auditd", "--max-errors", "2", file.toString());

    assertTrue(run.err().contains(file + ":1: skipped: "), run.describe());
    assertTrue(run.err().contains(file + ":2: incomplete event: SOCKADDR records without their"
        + " SYSCALL record\n"), run.describe());
    assertFalse(run.err().contains(file + ":3: incomplete event"), run.describe());
    assertTrue(run.err().contains("imds-detect: ... and 2 more incomplete events"
        + " (raise --max-errors to list them)\n"), run.describe());
    assertFalse(run.err().contains("more skipped lines"), run.describe());
    assertTrue(run.err().contains("  skipped records: 1\n"), run.describe());
    assertTrue(run.err().contains("  incomplete events: 3\n"), run.describe());
  }

  @Test
  void adapterBugIsInternalError() throws IOException {
    Path file = events(CURL, "!throw index 7 out of bounds", CURL);
    Path next = events(CURL);

    CliRun run = CliRun.run("scan", file.toString(), next.toString());

    assertEquals(3, run.exitCode(), run.describe());
    assertTrue(run.err().contains("imds-detect: internal error while reading " + file
        + " line 2: IllegalStateException: index 7 out of bounds"
        + " (set IMDS_DETECT_DEBUG=1 to print the stack trace)\n"), run.describe());
    assertFalse(run.err().contains("\tat "), run.describe());
    assertEquals(6, run.outLines().size(), "findings before the error and of the next file");
    assertTrue(run.err().contains("files scanned: 1 of 2"), run.describe());
  }

  @Test
  void readErrorFromAdapterExitsTwo() throws IOException {
    Path file = events(CURL, "!ioerror device gone");

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(2, run.exitCode(), run.describe());
    assertTrue(run.err().contains("cannot read " + file + " after line 2: device gone"),
        run.describe());
    assertEquals(3, run.outLines().size(), run.describe());
  }

  @Test
  void unreadableFileOutranksFindings() throws IOException {
    Path file = events(CURL);

    CliRun run = CliRun.run("scan", file.toString(), dir.resolve("missing").toString());

    assertEquals(2, run.exitCode(), run.describe());
    assertEquals(3, run.outLines().size(), run.describe());
  }

  @Test
  void summaryAddsUpFiles() throws IOException {
    Path first = events(CURL);
    Path second = events(BENIGN, "!skip broken");

    CliRun run = CliRun.run("scan", first.toString(), second.toString());

    assertTrue(run.err().contains("  files scanned: 2 of 2\n  lines read: 5\n"
        + "    in events: 2\n    in ignored records: 0\n    skipped: 1\n    blank: 0\n"
        + "    header or comment: 2\n  events: 2\n"), run.describe());
  }

  @Test
  void unaccountedLinesAreWarnedAbout() throws IOException {
    Path file = events(CURL, "!unaccounted", "!unaccounted", BENIGN);

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.err().contains("imds-detect: warning: " + file + ": the test-events parser"
        + " reported what 3 lines were used for, but read 5 lines, so the line breakdown in the"
        + " summary does not add up\n"), run.describe());
    assertTrue(run.err().contains("    header or comment: 1\n    not accounted for: 2\n"
        + "  events: 2\n"), run.describe());
  }

  private Path auditLog(String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "audit", ".log");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private Path events(String... lines) throws IOException {
    StringBuilder text = new StringBuilder(TestEventsParser.HEADER).append('\n');
    for (String line : lines) {
      text.append(line).append('\n');
    }
    Path file = Files.createTempFile(dir, "events", ".txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}

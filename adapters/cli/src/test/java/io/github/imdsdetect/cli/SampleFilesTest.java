package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the scanner with the real adapters (runtime dependencies of this module) over the files in
 * the repository's {@code samples} directory, with format detection, and checks each finding by
 * line and rule id. Expectations come from reading the samples and their READMEs, not from
 * earlier output.
 */
class SampleFilesTest {
  /** The samples directory, relative to this module's directory, where Maven runs tests. */
  private static final Path SAMPLES = Path.of("../../samples");

  private static final String NET = "imds.net.connection";
  private static final String ENDPOINT = "imds.cmdline.endpoint";
  private static final String CREDENTIALS = "imds.cmdline.credentials";
  private static final String PATH = "imds.cmdline.path";
  private static final String QRADAR_CONNECTION = "qradar.pattern1.connection";
  private static final String QRADAR_CMDLINE = "qradar.pattern2.cmdline";

  /**
   * The 15 rows of the constructed QRadar samples, in file order, with the verdicts of both
   * profiles. Each entry: row index, default findings, default suppressions, qradar findings,
   * qradar suppressions. See samples/qradar/constructed/README.md for what each row simulates.
   */
  private static final Object[][] QRADAR_ROWS = {
    // 4: curl copied to /tmp/google-guest-agent. QRadar rows carry no executable path, but the
    // command line starts with a /tmp path, so the default profile does not excuse it by name.
    {4, List.of(ENDPOINT, CREDENTIALS, PATH), List.of(),
        List.of(), List.of(QRADAR_CMDLINE + " process.command_line NOT ILIKE '%google_guest_agent%'")},
    // 5: "# cloud-init" appended to hit the AQL exclusion.
    {5, List.of(ENDPOINT, CREDENTIALS, PATH), List.of(),
        List.of(), List.of(QRADAR_CMDLINE + " process.command_line NOT ILIKE '%cloud-init%'")},
    // 6: a connection without a process name, which SQL NULL drops from the AQL result.
    {6, List.of(NET), List.of(),
        List.of(), List.of(QRADAR_CONNECTION + " process.name NOT ILIKE '%AzureGuestAgent%'")},
    {7, List.of(ENDPOINT, CREDENTIALS, PATH), List.of(), List.of(QRADAR_CMDLINE), List.of()},
    {8, List.of(NET), List.of(), List.of(QRADAR_CONNECTION), List.of()},
    {9, List.of(), List.of(NET + " agent.google-guest-agent"),
        List.of(), List.of(QRADAR_CONNECTION + " process.name NOT ILIKE '%google_guest_agent%'")},
    {10, List.of(ENDPOINT, CREDENTIALS, PATH), List.of(), List.of(QRADAR_CMDLINE), List.of()},
    {11, List.of(), List.of(NET + " agent.azure-guest-agent"),
        List.of(), List.of(QRADAR_CONNECTION + " process.name NOT ILIKE '%AzureGuestAgent%'")},
    {12, List.of(ENDPOINT, CREDENTIALS, PATH), List.of(), List.of(QRADAR_CMDLINE), List.of()},
    {13, List.of(), List.of(NET + " agent.amazon-ssm-agent"),
        List.of(), List.of(QRADAR_CONNECTION + " process.name NOT ILIKE '%amazon-ssm-agent%'")},
    {14, List.of(ENDPOINT, CREDENTIALS, PATH), List.of(), List.of(QRADAR_CMDLINE), List.of()},
  };

  @ParameterizedTest
  @CsvSource({
    "auditd/constructed/aws_imds_access.log,                auditd",
    "auditd/constructed/aws_imds_evasion.log,               auditd",
    "auditd/golibaudit_normal.log,                          auditd",
    "auditd/golibaudit_audit-rhel7.log,                     auditd",
    "auditd/mordor_sh_arp_cache_audit.log,                  auditd",
    "sysmon/constructed/sysmon_events_imds.xml,             sysmon",
    "sysmon/constructed/sysmon_linux_syslog_imds.log,       sysmon",
    "sysmon/constructed/winlogbeat_sysmon_imds.ndjson,      sysmon",
    "sysmon/mordor_covenant_psremoting_grunt_lines2900-3650.json, sysmon",
    "sysmon/mordor_cmd_bitsadmin_download_psh_script.json,  sysmon",
    "sysmon/mordor_log4shell_sysmon_win_azurela.json,       sysmon",
    "sysmon/mordor_log4shell_sysmon_linux_syslog_azurela.json, sysmon",
    "sysmon/sigma_regression_proc_creation_win_curl_download_direct_ip_exec.json, sysmon",
    "ecs/constructed/elastic_agent_t1552_005.ndjson,        ecs",
    "ecs/constructed/elasticsearch_search_response.json,    ecs",
    "ecs/beats_auditbeat_auditd_meta_data.json,             ecs",
    "ecs/beats_packetbeat_golden_http_basic_auth-expected.json, ecs",
    "qradar/constructed/ariel_search_results.json,          qradar-json",
    "qradar/constructed/ariel_search_results.csv,           qradar-csv",
    "qradar/demisto_qradar_v2_raw_responses.json,           qradar-json",
  })
  void formatIsDetected(String sample, String format) {
    Path file = sample(sample);

    CliRun run = CliRun.run("scan", file.toString());

    assertTrue(run.err().contains(file + ": read as " + format + " (detected, score "),
        run.describe());
    assertTrue(run.exitCode() <= 1, run.describe());
  }

  @Test
  void auditdAwsCredentialScenario() {
    // curl and then python3 read the IAM role credentials. Each process has an execve event and
    // a connect event whose PROCTITLE gives the command line. The connect events also carry the
    // metadata address in SOCKADDR.
    assertFindings("auditd/constructed/aws_imds_access.log", "default",
        "1 " + ENDPOINT, "1 " + CREDENTIALS, "1 " + PATH,
        "7 " + NET, "7 " + ENDPOINT, "7 " + CREDENTIALS, "7 " + PATH,
        "10 " + ENDPOINT, "10 " + CREDENTIALS, "10 " + PATH,
        "16 " + NET, "16 " + ENDPOINT, "16 " + CREDENTIALS, "16 " + PATH);
  }

  @Test
  void auditdEnrichedLogWithNodePrefix() {
    assertFindings("auditd/constructed/aws_imds_access_enriched.log", "default",
        "1 " + ENDPOINT, "1 " + CREDENTIALS, "1 " + PATH,
        "7 " + NET, "7 " + ENDPOINT, "7 " + CREDENTIALS, "7 " + PATH);
  }

  @Test
  void auditdEvasionScenario() {
    // The decimal address 2852039166 and the IPv6 address fd00:ec2::254 in place of
    // 169.254.169.254.
    CliRun run = assertFindings("auditd/constructed/aws_imds_evasion.log", "default",
        "1 " + ENDPOINT, "1 " + PATH,
        "7 " + NET, "7 " + ENDPOINT, "7 " + PATH,
        "10 " + ENDPOINT, "10 " + PATH,
        "16 " + NET, "16 " + ENDPOINT, "16 " + PATH);
    List<Map<String, Object>> findings = JsonLines.parseAll(run);
    assertEquals("2852039166", findings.get(0).get("matched"));
    assertEquals("169.254.169.254", findings.get(2).get("matched"));
    assertEquals("fd00:ec2::254", findings.get(5).get("matched"));
    assertEquals("fd00:ec2::254", findings.get(7).get("matched"));
  }

  @Test
  void auditdAzureTokenScenario() {
    // curl -H Metadata:true requests an Azure managed-identity token.
    assertFindings("auditd/constructed/azure_imds_token.log", "default",
        "1 " + ENDPOINT, "1 " + CREDENTIALS, "1 " + PATH,
        "7 " + NET, "7 " + ENDPOINT, "7 " + CREDENTIALS, "7 " + PATH);
  }

  @Test
  void auditdGcpTokenScenario() {
    // curl requests a GCP service-account token. Line 7 is its DNS lookup of
    // metadata.google.internal, to port 53 of the metadata address, and line 10 its HTTP
    // connection.
    assertFindings("auditd/constructed/gcp_metadata_token.log", "default",
        "1 " + ENDPOINT, "1 " + CREDENTIALS, "1 " + PATH,
        "7 " + NET, "7 " + ENDPOINT, "7 " + CREDENTIALS, "7 " + PATH,
        "10 " + NET, "10 " + ENDPOINT, "10 " + CREDENTIALS, "10 " + PATH);
  }

  @Test
  void auditdSsmAgentIsQuieted() {
    Path file = sample("auditd/constructed/aws_ssm_agent_benign.log");

    CliRun quiet = CliRun.run("scan", file.toString());
    CliRun withSuppressed = CliRun.run("scan", "--show-suppressed", file.toString());

    assertEquals(0, quiet.exitCode(), quiet.describe());
    assertEquals("", quiet.out(), quiet.describe());
    assertEquals(List.of("1 " + NET + " agent.amazon-ssm-agent"), suppressions(withSuppressed));
  }

  @Test
  void sysmonCovenantWinhupIsQuieted() {
    // Real Mordor capture: the CloudFormation helper winhup.exe polls 169.254.169.254.
    Path file = sample("sysmon/mordor_covenant_psremoting_grunt_lines2900-3650.json");

    CliRun quiet = CliRun.run("scan", file.toString());
    CliRun withSuppressed = CliRun.run("scan", "--show-suppressed", file.toString());

    assertEquals(0, quiet.exitCode(), quiet.describe());
    assertEquals("", quiet.out(), quiet.describe());
    assertTrue(quiet.err().contains("  suppressed matches: 6\n    agent.aws-cfn-bootstrap: 6\n"),
        quiet.describe());
    assertEquals(0, withSuppressed.exitCode(), withSuppressed.describe());
    String exclusion = " " + NET + " agent.aws-cfn-bootstrap";
    assertEquals(List.of("48" + exclusion, "49" + exclusion, "542" + exclusion,
            "543" + exclusion, "699" + exclusion, "719" + exclusion),
        suppressions(withSuppressed));
    for (Map<String, Object> line : JsonLines.parseAll(withSuppressed)) {
      Map<String, Object> event = event(line);
      assertEquals("C:\\Program Files\\Amazon\\cfn-bootstrap\\winhup.exe",
          event.get("process_executable"));
      assertEquals("169.254.169.254", event.get("destination_address"));
    }
  }

  @Test
  void sysmonCovenantUnderQradarProfile() {
    // The reference AQL rule has no exclusion for the CloudFormation helper.
    Path file = sample("sysmon/mordor_covenant_psremoting_grunt_lines2900-3650.json");

    CliRun run = CliRun.run("scan", "--profile", "qradar", file.toString());

    assertEquals(List.of("48 " + QRADAR_CONNECTION, "49 " + QRADAR_CONNECTION,
            "542 " + QRADAR_CONNECTION, "543 " + QRADAR_CONNECTION,
            "699 " + QRADAR_CONNECTION, "719 " + QRADAR_CONNECTION),
        findings(run), run.describe());
  }

  @Test
  void sysmonAzureLogAnalyticsPowershell() {
    // Real Mordor Log4Shell capture exported from Azure Log Analytics: powershell.exe connects
    // to 169.254.169.254 twice.
    CliRun run = assertFindings("sysmon/mordor_log4shell_sysmon_win_azurela.json", "default",
        "2 " + NET, "15 " + NET);
    for (Map<String, Object> line : JsonLines.parseAll(run)) {
      assertEquals("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
          event(line).get("process_executable"));
      assertEquals("169.254.169.254", event(line).get("destination_address"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "ariel_search_results.json, default",
    "ariel_search_results.json, qradar",
    "ariel_search_results.csv,  default",
    "ariel_search_results.csv,  qradar",
  })
  void qradarConstructedRows(String name, String profile) {
    Path file = sample("qradar/constructed/" + name);
    boolean csv = name.endsWith(".csv");
    List<String> expectedFindings = new ArrayList<>();
    List<String> expectedSuppressions = new ArrayList<>();
    for (Object[] row : QRADAR_ROWS) {
      long line = rowLine((Integer) row[0], csv);
      int column = profile.equals("default") ? 1 : 3;
      for (Object rule : (List<?>) row[column]) {
        expectedFindings.add(line + " " + rule);
      }
      for (Object suppression : (List<?>) row[column + 1]) {
        expectedSuppressions.add(line + " " + suppression);
      }
    }

    CliRun run = CliRun.run("scan", "--profile", profile, "--show-suppressed", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    assertEquals(expectedFindings, findings(run), run.describe());
    assertEquals(expectedSuppressions, suppressions(run), run.describe());
  }

  /**
   * Returns the first line of a result row: the JSON file starts a row every 12 lines from line
   * 3, and the CSV file has a header and a first row that spans two lines.
   */
  private static long rowLine(int row, boolean csv) {
    if (csv) {
      return row == 0 ? 2 : row + 3;
    }
    return 3 + 12L * row;
  }

  /** Scans a sample with format detection and checks its findings in output order. */
  private static CliRun assertFindings(String sample, String profile, String... expected) {
    Path file = sample(sample);

    CliRun run = CliRun.run("scan", "--profile", profile, file.toString());

    assertEquals(expected.length == 0 ? 0 : 1, run.exitCode(), run.describe());
    assertEquals(List.of(expected), findings(run), run.describe());
    return run;
  }

  /** Returns "LINE RULE_ID" for each finding, keeping one entry per rule and event. */
  private static List<String> findings(CliRun run) {
    Set<String> result = new LinkedHashSet<>();
    for (Map<String, Object> line : JsonLines.parseAll(run)) {
      if (line.get("suppressed") == null) {
        result.add(line.get("line") + " " + line.get("rule_id"));
      }
    }
    return new ArrayList<>(result);
  }

  /** Returns "LINE RULE_ID EXCLUSION" for each quieted match, one per rule and event. */
  private static List<String> suppressions(CliRun run) {
    Set<String> result = new LinkedHashSet<>();
    for (Map<String, Object> line : JsonLines.parseAll(run)) {
      if (Boolean.TRUE.equals(line.get("suppressed"))) {
        result.add(line.get("line") + " " + line.get("rule_id") + " " + line.get("exclusion"));
      }
    }
    return new ArrayList<>(result);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> event(Map<String, Object> line) {
    return (Map<String, Object>) line.get("event");
  }

  private static Path sample(String name) {
    Path file = SAMPLES.resolve(name);
    assertTrue(Files.isRegularFile(file), "sample file missing: " + file.toAbsolutePath());
    return file;
  }
}

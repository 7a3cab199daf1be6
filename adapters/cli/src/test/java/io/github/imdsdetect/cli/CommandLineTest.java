package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void helpListsExitCodes(String option) {
    CliRun run = CliRun.run(option);

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().startsWith("Usage:"), run.describe());
    assertTrue(run.out().contains("Exit status"), run.describe());
    assertTrue(run.out().contains("  3  internal error"), run.describe());
    assertTrue(run.out().contains("suppression_reason"), run.describe());
    assertEquals("", run.err());
  }

  @Test
  void helpListsLoadedFormats() {
    CliRun run = CliRun.run("--help");

    assertTrue(run.out().contains(TestEventsParser.FORMAT), run.describe());
  }

  @Test
  void scanHelpShowsHelp() {
    CliRun run = CliRun.run("scan", "--help");

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().startsWith("Usage:"), run.describe());
  }

  @Test
  void versionPrintsFilteredVersion() {
    CliRun run = CliRun.run("--version");

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().matches("imds-detect \\d+\\.\\d+\\.\\d+\\S*\n"), run.describe());
    assertFalse(run.out().contains("${"), run.describe());
  }

  @Test
  void noArgumentsIsUsageError() {
    CliRun run = CliRun.run();

    assertEquals(2, run.exitCode(), run.describe());
    assertEquals("", run.out());
    assertTrue(run.err().contains("missing command"), run.describe());
    assertTrue(run.err().contains("imds-detect --help"), run.describe());
  }

  /** Each row: the arguments joined by spaces, and text the error message must contain. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "frobnicate x                       | unknown command 'frobnicate'",
        "--frobnicate                       | unknown option '--frobnicate'",
        "--version extra                    | --version takes no arguments",
        "scan --frobnicate x.log            | unknown option '--frobnicate' for scan",
        "scan -x x.log                      | unknown option '-x' for scan",
        "scan --format                      | option --format requires a value",
        "scan --format --profile qradar a   | option --format requires a value",
        "scan --format= a                   | option --format requires a value",
        "scan --format nosuch a             | invalid value 'nosuch' for --format",
        "scan --profile nosuch a            | invalid value 'nosuch' for --profile",
        "scan --output xml a                | invalid value 'xml' for --output",
        "scan --max-line-bytes abc a        | invalid value 'abc' for --max-line-bytes",
        "scan --max-line-bytes 0 a          | invalid value '0' for --max-line-bytes",
        "scan --max-field-chars 1.5 a       | invalid value '1.5' for --max-field-chars",
        "scan --max-errors -1 a             | invalid value '-1' for --max-errors",
        "scan --max-errors 99999999999 a    | invalid value '99999999999' for --max-errors",
        "scan --show-suppressed=yes a       | option --show-suppressed takes no value",
        "scan --profile qradar --profile default a | option --profile is given more than once",
        "scan                               | scan needs at least one FILE",
        "scan --profile qradar              | scan needs at least one FILE",
        "scan - -                           | standard input (-) can be scanned only once",
        "rules extra                        | rules takes no FILE arguments",
        "rules --profile                    | option --profile requires a value",
        "rules --output json                | unknown option '--output' for rules",
      })
  void invalidCommandLineIsUsageError(String args, String expectedMessage) {
    CliRun run = CliRun.run(args.trim().split(" +"));

    assertEquals(2, run.exitCode(), run.describe());
    assertEquals("", run.out(), run.describe());
    assertTrue(run.err().contains(expectedMessage), run.describe());
    assertFalse(run.err().contains("Exception"), run.describe());
    assertFalse(run.err().contains("\tat "), run.describe());
  }

  @Test
  void unknownOptionMessageListsFormats() {
    CliRun run = CliRun.run("scan", "--format=nosuch", "a.log");

    assertTrue(run.err().contains("available formats: "), run.describe());
    assertTrue(run.err().contains(TestEventsParser.FORMAT), run.describe());
  }

  @Test
  void doubleDashEndsOptions(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("--profile");
    Files.writeString(file, TestEventsParser.HEADER + "\n", StandardCharsets.UTF_8);

    CliRun run = CliRun.run("scan", "--", file.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.err().contains("files scanned: 1 of 1"), run.describe());
  }

  @Test
  void optionValueAfterEqualsSign(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.txt");
    Files.writeString(file, TestEventsParser.HEADER + "\n", StandardCharsets.UTF_8);

    CliRun run = CliRun.run(
        "scan", "--format=" + TestEventsParser.FORMAT, "--profile=qradar", "--output=text",
        "--max-errors=0", "--max-line-bytes=100", "--max-field-chars=10", file.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.err().contains("(given)"), run.describe());
    assertTrue(run.err().contains("summary (profile qradar)"), run.describe());
  }

  @Test
  void rulesListsDefaultProfile() {
    CliRun run = CliRun.run("rules");

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().startsWith("Profile default: "), run.describe());
    assertTrue(run.out().contains("  imds.net.connection  MEDIUM  "), run.describe());
    assertTrue(run.out().contains("  imds.cmdline.credentials  HIGH  "), run.describe());
    assertTrue(run.out().contains("fields: destination.address"), run.describe());
    assertTrue(run.out().contains("contains:iam/security-credentials"), run.describe());
    assertTrue(run.out().contains("\nExclusions ("), run.describe());
    assertTrue(run.out().contains("  agent.aws-cfn-bootstrap\n"), run.describe());
    assertEquals("", run.err());
  }

  @Test
  void rulesListsQradarProfile() {
    CliRun run = CliRun.run("rules", "--profile", "qradar");

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.out().startsWith("Profile qradar: "), run.describe());
    assertTrue(run.out().contains("Rules (2):"), run.describe());
    assertTrue(run.out().contains("  qradar.pattern1.connection  MEDIUM  "), run.describe());
    assertTrue(run.out().contains("  qradar.pattern2.cmdline  MEDIUM  "), run.describe());
    assertTrue(run.out().contains("%imds.azure.com%"), run.describe());
    assertTrue(run.out().contains("process.name NOT ILIKE '%waagent%'"), run.describe());
    assertFalse(run.out().contains("agent.aws-cfn-bootstrap"), run.describe());
  }
}

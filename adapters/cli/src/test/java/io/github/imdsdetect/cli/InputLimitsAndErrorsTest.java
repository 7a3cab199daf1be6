package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field caps against padding, truncation and empty-result messages, the wording of read and
 * write errors, and write failures of commands other than scan.
 */
class InputLimitsAndErrorsTest {
  private static final String METADATA_URL =
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/";

  @TempDir Path dir;

  /** Returns one ECS process event whose command line hides the URL after {@code pad} chars. */
  private static String paddedEcsLine(int pad) {
    String commandLine = "curl -H 'X-Pad: " + "A".repeat(pad) + "' " + METADATA_URL;
    return "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"category\":[\"process\"],"
        + "\"type\":[\"start\"]},\"process\":{\"name\":\"curl\",\"executable\":\"/usr/bin/curl\","
        + "\"command_line\":\"" + commandLine + "\"}}\n";
  }

  @Test
  void paddedCommandLineIsStillDetected() {
    byte[] input = paddedEcsLine(70_000).getBytes(StandardCharsets.UTF_8);
    CliRun run = CliRun.runWithInput(input, "scan", "--format", "ecs", "-");
    assertEquals(ExitCode.FINDINGS, run.exitCode(), run.describe());
    assertTrue(run.out().contains("imds.cmdline.credentials"), run.describe());
    assertTrue(run.err().contains("fields truncated: 0"), run.describe());
  }

  @Test
  void longCommandLineIsEchoedCut() {
    byte[] input = paddedEcsLine(70_000).getBytes(StandardCharsets.UTF_8);
    CliRun run = CliRun.runWithInput(input, "scan", "--format", "ecs", "-");
    String firstFinding = run.out().lines().findFirst().orElseThrow();
    int commandLineLength = 70_000 + ("curl -H 'X-Pad: ' " + METADATA_URL).length();

    assertTrue(firstFinding.length() < 10_000, () -> firstFinding.length() + " chars");
    assertTrue(firstFinding.contains("\"command_line_length\":" + commandLineLength),
        firstFinding::toString);
    assertTrue(firstFinding.contains("\"matched\":"), firstFinding::toString);
  }

  @Test
  void truncatedFieldIsNamedWithLine() {
    byte[] input = paddedEcsLine(1_000).getBytes(StandardCharsets.UTF_8);
    CliRun run = CliRun.runWithInput(
        input, "scan", "--format", "ecs", "--max-field-chars", "100", "-");
    assertTrue(run.err().contains("-:1: truncated: field process.command_line of "),
        run.describe());
    assertTrue(run.err().contains("cut to --max-field-chars"), run.describe());
    assertTrue(run.err().contains("fields truncated: 1"), run.describe());
  }

  @Test
  void truncationMessagesStopAtMaxErrors() {
    String line = paddedEcsLine(1_000);
    byte[] input = (line + line + line).getBytes(StandardCharsets.UTF_8);
    CliRun run = CliRun.runWithInput(input, "scan", "--format", "ecs",
        "--max-field-chars", "100", "--max-errors", "1", "-");
    long shownMessages = run.errLines().stream().filter(l -> l.contains(": truncated: ")).count();
    assertEquals(1, shownMessages, run.describe());
    assertTrue(run.err().contains("... and 2 more truncated lines and fields"), run.describe());
  }

  @Test
  void strictFailsOnSkippedInput() throws IOException {
    Path mixed = dir.resolve("mixed.ndjson");
    Files.writeString(mixed, paddedEcsLine(10) + "not json\n");

    CliRun lenient = CliRun.run("scan", "--format", "ecs", mixed.toString());
    CliRun strict = CliRun.run("scan", "--format", "ecs", "--strict", mixed.toString());

    assertEquals(ExitCode.FINDINGS, lenient.exitCode(), lenient.describe());
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, strict.exitCode(), strict.describe());
    assertTrue(strict.out().contains("imds.cmdline.credentials"), strict.describe());
    assertTrue(strict.err().contains("error: --strict: the input was not read whole (1 skipped"
        + " records, 0 truncated lines, 0 truncated fields, 0 incomplete events)"),
        strict.describe());
  }

  @Test
  void strictPassesOnWholeInput() throws IOException {
    Path clean = dir.resolve("clean.ndjson");
    Files.writeString(clean, paddedEcsLine(10));

    CliRun strict = CliRun.run("scan", "--format", "ecs", "--strict", clean.toString());

    assertEquals(ExitCode.FINDINGS, strict.exitCode(), strict.describe());
    assertTrue(!strict.err().contains("--strict"), strict.describe());
  }

  @Test
  void fileWithoutEventsIsWarnedAbout() throws IOException {
    Path garbage = dir.resolve("garbage.bin");
    Files.writeString(garbage, "not json\nstill not json\n");
    CliRun run = CliRun.run("scan", "--format", "ecs", garbage.toString());
    assertEquals(ExitCode.CLEAN, run.exitCode(), run.describe());
    assertTrue(run.err().contains("warning: " + garbage + ": no events read; 2 of 2 lines"
        + " skipped (wrong --format?)"), run.describe());
  }

  @Test
  void fileWithEventsIsNotWarnedAbout() {
    byte[] input = paddedEcsLine(10).getBytes(StandardCharsets.UTF_8);
    CliRun run = CliRun.runWithInput(input, "scan", "--format", "ecs", "-");
    assertFalse(run.err().contains("no events read"), run.describe());
  }

  @Test
  void rulesFileWithInvalidUtf8NamesLine() throws IOException {
    Path rules = dir.resolve("r13.ini");
    byte[] valid = "# rules\n\n".getBytes(StandardCharsets.US_ASCII);
    byte[] content = new byte[valid.length + 3];
    System.arraycopy(valid, 0, content, 0, valid.length);
    content[valid.length] = (byte) 0xff;
    content[valid.length + 1] = (byte) 0xfe;
    content[valid.length + 2] = '\n';
    Files.write(rules, content);
    CliRun run = CliRun.run("rules", "--rules", rules.toString());
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("cannot read rules file " + rules
        + ": invalid UTF-8 on line 3"), run.describe());
  }

  @Test
  void directoryMessageMatchesForRulesAndScan() {
    CliRun rules = CliRun.run("rules", "--rules", dir.toString());
    CliRun scan = CliRun.run("scan", dir.toString());
    assertTrue(rules.err().contains(dir + ": is a directory"), rules.describe());
    assertTrue(scan.err().contains(dir + ": is a directory"), scan.describe());
  }

  @Test
  void truncatedGzipHeaderIsNamed() throws IOException {
    Path magic = dir.resolve("magic.gz");
    Files.write(magic, new byte[] {0x1f, (byte) 0x8b});
    CliRun run = CliRun.run("scan", magic.toString());
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, run.exitCode(), run.describe());
    assertTrue(run.err().contains("invalid gzip data"), run.describe());
    assertFalse(run.err().contains("EOFException"), run.describe());
  }

  @Test
  void generateFailureGivesReason() throws IOException {
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    Path target = file.resolve("sub");
    CliRun run = CliRun.run("generate", "--count", "10", target.toString());
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, run.exitCode(), run.describe());
    String prefix = Diagnostics.PREFIX + "cannot write the data set to " + target + ": ";
    String message = run.errLines().get(0);
    assertTrue(message.startsWith(prefix), run.describe());
    String reason = message.substring(prefix.length());
    assertFalse(reason.equals(target.toString()), run.describe());
    assertFalse(reason.isBlank(), run.describe());
  }

  @Test
  void helpWriteFailureExitsTwo() {
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, runWithFailingOutput("--help"));
  }

  @Test
  void versionWriteFailureExitsTwo() {
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, runWithFailingOutput("--version"));
  }

  @Test
  void rulesWriteFailureExitsTwo() {
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, runWithFailingOutput("rules"));
  }

  @Test
  void showSuppressedWithSchemaOutputIsUsageError() {
    for (String output : List.of("ocsf", "ecs")) {
      CliRun run = CliRun.run("scan", "--output", output, "--show-suppressed", "x.log");
      assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, run.exitCode(), run.describe());
      assertTrue(run.err().contains("--show-suppressed works with --output json or text"),
          run.describe());
    }
  }

  @Test
  void helpSaysWhichOutputsExplainNeeds() {
    String help = CliRun.run("--help").out();
    assertTrue(help.contains("--show-suppressed and --explain need json"), help);
  }

  @Test
  void ignoredKindsDifferingInCaseShareOneCount() {
    ScanSummary summary = new ScanSummary();
    summary.countIgnored("Security event 4624");
    summary.countIgnored("security event 4624");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "default");
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("    Security event 4624: 2\n"), text);
    assertFalse(text.contains("security event 4624"), text);
  }

  /** Runs the scanner with a standard output whose every write fails, as on a full disk. */
  private static int runWithFailingOutput(String... args) {
    OutputStream failing = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("No space left on device");
      }
    };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(failing, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("to standard output"),
        err.toString(StandardCharsets.UTF_8));
    return code;
  }
}

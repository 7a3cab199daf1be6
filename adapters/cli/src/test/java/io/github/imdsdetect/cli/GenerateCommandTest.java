package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate command, and scanning what it writes. */
class GenerateCommandTest {
  @TempDir Path dir;

  @Test
  void generateWritesLabelledFilesThatScanAccepts() throws IOException {
    CliRun run = CliRun.run("generate", "--count", "200", "--seed", "7", dir.toString());
    assertEquals(ExitCode.CLEAN, run.exitCode(), run.describe());
    Path labels = dir.resolve("labels.jsonl");
    assertTrue(Files.exists(labels), run.describe());
    assertTrue(Files.readAllLines(labels).size() > 0);
    CliRun scan = CliRun.run("scan", "--format", "ecs", dir.resolve("ecs.ndjson").toString());
    assertEquals(ExitCode.FINDINGS, scan.exitCode(), scan.describe());
    assertTrue(scan.err().contains(" 0 skipped"), scan.describe());
  }

  @Test
  void sameSeedWritesSameFiles() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    CliRun.run("generate", "--count", "50", "--seed", "3", a.toString());
    CliRun.run("generate", "--count", "50", "--seed", "3", b.toString());
    assertEquals(Files.readString(a.resolve("labels.jsonl")),
        Files.readString(b.resolve("labels.jsonl")));
  }

  @Test
  void missingDirectoryIsUsageError() {
    CliRun run = CliRun.run("generate", "--count", "5");
    assertEquals(ExitCode.USAGE_OR_INPUT_ERROR, run.exitCode(), run.describe());
  }
}

package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scans every file in the repository's {@code samples} directory with the real adapters and
 * checks the summary's accounting: the lines read equal the file's physical lines, the line
 * breakdown adds up to them, and the events with and without findings add up to the events.
 * Each file is scanned twice: with the format of its folder, and with the detected format.
 */
class SampleLineAccountingTest {
  /** The samples directory, relative to this module's directory, where Maven runs tests. */
  private static final Path SAMPLES = Path.of("../../samples");

  private static final List<String> BREAKDOWN =
      List.of("in events", "in ignored records", "skipped", "blank", "header or comment");

  @TestFactory
  Stream<DynamicTest> everySampleAddsUp() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SAMPLES)) {
      files = walk.filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().endsWith(".md"))
          .sorted()
          .toList();
    }
    assertFalse(files.isEmpty(), "no sample files under " + SAMPLES.toAbsolutePath());
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files) {
      String name = SAMPLES.relativize(file).toString();
      tests.add(dynamicTest(name + " as " + folderFormat(file),
          () -> checkAccounting(file, "--format", folderFormat(file))));
      tests.add(dynamicTest(name + " detected", () -> checkAccounting(file)));
    }
    return tests.stream();
  }

  private static void checkAccounting(Path file, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("scan"));
    args.addAll(List.of(options));
    args.add(file.toString());

    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertTrue(run.exitCode() <= 1, run.describe());
    // A sample whose only records are skipped gets the no-events warning, which is no fault.
    assertFalse(run.errLines().stream().anyMatch(line -> line.startsWith("imds-detect: warning: ")
        && !line.contains(": no events read; ")), run.describe());
    long lines = summaryValue(run, "  lines read");
    assertEquals(physicalLines(file), lines, run.describe());
    long accounted = 0;
    for (String label : BREAKDOWN) {
      accounted += summaryValue(run, "    " + label);
    }
    assertEquals(lines, accounted, "line breakdown\n" + run.describe());
    assertFalse(run.err().contains("    not accounted for: "), run.describe());
    assertFalse(run.err().contains("    reported beyond the lines read: "), run.describe());
    long events = summaryValue(run, "  events");
    long withFindings = summaryValue(run, "    with findings");
    long withoutFindings = summaryValue(run, "    without findings");
    assertEquals(events, withFindings + withoutFindings, run.describe());
  }

  /** Returns the number after {@code label: } on a line of the summary. */
  private static long summaryValue(CliRun run, String label) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(label) + ": (\\d+)$")
        .matcher(run.err());
    assertTrue(matcher.find(), "no line \"" + label + ": N\" in\n" + run.describe());
    return Long.parseLong(matcher.group(1));
  }

  /** Returns the adapter format of a sample, named by its folder under {@code samples}. */
  private static String folderFormat(Path file) {
    String folder = SAMPLES.relativize(file).getName(0).toString();
    if (folder.equals("qradar")) {
      return file.getFileName().toString().endsWith(".csv") ? "qradar-csv" : "qradar-json";
    }
    return folder;
  }

  /** Returns the number of {@code \n}, plus one when the file ends without one. */
  private static long physicalLines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    long count = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        count++;
      }
    }
    return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? count + 1 : count;
  }
}

package io.github.imdsdetect.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the inputs that once broke a parser. Each file sits at {@code
 * regressions/<format>/<accounting>/<name>} under this package's test resources, where
 * {@code <accounting>} is {@code lines}, {@code grouped} or {@code none} for that {@link
 * Accounting} rule, or {@code any} for the rule that holds for any input of the format. The file
 * name says what went wrong. A name that ends in {@code .events-at-least-N} also requires at
 * least N events, for losses that the accounting cannot see, such as records reported as
 * ignored. A test fails until the parser is fixed.
 */
class RegressionInputsTest {
  private static final String ROOT = "regressions";
  private static final Pattern MINIMUM_EVENTS = Pattern.compile("\\.events-at-least-(\\d+)$");

  @TestFactory
  Stream<DynamicTest> parserPassesRegressionInputs() throws IOException, URISyntaxException {
    URL root = RegressionInputsTest.class.getResource(ROOT);
    if (root == null) {
      throw new IllegalStateException("test resource directory " + ROOT + " not found");
    }
    Path directory = Path.of(root.toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    return files.stream().map(file -> regressionTest(directory, file));
  }

  private static DynamicTest regressionTest(Path directory, Path file) {
    Path relative = directory.relativize(file);
    if (relative.getNameCount() != 3) {
      throw new IllegalStateException(
          "regression input " + relative + " is not at <format>/<accounting>/<name>");
    }
    String format = relative.getName(0).toString();
    Accounting accounting = accounting(format, relative.getName(1).toString(), relative);
    return dynamicTest(
        relative.toString(),
        () -> {
          FuzzInput input =
              new FuzzInput("regression input " + relative, Files.readAllBytes(file));
          long events =
              ParseChecks.check(
                      Parsers.require(format), input, Parsers.SMALL_LIMITS, accounting, false)
                  .sink()
                  .events();
          Matcher minimum = MINIMUM_EVENTS.matcher(file.getFileName().toString());
          if (minimum.find()) {
            long expected = Long.parseLong(minimum.group(1));
            assertTrue(
                events >= expected,
                () -> "parser " + format + " delivered " + events + " events from " + input
                    + "; expected at least " + expected);
          }
        });
  }

  private static Accounting accounting(String format, String name, Path relative) {
    switch (name) {
      case "any":
        return Accounting.forArbitraryInput(format);
      case "lines":
        return Accounting.LINES;
      case "grouped":
        return Accounting.GROUPED;
      case "none":
        return Accounting.NONE;
      default:
        throw new IllegalStateException(
            "regression input " + relative + " names the unknown accounting rule \"" + name
                + "\"; use any, lines, grouped or none");
    }
  }
}

package io.github.imdsdetect.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one parser on one input and checks the properties that every parse must have, whatever
 * the input:
 *
 * <ul>
 *   <li>{@code parse} returns, within {@link #TIME_LIMIT}, and throws nothing. The input is a
 *       {@link ByteArrayInputStream}, which never throws {@link java.io.IOException}, so any
 *       exception is a parser bug.
 *   <li>It returns the number of physical lines of the input ({@code \n} ends a line, and a last
 *       line without one counts).
 *   <li>Every line number it reports is within 1..lines read.
 *   <li>Every event field has at most {@code maxFieldChars} chars, every skip has a reason, the
 *       detector evaluates every event without throwing, and every incomplete report has a
 *       reason and comes right before its event ({@link RecordingSink}).
 *   <li>The line uses it reports add up to the lines read, and lines counted as events, skips or
 *       ignores come with at least one report of that kind.
 *   <li>The lines account for the records as {@link Accounting} describes.
 * </ul>
 *
 * <p>A failing input is saved with {@link FuzzInput#save} and the failure message names the
 * file.
 */
final class ParseChecks {
  /**
   * Bound on one parse. It is no performance assertion: a parse of these inputs takes
   * milliseconds, and the bound only turns an endless loop into a failure.
   */
  static final Duration TIME_LIMIT = Duration.ofSeconds(20);

  /** Bound on one parse after a parse in this JVM did not return within {@link #TIME_LIMIT}. */
  static final Duration TIME_LIMIT_AFTER_HANG = Duration.ofSeconds(3);

  private static volatile boolean hangSeen;

  /** The source name passed to every parse, which each event's origin must carry. */
  static final String SOURCE = "fuzz-input";

  /** Formats whose parsers re-encode UTF-16 input, which changes what a line is. */
  private static final Set<String> UTF16_AWARE_FORMATS = Set.of("sysmon", "windows");

  private static final int MAX_LISTED_LINES = 10;

  private ParseChecks() {}

  /** The outcome of one parse. {@code thrown} is null when {@code parse} returned. */
  record Result(long linesRead, RecordingSink sink, Throwable thrown) {}

  /**
   * Parses {@code input} with {@code parser}, fails with every violated property, and saves a
   * failing input with {@link FuzzInput#save}.
   *
   * @return the result, for checks of the caller's own
   * @throws AssertionError naming each violation and the saved input file
   */
  static Result check(
      EventParser parser, FuzzInput input, ParseLimits limits, Accounting accounting) {
    return check(parser, input, limits, accounting, true);
  }

  /**
   * Parses {@code input} with {@code parser} and fails with every violated property. Property
   * tests pass {@code save=false}, because QuickTheories fails many inputs while it shrinks and
   * {@link Theories} saves only the smallest.
   */
  static Result check(
      EventParser parser,
      FuzzInput input,
      ParseLimits limits,
      Accounting accounting,
      boolean save) {
    Result result = run(parser, input, limits);
    List<String> violations =
        violations(parser.format(), input.bytes(), result, accounting, limits);
    if (!violations.isEmpty()) {
      String saved = save ? "\nInput saved as " + input.save(parser.format()) : "";
      throw new AssertionError(
          "parser " + parser.format() + " (" + parser.getClass().getName() + ") violated "
              + violations.size() + " propert" + (violations.size() == 1 ? "y" : "ies")
              + " on " + input + saved + "\n- " + String.join("\n- ", violations));
    }
    return result;
  }

  /**
   * Parses {@code input} and returns what happened. Fails only when the parse does not end
   * within the time limit: {@link #TIME_LIMIT}, or {@link #TIME_LIMIT_AFTER_HANG} once a parse
   * in this JVM has hung, so that shrinking an endless loop takes minutes, not hours.
   */
  static Result run(EventParser parser, FuzzInput input, ParseLimits limits) {
    RecordingSink sink = new RecordingSink(SOURCE, limits.maxFieldChars());
    Throwable[] thrown = new Throwable[1];
    Duration limit = hangSeen ? TIME_LIMIT_AFTER_HANG : TIME_LIMIT;
    long linesRead =
        assertTimeoutPreemptively(
            limit,
            () -> {
              try {
                return parser.parse(
                    new ByteArrayInputStream(input.bytes()), SOURCE, limits, sink);
              } catch (Throwable e) {
                // Everything counts, errors included: a StackOverflowError on deep nesting is
                // as much a parser bug as an exception.
                thrown[0] = e;
                return -1L;
              }
            },
            () -> {
              hangSeen = true;
              return "parser " + parser.format() + " did not return within "
                  + limit.toSeconds() + " s, which suggests an endless loop, on " + input
                  + "\nInput saved as " + input.save(parser.format());
            });
    return new Result(linesRead, sink, thrown[0]);
  }

  /** Returns a description of each property that {@code result} violates; empty when none. */
  static List<String> violations(
      String format, byte[] input, Result result, Accounting accounting, ParseLimits limits) {
    List<String> violations = new ArrayList<>();
    if (result.thrown() != null) {
      violations.add("parse threw " + RecordingSink.stackTrace(result.thrown()));
      return violations;
    }
    violations.addAll(result.sink().problems());
    boolean utf16 = UTF16_AWARE_FORMATS.contains(format) && startsWithUtf16Bom(input);
    long physicalLines = physicalLines(input);
    long linesRead = result.linesRead();
    if (!utf16 && linesRead != physicalLines) {
      violations.add("parse returned " + linesRead + " lines read, but the input has "
          + physicalLines + " lines");
    }
    if (linesRead < 0) {
      violations.add("parse returned " + linesRead + " lines read");
    }
    for (long line : result.sink().reportedLines()) {
      if (line < 1 || line > linesRead) {
        violations.add("line number " + line + " was reported, outside 1.." + linesRead);
        break;
      }
    }
    violations.addAll(lineUseViolations(result));
    if (utf16) {
      return violations;
    }
    switch (accounting) {
      case LINES:
        violations.addAll(lineAccountingViolations(format, input, result, limits));
        break;
      case GROUPED:
        violations.addAll(groupedAccountingViolations(input, result));
        break;
      default:
        break;
    }
    return violations;
  }

  /**
   * Returns the violations of the line identity that holds for every input: the line uses add
   * up to the lines read, and a use that stands for an outcome comes with that outcome.
   */
  private static List<String> lineUseViolations(Result result) {
    List<String> violations = new ArrayList<>();
    RecordingSink sink = result.sink();
    if (sink.linesAccounted() != result.linesRead()) {
      violations.add("line uses " + sink.lineUses() + " add up to " + sink.linesAccounted()
          + ", not to the " + result.linesRead() + " lines read");
    }
    if (sink.lines(LineUse.EVENT) > 0 && sink.events() == 0) {
      violations.add(sink.lines(LineUse.EVENT) + " lines were counted as events, but no event"
          + " was delivered");
    }
    if (sink.lines(LineUse.SKIPPED) > 0 && sink.skipped() == 0) {
      violations.add(sink.lines(LineUse.SKIPPED) + " lines were counted as skipped, but no skip"
          + " was reported");
    }
    if (sink.lines(LineUse.IGNORED) > 0 && sink.ignored() == 0) {
      violations.add(sink.lines(LineUse.IGNORED) + " lines were counted as ignored, but no"
          + " ignore was reported");
    }
    return violations;
  }

  /**
   * Returns whether a line may yield no event, skip or ignore. Such lines are blank (empty, or
   * white space and byte order marks only), Zeek header and comment lines, which start with
   * {@code #}, and the header line of a CSV file.
   */
  static boolean maySkipSilently(String format, String line, boolean csvHeader) {
    if (isBlank(line)) {
      return true;
    }
    if (format.equals("zeek") && line.startsWith("#")) {
      return true;
    }
    return format.equals("qradar-csv") && csvHeader;
  }

  private static List<String> lineAccountingViolations(
      String format, byte[] input, Result result, ParseLimits limits) {
    List<String> violations = new ArrayList<>();
    List<Line> lines = lines(input);
    Map<Long, List<String>> outcomes = result.sink().outcomesByLine();
    long silent = 0;
    long silentBlank = 0;
    boolean headerSeen = false;
    for (int i = 0; i < lines.size(); i++) {
      long lineNumber = i + 1;
      Line line = lines.get(i);
      // The CSV reader takes its header from the first line that is neither empty (after the
      // byte order mark of line 1) nor longer than the line cap.
      boolean header =
          !headerSeen
              && !(i == 0 ? line.text().replaceFirst("^\uFEFF", "") : line.text()).isEmpty()
              && line.bytes() <= limits.maxLineBytes();
      headerSeen |= header;
      List<String> reported = outcomes.getOrDefault(lineNumber, List.of());
      boolean mayBeSilent = maySkipSilently(format, line.text(), header);
      if (reported.isEmpty() && mayBeSilent) {
        silent++;
        if (isBlank(line.text())) {
          silentBlank++;
        }
      }
      boolean wrong = reported.size() > 1 || (reported.isEmpty() && !mayBeSilent);
      if (wrong && violations.size() < MAX_LISTED_LINES) {
        violations.add("line " + lineNumber + " \"" + Previews.text(line.text(), 120)
            + "\" yielded "
            + (reported.isEmpty() ? "nothing" : reported.size() + " outcomes " + reported)
            + "; in a one-record-per-line input each line with content yields exactly one"
            + " event, skip or ignore");
      }
    }
    if (!violations.isEmpty()) {
      violations.add(0, "accounting: lines read " + result.linesRead() + " != events "
          + result.sink().events() + " + skipped " + result.sink().skipped() + " + ignored "
          + result.sink().ignored() + " + blank or header lines " + silent);
      return violations;
    }
    // With one outcome per line, each use counts exactly the lines of one outcome.
    RecordingSink sink = result.sink();
    expectLines(violations, sink, LineUse.EVENT, sink.events(), "events");
    expectLines(violations, sink, LineUse.SKIPPED, sink.skipped(), "skips");
    expectLines(violations, sink, LineUse.IGNORED, sink.ignored(), "ignores");
    expectLines(violations, sink, LineUse.BLANK, silentBlank, "blank lines without a report");
    expectLines(violations, sink, LineUse.HEADER, silent - silentBlank,
        "header and comment lines without a report");
    return violations;
  }

  private static void expectLines(
      List<String> violations, RecordingSink sink, LineUse use, long expected, String what) {
    if (sink.lines(use) != expected) {
      violations.add(sink.lines(use) + " lines were counted as " + use + ", but the input has "
          + expected + " " + what + "; line uses " + sink.lineUses());
    }
  }

  /** Returns whether a line is empty or holds only white space and byte order marks. */
  private static boolean isBlank(String line) {
    return line.replace("\uFEFF", "").isBlank();
  }

  private static List<String> groupedAccountingViolations(byte[] input, Result result) {
    List<String> violations = new ArrayList<>();
    RecordingSink sink = result.sink();
    boolean anyContent = false;
    for (Line line : lines(input)) {
      if (!maySkipSilently("auditd", line.text(), false)) {
        anyContent = true;
        break;
      }
    }
    if (anyContent && sink.events() + sink.skipped() + sink.ignored() == 0) {
      violations.add("the input has non-blank lines but yielded no event, skip or ignore");
    }
    Set<Long> skippedLines = new HashSet<>();
    for (Map.Entry<Long, List<String>> entry : sink.outcomesByLine().entrySet()) {
      long skips = entry.getValue().stream().filter(o -> o.startsWith("skipped")).count();
      if (skips > 1 && skippedLines.add(entry.getKey())) {
        violations.add("line " + entry.getKey() + " was skipped " + skips + " times: "
            + entry.getValue());
      }
    }
    // Skips and ignores are of single lines, and every event has at least one line.
    expectLines(violations, sink, LineUse.SKIPPED, sink.skipped(), "skips");
    expectLines(violations, sink, LineUse.IGNORED, sink.ignored(), "ignores");
    expectLines(violations, sink, LineUse.HEADER, 0, "header lines in an audit log");
    if (sink.lines(LineUse.EVENT) < sink.events()) {
      violations.add(sink.lines(LineUse.EVENT) + " lines were counted as events, fewer than the "
          + sink.events() + " events delivered; line uses " + sink.lineUses());
    }
    return violations;
  }

  /** One physical line: its text and its length in bytes, both without the line end. */
  record Line(String text, int bytes) {}

  /**
   * Returns the physical lines of {@code input} as {@code BoundedLineReader} splits them: at
   * {@code \n}, without one {@code \r} before it, decoded as UTF-8 with invalid bytes replaced.
   */
  static List<Line> lines(byte[] input) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      boolean end = i == input.length;
      if (!end && input[i] != '\n') {
        continue;
      }
      if (end && start == input.length) {
        break;
      }
      int stop = i;
      if (!end && stop > start && input[stop - 1] == '\r') {
        stop--;
      }
      String text = new String(input, start, stop - start, StandardCharsets.UTF_8);
      lines.add(new Line(text, stop - start));
      start = i + 1;
    }
    return lines;
  }

  /** Returns the number of {@code \n}, plus one when the input ends without one. */
  static long physicalLines(byte[] input) {
    long count = 0;
    for (byte b : input) {
      if (b == '\n') {
        count++;
      }
    }
    return input.length > 0 && input[input.length - 1] != '\n' ? count + 1 : count;
  }

  private static boolean startsWithUtf16Bom(byte[] input) {
    return input.length >= 2
        && (((input[0] & 0xff) == 0xFE && (input[1] & 0xff) == 0xFF)
            || ((input[0] & 0xff) == 0xFF && (input[1] & 0xff) == 0xFE));
  }
}

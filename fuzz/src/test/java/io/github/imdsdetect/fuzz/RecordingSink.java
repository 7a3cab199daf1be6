package io.github.imdsdetect.fuzz;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.RuleSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ParseSink} that records what a parser reports and checks each event during the call
 * that delivers it, because the contract lets a parser reuse one event object, so the checks
 * cannot wait until the parse returns. Each event is also evaluated by the detector of every rule set named in
 * {@link #DETECTORS}, and whatever the detector throws is recorded as a problem rather than
 * thrown back into the parser. It also sums the line uses by {@link LineUse}, and records as a
 * problem a use without a value, a negative count, a record that the parser reported nothing
 * for ({@link CountingSink#UNREPORTED_KIND}), and an {@link ParseSink#incomplete} report without
 * a reason or not followed at once by the event it describes.
 */
final class RecordingSink implements ParseSink {
  /** Detectors of the two rule sets whose matching differs most: default and QRadar parity. */
  private static final List<Detector> DETECTORS =
      List.of(Detector.create(RuleSet.defaults()), Detector.create(RuleSet.qradar()));

  /** Maximum number of problems kept, so that a broken parser cannot fill the heap. */
  private static final int MAX_PROBLEMS = 20;

  private final String source;
  private final int maxFieldChars;
  private final List<String> problems = new ArrayList<>();
  private final Map<Long, List<String>> outcomesByLine = new TreeMap<>();
  private final List<Long> reportedLines = new ArrayList<>();
  private final Map<LineUse, Long> lineUses = new EnumMap<>(LineUse.class);
  private long events;
  private long skipped;
  private long ignored;
  private long truncated;

  /** Line of the last incomplete report whose event has not been delivered yet, or -1. */
  private long pendingIncompleteLine = -1;

  RecordingSink(String source, int maxFieldChars) {
    this.source = source;
    this.maxFieldChars = maxFieldChars;
  }

  @Override
  public void event(Event event) {
    events++;
    long incompleteLine = pendingIncompleteLine;
    pendingIncompleteLine = -1;
    if (event == null) {
      problem("event(null) was called");
      return;
    }
    EventOrigin origin = event.origin();
    if (incompleteLine >= 0 && (origin == null || origin.line() != incompleteLine)) {
      problem("incomplete(" + incompleteLine + ", ...) was followed by the event at " + origin
          + ", not by an event that starts on line " + incompleteLine);
    }
    if (origin == null) {
      problem("an event has a null origin");
    } else {
      if (!source.equals(origin.source())) {
        problem("an event's origin source is \"" + origin.source() + "\", not \"" + source + "\"");
      }
      outcome(origin.line(), "event");
    }
    checkFields(event, origin);
    evaluate(event, origin);
  }

  @Override
  public void incomplete(long line, String reason) {
    checkNoPendingIncomplete("incomplete(" + line + ", ...)");
    reportedLines.add(line);
    if (reason == null || reason.isBlank()) {
      problem("the event on line " + line + " was reported incomplete without a reason");
    }
    pendingIncompleteLine = line;
  }

  /** Records a problem when {@code call} comes between an incomplete report and its event. */
  private void checkNoPendingIncomplete(String call) {
    if (pendingIncompleteLine >= 0) {
      problem(call + " was called after incomplete(" + pendingIncompleteLine
          + ", ...) and before the event it describes");
      pendingIncompleteLine = -1;
    }
  }

  @Override
  public void skipped(long line, String reason) {
    checkNoPendingIncomplete("skipped(" + line + ", ...)");
    skipped++;
    if (reason == null || reason.isBlank()) {
      problem("line " + line + " was skipped without a reason");
    }
    outcome(line, "skipped: " + reason);
  }

  @Override
  public void ignored(long line, String kind) {
    checkNoPendingIncomplete("ignored(" + line + ", ...)");
    ignored++;
    if (kind == null || kind.isBlank()) {
      problem("line " + line + " was ignored without a kind");
    }
    if (CountingSink.UNREPORTED_KIND.equals(kind)) {
      problem("the record on line " + line + " yielded no event, skip or ignore from the parser,"
          + " so the reader reported it as \"" + kind + "\"");
    }
    outcome(line, "ignored: " + kind);
  }

  @Override
  public void truncated(long line, String what, long originalLength) {
    checkNoPendingIncomplete("truncated(" + line + ", ...)");
    truncated++;
    reportedLines.add(line);
    if (what == null || what.isBlank()) {
      problem("a truncation on line " + line + " does not say what was cut");
    }
    if (originalLength < -1) {
      problem("a truncation on line " + line + " has the original length " + originalLength);
    }
  }

  @Override
  public void lines(LineUse use, long count) {
    checkNoPendingIncomplete("lines(" + use + ", " + count + ")");
    if (use == null) {
      problem("lines(null, " + count + ") was called");
      return;
    }
    if (count < 0) {
      problem("lines(" + use + ", " + count + ") was called with a negative count");
    }
    lineUses.merge(use, count, Long::sum);
  }

  private void outcome(long line, String description) {
    reportedLines.add(line);
    outcomesByLine.computeIfAbsent(line, l -> new ArrayList<>(1)).add(description);
  }

  private void checkFields(Event event, EventOrigin origin) {
    for (Field field : Field.values()) {
      CharSequence value;
      try {
        value = event.get(field);
      } catch (RuntimeException e) {
        problem("reading " + field.fieldName() + " of the event at " + origin + " threw:\n"
            + stackTrace(e));
        continue;
      }
      if (value == null) {
        continue;
      }
      if (value.length() > maxFieldChars) {
        problem(field.fieldName() + " of the event at " + origin + " has " + value.length()
            + " chars, more than maxFieldChars=" + maxFieldChars + "; it starts with \""
            + Previews.text(value.toString(), 80) + "\"");
      }
    }
    int port = event.destinationPort();
    if (port < -1 || port > 65_535) {
      problem("the event at " + origin + " has the destination port " + port
          + ", outside -1 (unknown) and 0..65535");
    }
  }

  private void evaluate(Event event, EventOrigin origin) {
    for (Detector detector : DETECTORS) {
      try {
        detector.evaluate(event);
      } catch (RuntimeException | StackOverflowError e) {
        problem("Detector.evaluate with rule set " + detector.ruleSet().name()
            + " threw on the event at " + origin + " " + describe(event) + ":\n" + stackTrace(e));
      }
    }
  }

  private static String describe(Event event) {
    StringBuilder text = new StringBuilder("{");
    for (Field field : Field.values()) {
      CharSequence value = event.get(field);
      if (value != null) {
        text.append(field.fieldName()).append("=\"")
            .append(Previews.text(value.toString(), 200)).append("\" ");
      }
    }
    return text.append('}').toString();
  }

  private void problem(String message) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(message);
    }
  }

  static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /**
   * Returns the problems found while the parse ran, in the order they happened, and an
   * incomplete report that no event followed.
   */
  List<String> problems() {
    if (pendingIncompleteLine < 0) {
      return problems;
    }
    List<String> all = new ArrayList<>(problems);
    all.add("incomplete(" + pendingIncompleteLine + ", ...) was not followed by any event");
    return all;
  }

  /** Returns, for each line that had any, the events, skips and ignores reported on it. */
  Map<Long, List<String>> outcomesByLine() {
    return outcomesByLine;
  }

  /** Returns every line number passed to the sink, truncations included, in call order. */
  List<Long> reportedLines() {
    return reportedLines;
  }

  /** Returns the number of lines reported with {@code use}. */
  long lines(LineUse use) {
    return lineUses.getOrDefault(use, 0L);
  }

  /** Returns the number of lines reported for each use, as text for failure messages. */
  String lineUses() {
    return lineUses.toString();
  }

  /** Returns the sum of the counts of every use reported. */
  long linesAccounted() {
    long sum = 0;
    for (long count : lineUses.values()) {
      sum += count;
    }
    return sum;
  }

  long events() {
    return events;
  }

  long skipped() {
    return skipped;
  }

  long ignored() {
    return ignored;
  }

  long truncated() {
    return truncated;
  }
}

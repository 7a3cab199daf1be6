package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Suppression;
import io.github.imdsdetect.core.Verdict;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Receives the events of one FILE from its parser, evaluates each one at once and writes its
 * findings, so that no event outlives the callback that delivers it.
 */
final class ScanSink implements ParseSink {
  /**
   * How many output lines are written between checks of {@code outputFailed}. Standard output is
   * a {@link java.io.PrintStream}, which records write errors instead of throwing them, so a
   * closed pipe is only noticed by asking.
   */
  private static final int OUTPUT_CHECK_INTERVAL = 1024;

  private final String source;
  private final Detector detector;
  private final FindingWriter writer;
  private final boolean showSuppressed;
  private final boolean explain;
  private final ScanSummary summary;
  private final Diagnostics diagnostics;
  private final BooleanSupplier outputFailed;
  private final ScanSummary.Counts counts = new ScanSummary.Counts();
  private long lastLine;
  private int linesSinceCheck;

  ScanSink(
      String source,
      Detector detector,
      FindingWriter writer,
      boolean showSuppressed,
      boolean explain,
      ScanSummary summary,
      Diagnostics diagnostics,
      BooleanSupplier outputFailed) {
    this.source = source;
    this.detector = detector;
    this.writer = writer;
    this.showSuppressed = showSuppressed;
    this.explain = explain;
    this.summary = summary;
    this.diagnostics = diagnostics;
    this.outputFailed = outputFailed;
  }

  /**
   * Evaluates one event and writes its findings.
   *
   * @throws OutputException if writing to standard output fails
   */
  @Override
  public void event(Event event) {
    counts.events++;
    seen(event.origin().line());
    Verdict verdict = detector.evaluate(event);
    if (verdict.isEmpty()) {
      return;
    }
    counts.findings += verdict.findings().size();
    counts.suppressed += verdict.suppressions().size();
    if (!verdict.findings().isEmpty()) {
      counts.eventsWithFindings++;
    }
    for (Finding finding : verdict.findings()) {
      summary.countFinding(finding.ruleId());
    }
    for (Suppression suppression : verdict.suppressions()) {
      summary.countSuppression(suppression.exclusionId());
    }
    // Counting comes first so that the counts stay whole if writing fails part way.
    for (Finding finding : verdict.findings()) {
      write(finding, null, event);
    }
    if (showSuppressed) {
      for (Suppression suppression : verdict.suppressions()) {
        for (Finding quieted : suppression.quieted()) {
          write(quieted, suppression, event);
        }
      }
    }
    if (explain) {
      try {
        writer.writeExplanation(source, event.origin().line(), detector.explain(event));
      } catch (IOException e) {
        throw new OutputException(e.getMessage(), e);
      }
    }
  }

  /** Counts an event that the screen cleared: it has no findings, so nothing is written. */
  @Override
  public void cleared(long line) {
    counts.events++;
    seen(line);
  }

  private void write(Finding finding, Suppression suppression, Event event) {
    try {
      writer.write(source, finding, suppression, event);
    } catch (IOException e) {
      throw new OutputException(e.getMessage(), e);
    }
    if (++linesSinceCheck >= OUTPUT_CHECK_INTERVAL) {
      linesSinceCheck = 0;
      if (outputFailed.getAsBoolean()) {
        throw new OutputException(null, null);
      }
    }
  }

  @Override
  public void skipped(long line, String reason) {
    counts.skipped++;
    seen(line);
    diagnostics.skipped(source, line, reason);
  }

  @Override
  public void ignored(long line, String kind) {
    counts.ignored++;
    seen(line);
    summary.countIgnored(kind);
  }

  @Override
  public void incomplete(long line, String reason) {
    counts.incomplete++;
    seen(line);
    diagnostics.incomplete(source, line, reason);
  }

  @Override
  public void truncated(long line, String what, long originalLength) {
    if ("line".equals(what)) {
      counts.truncatedLines++;
    } else {
      counts.truncatedFields++;
    }
    seen(line);
    diagnostics.truncated(source, line, describeTruncation(what, originalLength));
  }

  /**
   * Describes one cut in the units of {@link io.github.imdsdetect.adapter.ParseSink#truncated}:
   * bytes for a line, a field count for {@code fields}, chars for anything else.
   */
  static String describeTruncation(String what, long originalLength) {
    String length = originalLength < 0 ? "" : " of " + originalLength;
    if ("line".equals(what)) {
      return "line" + (length.isEmpty() ? "" : length + " bytes")
          + " cut to --max-line-bytes; the rest of the line was not scanned";
    }
    if (JsonRecords.RECORD_CAP.equals(what)) {
      return "record of a JSON document holds more chars than --max-line-bytes allows a line;"
          + " the rest of the record was not scanned";
    }
    if ("fields".equals(what)) {
      return "record has more fields than the per-record cap; the later fields were not scanned";
    }
    return "field " + what + (length.isEmpty() ? "" : length + " chars")
        + " cut to --max-field-chars; the rest of the field was not scanned";
  }

  @Override
  public void lines(LineUse use, long count) {
    counts.lineUses[use.ordinal()] += count;
  }

  private void seen(long line) {
    lastLine = Math.max(lastLine, line);
  }

  /** Returns the counts of this file so far. */
  ScanSummary.Counts counts() {
    return counts;
  }

  /** Returns the highest line number the parser has reported, or 0 before the first report. */
  long lastLine() {
    return lastLine;
  }

  /** Wraps a failure to write standard output, to tell it apart from a failure to read input. */
  static final class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputException(String message, IOException cause) {
      super(message, cause);
    }
  }
}

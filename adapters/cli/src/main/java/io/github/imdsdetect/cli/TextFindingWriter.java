package io.github.imdsdetect.cli;

import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.ExclusionCheck;
import io.github.imdsdetect.core.Explanation;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Suppression;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes each finding as one line for a person to read, in UTF-8:
 * {@code FILE:LINE SEVERITY RULE_ID matched 'TEXT' in FIELD: REASON}, followed by
 * {@code (suppressed by EXCLUSION: WHY)} for a quieted match. Every text taken from the input
 * passes through {@link VisibleText#escape}, so a line of output is always one finding.
 */
final class TextFindingWriter implements FindingWriter {
  private final Writer writer;

  TextFindingWriter(OutputStream out) {
    writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  @Override
  public void write(String source, Finding finding, Suppression suppression, Event event)
      throws IOException {
    StringBuilder line = new StringBuilder(256);
    line.append(VisibleText.escape(source)).append(':').append(finding.origin().line());
    line.append(' ').append(finding.severity().name());
    line.append(' ').append(finding.ruleId());
    line.append(" matched '").append(VisibleText.escape(finding.matchedText())).append('\'');
    line.append(" in ").append(finding.field().fieldName());
    line.append(": ").append(VisibleText.escape(finding.reason()));
    if (suppression != null) {
      line.append(" (suppressed by ").append(VisibleText.escape(suppression.exclusionId()));
      line.append(": ").append(VisibleText.escape(suppression.reason())).append(')');
    }
    line.append('\n');
    writer.write(line.toString());
  }

  /**
   * Writes the explanation as indented lines under the event's findings, one per rule and one
   * per exclusion considered: {@code   rule R fired|quieted}, then
   * {@code     exclusion X applies|does not apply: WHY}.
   */
  @Override
  public void writeExplanation(String source, long line, Explanation explanation)
      throws IOException {
    StringBuilder text = new StringBuilder(512);
    text.append("  explain ").append(VisibleText.escape(source)).append(':').append(line)
        .append(": process class: ").append(explanation.processClass()).append('\n');
    for (Explanation.RuleTrace trace : explanation.rules()) {
      text.append("    rule ").append(trace.ruleId()).append(trace.fired() ? " fired" : " quieted")
          .append('\n');
      for (Finding match : trace.matches()) {
        text.append("      matched '").append(VisibleText.escape(match.matchedText()))
            .append("' in ").append(match.field().fieldName()).append(" by ")
            .append(VisibleText.escape(match.indicator())).append('\n');
      }
      for (ExclusionCheck check : trace.exclusions()) {
        text.append("      exclusion ").append(VisibleText.escape(check.exclusionId()))
            .append(check.applied() ? " applies: " : " does not apply: ")
            .append(VisibleText.escape(check.reason())).append('\n');
      }
    }
    writer.write(text.toString());
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  /** Flushes without closing the stream underneath, which is standard output. */
  @Override
  public void close() throws IOException {
    writer.flush();
  }
}

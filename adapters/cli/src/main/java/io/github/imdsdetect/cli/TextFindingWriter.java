package io.github.imdsdetect.cli;

import io.github.imdsdetect.core.Event;
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

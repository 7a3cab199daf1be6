package io.github.imdsdetect.ecs;

import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Suppression;
import io.github.imdsdetect.core.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a detector on every event and writes down everything a parse reports, one entry per
 * report, so that a parse with a screen can be compared with one without. A cleared event and a
 * built event without findings give the same entry.
 */
final class TranscriptSink implements ParseSink {
  private final Detector detector;
  final List<String> entries = new ArrayList<>();
  final Map<LineUse, Long> lineUses = new EnumMap<>(LineUse.class);
  long cleared;
  long built;

  TranscriptSink(Detector detector) {
    this.detector = detector;
  }

  @Override
  public void event(Event event) {
    built++;
    Verdict verdict = detector.evaluate(event);
    StringBuilder entry = new StringBuilder("event " + event.origin().line());
    for (Finding finding : verdict.findings()) {
      entry.append(' ').append(finding.ruleId()).append('@').append(finding.field());
    }
    for (Suppression suppression : verdict.suppressions()) {
      entry.append(" quieted:").append(suppression.exclusionId());
    }
    entries.add(entry.toString());
  }

  @Override
  public void cleared(long line) {
    cleared++;
    entries.add("event " + line);
  }

  @Override
  public void skipped(long line, String reason) {
    entries.add("skipped " + line + " " + reason);
  }

  @Override
  public void ignored(long line, String kind) {
    entries.add("ignored " + line + " " + kind);
  }

  @Override
  public void incomplete(long line, String reason) {
    entries.add("incomplete " + line + " " + reason);
  }

  @Override
  public void truncated(long line, String what, long originalLength) {
    entries.add("truncated " + line + " " + what + " " + originalLength);
  }

  @Override
  public void lines(LineUse use, long count) {
    lineUses.merge(use, count, Long::sum);
  }
}

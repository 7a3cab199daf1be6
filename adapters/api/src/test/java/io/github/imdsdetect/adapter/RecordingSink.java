package io.github.imdsdetect.adapter;

import io.github.imdsdetect.core.Event;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps everything it receives, as text, for assertions. */
final class RecordingSink implements ParseSink {
  final List<Event> events = new ArrayList<>();
  final List<String> skipped = new ArrayList<>();
  final List<String> ignored = new ArrayList<>();
  final List<String> truncated = new ArrayList<>();
  final Map<LineUse, Long> lines = new EnumMap<>(LineUse.class);

  @Override
  public void event(Event event) {
    events.add(event);
  }

  @Override
  public void skipped(long line, String reason) {
    skipped.add(line + ": " + reason);
  }

  @Override
  public void ignored(long line, String kind) {
    ignored.add(line + ": " + kind);
  }

  @Override
  public void truncated(long line, String what, long originalLength) {
    truncated.add(line + ": " + what + " " + originalLength);
  }

  @Override
  public void lines(LineUse use, long count) {
    lines.merge(use, count, Long::sum);
  }

  /** Returns the number of lines reported with {@code use}. */
  long lines(LineUse use) {
    return lines.getOrDefault(use, 0L);
  }
}

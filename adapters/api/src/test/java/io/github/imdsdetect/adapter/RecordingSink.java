package io.github.imdsdetect.adapter;

import io.github.imdsdetect.core.Event;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps everything it receives, as text, for assertions. */
final class RecordingSink implements ParseSink {
  final List<Event> events = new ArrayList<>();
  final List<String> skipped = new ArrayList<>();
  final List<String> ignored = new ArrayList<>();
  final List<String> truncated = new ArrayList<>();

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
}

package io.github.imdsdetect.auditd;

import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps copies of everything a parser delivers, for assertions. */
final class RecordingSink implements ParseSink {

  /** The number of lines reported for each use. */
  final Map<LineUse, Long> lines = new EnumMap<>(LineUse.class);

  @Override
  public void lines(LineUse use, long count) {
    lines.merge(use, count, Long::sum);
  }

  /** A skipped line and its reason. */
  record Skipped(long line, String reason) {}

  /** A notice of a cut line or field. */
  record Truncated(long line, String what, long originalLength) {}

  /** A well-formed record that did not become part of an event. */
  record Ignored(long line, String kind) {}

  /** An event delivered without a record it should have. */
  record Incomplete(long line, String reason) {}

  final List<SimpleEvent> events = new ArrayList<>();
  final List<Skipped> skipped = new ArrayList<>();
  final List<Truncated> truncated = new ArrayList<>();
  final List<Ignored> ignored = new ArrayList<>();
  final List<Incomplete> incomplete = new ArrayList<>();

  /** Every call in delivery order, such as {@code event 3} or {@code skipped 5}. */
  final List<String> calls = new ArrayList<>();

  @Override
  public void event(Event event) {
    events.add(SimpleEvent.copyOf(event).build());
    calls.add("event " + event.origin().line());
  }

  @Override
  public void skipped(long line, String reason) {
    skipped.add(new Skipped(line, reason));
    calls.add("skipped " + line);
  }

  @Override
  public void ignored(long line, String kind) {
    ignored.add(new Ignored(line, kind));
    calls.add("ignored " + line);
  }

  @Override
  public void incomplete(long line, String reason) {
    incomplete.add(new Incomplete(line, reason));
    calls.add("incomplete " + line);
  }

  @Override
  public void truncated(long line, String what, long originalLength) {
    truncated.add(new Truncated(line, what, originalLength));
    calls.add("truncated " + line);
  }

  /** Returns the event whose first record is on {@code line}, or fails the test. */
  SimpleEvent eventAt(long line) {
    for (SimpleEvent event : events) {
      if (event.origin().line() == line) {
        return event;
      }
    }
    throw new AssertionError("no event starts on line " + line + ", events: " + events);
  }

  /** Returns the line numbers of the skipped lines, in delivery order. */
  List<Long> skippedLines() {
    List<Long> lines = new ArrayList<>();
    for (Skipped entry : skipped) {
      lines.add(entry.line());
    }
    return lines;
  }
}

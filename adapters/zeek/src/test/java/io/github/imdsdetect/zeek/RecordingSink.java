package io.github.imdsdetect.zeek;

import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps copies of everything a parser delivers, in delivery order, for assertions. */
final class RecordingSink implements ParseSink {

  /** The number of lines reported for each use. */
  final Map<LineUse, Long> lines = new EnumMap<>(LineUse.class);

  @Override
  public void lines(LineUse use, long count) {
    lines.merge(use, count, Long::sum);
  }
  /** One skipped, ignored or truncated notice. */
  record Notice(long line, String text) {}

  final List<SimpleEvent> events = new ArrayList<>();
  final List<Notice> skipped = new ArrayList<>();
  final List<Notice> ignored = new ArrayList<>();
  final List<Notice> truncated = new ArrayList<>();

  /** The line of every callback, in the order the parser made them. */
  final List<Long> callbackLines = new ArrayList<>();

  @Override
  public void event(Event event) {
    events.add(SimpleEvent.copyOf(event).build());
    callbackLines.add(event.origin().line());
  }

  @Override
  public void skipped(long line, String reason) {
    skipped.add(new Notice(line, reason));
    callbackLines.add(line);
  }

  @Override
  public void ignored(long line, String kind) {
    ignored.add(new Notice(line, kind));
    callbackLines.add(line);
  }

  @Override
  public void truncated(long line, String what, long originalLength) {
    truncated.add(new Notice(line, what + " " + originalLength));
    callbackLines.add(line);
  }

  /** Returns the origin lines of the events, in order. */
  List<Long> eventLines() {
    List<Long> lines = new ArrayList<>();
    for (SimpleEvent event : events) {
      lines.add(event.origin().line());
    }
    return lines;
  }

  /** Returns the lines of the skipped notices, in order. */
  List<Long> skippedLines() {
    List<Long> lines = new ArrayList<>();
    for (Notice notice : skipped) {
      lines.add(notice.line());
    }
    return lines;
  }

  /** Returns the event that starts on {@code line}, or null. */
  SimpleEvent eventAt(long line) {
    for (SimpleEvent event : events) {
      if (event.origin().line() == line) {
        return event;
      }
    }
    return null;
  }

  /**
   * Returns the present fields of an event by their stable name, so that a failed comparison
   * shows every field.
   */
  static Map<String, String> fields(Event event) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Field field : Field.values()) {
      CharSequence value = event.get(field);
      if (value != null) {
        fields.put(field.fieldName(), value.toString());
      }
    }
    return fields;
  }

  /** Builds an ordered map from alternating keys and values. */
  static Map<String, String> expect(String... keysAndValues) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      expected.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return expected;
  }
}

package io.github.imdsdetect.auditd;

import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseSink;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Groups records into events by {@link EventKey} and sends each event to the sink when it is
 * complete.
 *
 * <p>An event is complete at its EOE record, or when it is the oldest open event and a record of a
 * new event would make more than {@code maxOpenEvents} open, or when the open events hold more
 * than {@link #HELD_FIELD_CAPS} field caps of chars together, or at the end of the input. Records
 * of one event need not be adjacent, because the kernel interleaves the events of different CPUs
 * and some logs are sorted by record type.
 *
 * <p>auditd sends EOE records to its plugins but does not write them to audit.log. Most events of
 * a file therefore complete through the cap or at the end of the input, and reach the sink after
 * skipped lines that follow them.
 *
 * <p>Each event counts the lines of its records and reports them as {@link LineUse#EVENT} when it
 * is delivered. An event that has records of a system call, such as EXECVE or PATH, but no
 * SYSCALL record goes to {@link ParseSink#incomplete} just before it is delivered.
 */
final class OpenEvents {
  /**
   * Field caps' worth of chars that the open events may hold together before the oldest is
   * completed early: 16 Mi chars with the default cap. Each event keeps up to the field cap per
   * field, so without this budget 1,024 interleaved events with 1 Mi-char command lines could
   * hold about 1 GiB.
   */
  static final int HELD_FIELD_CAPS = 16;

  private final long maxHeldChars;

  /** Chars that the open events hold together, kept up to date as records arrive. */
  private long openChars;

  private final LinkedHashMap<EventKey, OpenEvent> open = new LinkedHashMap<>();
  private final String source;
  private final int maxOpenEvents;
  private final int maxFieldChars;
  private final ParseSink sink;

  OpenEvents(String source, int maxOpenEvents, int maxFieldChars, ParseSink sink) {
    this.source = source;
    this.maxOpenEvents = maxOpenEvents;
    this.maxFieldChars = maxFieldChars;
    this.maxHeldChars = (long) HELD_FIELD_CAPS * maxFieldChars;
    this.sink = sink;
  }

  /**
   * Adds a record read on {@code line} to its event, completing events as described above.
   *
   * @return {@link LineUse#IGNORED} for an EOE record without an open event, whose line this
   *     method does not report, or null when the line belongs to an event, which reports it
   */
  LineUse add(AuditRecord record, long line) {
    EventKey key = record.raw().key();
    if (record.type().equals("EOE")) {
      OpenEvent event = open.remove(key);
      if (event == null) {
        sink.ignored(line, "auditd EOE record without an open event");
        return LineUse.IGNORED;
      }
      event.addLine();
      deliver(event);
      return null;
    }
    OpenEvent event = open.get(key);
    if (event == null) {
      event = new OpenEvent(record, line, maxFieldChars, sink);
      open.put(key, event);
      if (open.size() > maxOpenEvents) {
        completeOldest();
      }
    }
    long before = event.heldChars();
    event.add(record, line);
    openChars += event.heldChars() - before;
    completeWhileOverBudget(event);
    return null;
  }

  /**
   * Completes the oldest events, never {@code current}, while the open events together hold more
   * than {@link #HELD_FIELD_CAPS} field caps of chars. A later record of a completed event starts
   * a new event, which may be reported as incomplete. Nothing is dropped.
   */
  private void completeWhileOverBudget(OpenEvent current) {
    Iterator<Map.Entry<EventKey, OpenEvent>> entries = open.entrySet().iterator();
    while (openChars > maxHeldChars && entries.hasNext()) {
      OpenEvent oldest = entries.next().getValue();
      if (oldest == current) {
        continue;
      }
      entries.remove();
      deliver(oldest);
    }
  }

  /** Completes every open event, in the order of their first lines. */
  void completeAll() {
    Iterator<Map.Entry<EventKey, OpenEvent>> entries = open.entrySet().iterator();
    while (entries.hasNext()) {
      OpenEvent event = entries.next().getValue();
      entries.remove();
      deliver(event);
    }
  }

  private void completeOldest() {
    Iterator<Map.Entry<EventKey, OpenEvent>> entries = open.entrySet().iterator();
    OpenEvent oldest = entries.next().getValue();
    entries.remove();
    deliver(oldest);
  }

  private void deliver(OpenEvent event) {
    openChars -= event.heldChars();
    AuditdEvent completed = event.complete(source);
    String missing = event.missingSyscallRecord();
    if (missing != null) {
      sink.incomplete(event.firstLine(), missing);
    }
    sink.event(completed);
    sink.lines(LineUse.EVENT, event.lines());
  }
}

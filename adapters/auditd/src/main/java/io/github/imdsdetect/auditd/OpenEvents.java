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
 * new event would make more than {@code maxOpenEvents} open, or at the end of the input. Records
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
  // NOTE: only the event count is capped. Each open event keeps up to maxFieldChars per field,
  // so with the default caps (1 Mi chars, 1,024 events) a log of many interleaved events with
  // huge command lines can hold about 1 GiB before the oldest completes.
  private final LinkedHashMap<EventKey, OpenEvent> open = new LinkedHashMap<>();
  private final String source;
  private final int maxOpenEvents;
  private final int maxFieldChars;
  private final ParseSink sink;

  OpenEvents(String source, int maxOpenEvents, int maxFieldChars, ParseSink sink) {
    this.source = source;
    this.maxOpenEvents = maxOpenEvents;
    this.maxFieldChars = maxFieldChars;
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
    event.add(record, line);
    return null;
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
    AuditdEvent completed = event.complete(source);
    String missing = event.missingSyscallRecord();
    if (missing != null) {
      sink.incomplete(event.firstLine(), missing);
    }
    sink.event(completed);
    sink.lines(LineUse.EVENT, event.lines());
  }
}

package io.github.imdsdetect.adapter;

import io.github.imdsdetect.core.Event;

/**
 * Receives what a parser reads. The event passed to {@link #event} is valid only during that
 * call: parsers may reuse one mutable event object for every record.
 *
 * <p>A parser also gives every physical line it reads exactly one {@link LineUse} through {@link
 * #lines}, so that the counts add up to the value that {@link EventParser#parse} returns. The
 * rules:
 *
 * <ul>
 *   <li>Every line of a record gets the record's use: {@link LineUse#EVENT} when the record was
 *       delivered as an event, else {@link LineUse#SKIPPED} when it was reported as skipped, else
 *       {@link LineUse#IGNORED}. A record that yields several reports, such as a JSON line whose
 *       container array contains several records, takes the first of those uses that applies.
 *   <li>A line that contains parts of several records counts once, for the record that starts or
 *       ends on it first in reading order. A line inside a record on which no record starts or
 *       ends counts for the innermost record around it. So a pretty-printed search response
 *       gives its hits' lines their own use, and the lines of the wrapper around them the
 *       wrapper's use. An element of a container array that yields no report of its own, such as
 *       an OCSF HTTP header object, gives its lines to the record around it.
 *   <li>An auditd event's lines need not be adjacent. They count as {@link LineUse#EVENT} when
 *       the event is delivered, which every event is: at its EOE record, when too many events
 *       are open, or at the end of the input. An event reported to {@link #incomplete} is
 *       delivered and counted the same way.
 *   <li>A line cut at the line cap counts once: as {@link LineUse#SKIPPED} when the parser skips
 *       it, else with the use of the record that its kept part belongs to.
 *   <li>After a syntax error in a JSON document, the rest of the document counts as {@link
 *       LineUse#SKIPPED}, blank lines and the lines of records not yet delivered included.
 * </ul>
 */
public interface ParseSink {

  /**
   * Receives one event.
   *
   * @param event the parsed event; valid only during this call, so copy what must be kept
   */
  void event(Event event);

  /**
   * Receives notice of an event that a {@link RecordScreen} cleared, so that the parser counted
   * it without building it: no rule of the screen's detector can match it. Only a parse given a
   * screen ({@link EventParser#parse(java.io.InputStream, String, ParseLimits, RecordScreen,
   * ParseSink)}) calls this, in place of {@link #event}; its lines count as {@link
   * LineUse#EVENT}. A sink passed to such a parse must count these events itself, because the
   * default does nothing.
   *
   * @param line the 1-based line number where the event starts
   */
  default void cleared(long line) {}

  /**
   * Receives a line or record that did not become an event.
   *
   * @param line the 1-based line number where the unusable input starts
   * @param reason why it was skipped, such as {@code invalid JSON: unexpected end of input}
   */
  void skipped(long line, String reason);

  /**
   * Receives a well-formed record that this parser does not map to an event, such as a Windows
   * event of another channel in a Sysmon export or a wrapper object around search results.
   *
   * @param line the 1-based line number where the record starts
   * @param kind what the record is, such as {@code Security event 5156}; parsers keep the set of
   *     distinct kinds small so that callers can count by kind
   */
  default void ignored(long line, String kind) {}

  /**
   * Receives notice that the event delivered next lacks a record that it should have, so some of
   * its fields may be missing. The parser calls {@link #event} with that event right after this
   * call, and the event's lines still count as {@link LineUse#EVENT}. The default does nothing.
   *
   * <p>The auditd parser reports an event that has records which the kernel writes only after a
   * SYSCALL record or an io_uring URINGOP record, such as EXECVE, PATH or SOCKADDR, but has
   * neither of those. That happens when a log starts or was cut inside an event, when the SYSCALL
   * line was skipped, or when records of an event arrive after the event was delivered early
   * because too many events were open.
   *
   * @param line the 1-based line number where the event starts, which is its origin line
   * @param reason what is missing, such as {@code EXECVE, PROCTITLE records without their
   *     SYSCALL record}
   */
  default void incomplete(long line, String reason) {}

  /**
   * Receives notice that a line or field was longer than its cap and was cut. The part that was
   * kept is still parsed.
   *
   * @param line the 1-based line number
   * @param what which cap applied, such as {@code line} or a field name
   * @param originalLength the length before cutting, in bytes or chars as {@code what} names, or
   *     -1 when the parser stopped counting
   */
  default void truncated(long line, String what, long originalLength) {}

  /**
   * Receives the use of {@code count} physical lines. Parsers may report lines in any order and
   * in batches: an auditd event reports its lines when it is delivered, after lines read later.
   * The default does nothing, so sinks that do not count lines need not implement it.
   *
   * @param use what the lines were used for
   * @param count the number of lines, at least 0
   */
  default void lines(LineUse use, long count) {}
}

package io.github.imdsdetect.adapter;

import io.github.imdsdetect.core.Event;

/**
 * Receives what a parser reads. The event passed to {@link #event} is valid only during that
 * call: parsers may reuse one mutable event object for every record.
 */
public interface ParseSink {

  /**
   * Receives one event.
   *
   * @param event the parsed event; valid only during this call, so copy what must be kept
   */
  void event(Event event);

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
   * Receives notice that a line or field was longer than its cap and was cut. The part that was
   * kept is still parsed.
   *
   * @param line the 1-based line number
   * @param what which cap applied, such as {@code line} or a field name
   * @param originalLength the length before cutting, in bytes or chars as {@code what} names, or
   *     -1 when the parser stopped counting
   */
  default void truncated(long line, String what, long originalLength) {}
}

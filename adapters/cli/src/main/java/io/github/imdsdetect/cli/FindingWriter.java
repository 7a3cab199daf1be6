package io.github.imdsdetect.cli;

import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Explanation;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Suppression;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;

/** Writes findings to standard output, one line each, in the format that --output selects. */
interface FindingWriter extends Flushable, Closeable {

  /**
   * Writes one finding. The event is read only during this call because parsers reuse it.
   *
   * @param source the FILE argument the event was read from, {@code -} for standard input
   * @param finding the finding
   * @param suppression the exclusion that quieted the finding, or null for a finding that fired
   * @param event the event the finding was made on
   */
  void write(String source, Finding finding, Suppression suppression, Event event)
      throws IOException;

  /**
   * Writes why the detector reported or quieted one event: every rule that matched, its matches,
   * and every exclusion considered with its outcome.
   *
   * @param source the FILE argument the event was read from
   * @param line the event's line
   * @param explanation what {@link io.github.imdsdetect.core.Detector#explain} returned
   */
  void writeExplanation(String source, long line, Explanation explanation) throws IOException;

  /** Flushes buffered lines; closing flushes too but leaves standard output open. */
  @Override
  void flush() throws IOException;
}

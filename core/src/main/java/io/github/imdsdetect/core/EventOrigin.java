package io.github.imdsdetect.core;

import java.util.Objects;

/**
 * The place an event was read from: the source name (a file name, {@code -} for standard input, or any
 * name the caller chooses) and the 1-based line number of the event's first line, or 0 when the
 * source has no lines.
 *
 * @param source the source name, never null
 * @param line the 1-based line number, or 0 when unknown
 */
public record EventOrigin(String source, long line) {

  /** The origin of events whose source the caller did not name. */
  public static final EventOrigin UNKNOWN = new EventOrigin("", 0);

  /**
   * Creates an origin.
   *
   * @param source the source name, never null
   * @param line the 1-based line number, or 0 when unknown
   * @throws NullPointerException if {@code source} is null
   * @throws IllegalArgumentException if {@code line} is negative
   */
  public EventOrigin {
    Objects.requireNonNull(source, "source");
    if (line < 0) {
      throw new IllegalArgumentException("line must be 0 or positive, was " + line);
    }
  }

  @Override
  public String toString() {
    return line > 0 ? source + ":" + line : source;
  }
}

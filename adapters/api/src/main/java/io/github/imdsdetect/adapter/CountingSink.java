package io.github.imdsdetect.adapter;

import io.github.imdsdetect.core.Event;

/**
 * A {@link ParseSink} that passes every report on to another sink and counts the reports, so
 * that a reader can tell what a record yielded and give the record's lines their {@link LineUse}.
 * A reader takes a {@link #mark()} before it hands a record to the code that maps it, and calls
 * {@link #useSince} afterwards.
 *
 * <p>That works only when the mapping code reports to this sink, not to the sink it wraps. A
 * parser therefore wraps its sink once with {@link #of} and passes the result everywhere.
 *
 * <p>Not thread-safe: one sink serves one parse.
 */
public final class CountingSink implements ParseSink {
  /**
   * The kind that {@link #recordUse} reports for a record that its mapping code reported
   * nothing for. Parsers report every record, so this kind in a summary points to a parser bug.
   */
  public static final String UNREPORTED_KIND = "record that the parser did not report";

  /**
   * The number of events, skips and ignores reported up to one point of a parse.
   *
   * @param events the number of events delivered or cleared
   * @param skipped the number of skips reported
   * @param ignored the number of ignores reported
   */
  public record Mark(long events, long skipped, long ignored) {}

  private final ParseSink target;
  private long events;
  private long skipped;
  private long ignored;
  private long lines;

  private CountingSink(ParseSink target) {
    this.target = target;
  }

  /**
   * Returns {@code sink} itself when it already counts, or a new counting sink that passes every
   * report on to {@code sink}.
   *
   * @param sink the sink that receives the reports
   * @return a counting sink over {@code sink}
   */
  public static CountingSink of(ParseSink sink) {
    return sink instanceof CountingSink counting ? counting : new CountingSink(sink);
  }

  @Override
  public void event(Event event) {
    events++;
    target.event(event);
  }

  /** Counts a cleared event as an event, and passes it on. */
  @Override
  public void cleared(long line) {
    events++;
    target.cleared(line);
  }

  @Override
  public void skipped(long line, String reason) {
    skipped++;
    target.skipped(line, reason);
  }

  @Override
  public void ignored(long line, String kind) {
    ignored++;
    target.ignored(line, kind);
  }

  @Override
  public void incomplete(long line, String reason) {
    target.incomplete(line, reason);
  }

  @Override
  public void truncated(long line, String what, long originalLength) {
    target.truncated(line, what, originalLength);
  }

  /**
   * Passes the report on, unless {@code count} is 0, and adds {@code count} to {@link #lines()}.
   *
   * @param use what the lines were used for
   * @param count the number of lines, at least 0
   */
  @Override
  public void lines(LineUse use, long count) {
    if (count == 0) {
      return;
    }
    lines += count;
    target.lines(use, count);
  }

  /**
   * Returns the number of lines whose use was reported so far.
   *
   * @return the sum of the counts passed to {@link #lines(LineUse, long)}
   */
  public long lines() {
    return lines;
  }

  /**
   * Returns the counts of the reports so far, for a later {@link #useSince}.
   *
   * @return the current counts
   */
  public Mark mark() {
    return new Mark(events, skipped, ignored);
  }

  /**
   * Returns the use that the reports since {@code mark} give a record's lines: {@link
   * LineUse#EVENT} after any event, else {@link LineUse#SKIPPED} after any skip, else {@link
   * LineUse#IGNORED} after any ignore.
   *
   * @param mark the counts taken before the record was handed on
   * @return the use, or null when nothing was reported since {@code mark}
   */
  public LineUse useSince(Mark mark) {
    if (events > mark.events()) {
      return LineUse.EVENT;
    }
    if (skipped > mark.skipped()) {
      return LineUse.SKIPPED;
    }
    if (ignored > mark.ignored()) {
      return LineUse.IGNORED;
    }
    return null;
  }

  /**
   * Returns {@link #useSince}, but for a record that nothing was reported for, reports the
   * record as ignored with the kind {@value #UNREPORTED_KIND} and returns {@link
   * LineUse#IGNORED}, so that no record goes uncounted.
   *
   * @param mark the counts taken before the record was handed on
   * @param line the 1-based line where the record starts
   * @return the use of the record's lines
   */
  public LineUse recordUse(Mark mark, long line) {
    LineUse use = useSince(mark);
    if (use != null) {
      return use;
    }
    ignored(line, UNREPORTED_KIND);
    return LineUse.IGNORED;
  }
}

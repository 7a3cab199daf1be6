package io.github.imdsdetect.adapter;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one log format and maps its records onto {@link io.github.imdsdetect.core.Event}.
 *
 * <p>Implementations are stateless and thread-safe: all per-input state lives inside one call of
 * {@link #parse}. A parser never throws for malformed input. It reports each line or record it
 * cannot use to {@link ParseSink#skipped} with a reason and goes on with the next one.
 */
public interface EventParser {

  /**
   * Returns the format name used by the scanner's {@code --format} option, such as {@code auditd}.
   *
   * @return the format name
   */
  String format();

  /**
   * Returns how sure this parser is, from 0 (not this format) to 100 (certainly this format),
   * that an input starting with {@code head} is in its format. The scanner picks the parser
   * with the highest score.
   *
   * @param head the first bytes of the input (up to 64 KiB) decoded as UTF-8, with invalid bytes
   *     replaced
   * @return the score, from 0 to 100
   */
  int sniff(String head);

  /**
   * Reads {@code in} to its end and delivers every event and every skipped line to {@code sink}.
   * The stream is not closed. Every line read gets one {@link LineUse} through {@link
   * ParseSink#lines}, so that the counts of all uses add up to the returned number of lines.
   *
   * @param in the input, already decompressed
   * @param source the name that events' origins carry, such as the file name
   * @param limits line, field and buffering caps
   * @param sink receives events, skipped lines, truncations and line uses. An event is delivered
   *     when it is complete, so a format that groups several lines per event (auditd) may
   *     deliver it after messages about later lines
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  long parse(InputStream in, String source, ParseLimits limits, ParseSink sink) throws IOException;

  /**
   * Like {@link #parse(InputStream, String, ParseLimits, ParseSink)}, but the parser may pass a
   * record whose raw text {@code screen} clears to {@link ParseSink#cleared} instead of building
   * an event from it, when it can tell without building it that the record is an event. Every
   * other record is read as usual. The screen must stand for the detector that {@code sink}
   * runs, for example {@link RecordScreen#of(io.github.imdsdetect.core.Detector)}: then findings
   * and counts are the same as without it.
   *
   * <p>The default ignores the screen. Parsers that can read a record's raw text override it.
   *
   * @param in the input, already decompressed
   * @param source the name that events' origins carry, such as the file name
   * @param limits line, field and buffering caps
   * @param screen the screen that decides which records need not be built
   * @param sink receives events, cleared events, skipped lines, truncations and line uses
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  default long parse(
      InputStream in, String source, ParseLimits limits, RecordScreen screen, ParseSink sink)
      throws IOException {
    return parse(in, source, limits, sink);
  }
}

package io.github.imdsdetect.adapter;

/**
 * Caps that keep a parser's memory bounded whatever the input holds.
 *
 * @param maxLineBytes longest line kept, in bytes; the rest of a longer line is discarded and
 *     reported through {@link ParseSink#truncated}
 * @param maxFieldChars longest field value kept, in chars; the rest is discarded before detection
 *     and reported through {@link ParseSink#truncated}
 * @param maxOpenEvents most events a parser keeps open while it waits for their remaining lines
 *     (auditd groups several records per event); the oldest is completed early beyond that
 * @param maxRecordFields most fields kept from one JSON record
 */
public record ParseLimits(int maxLineBytes, int maxFieldChars, int maxOpenEvents, int maxRecordFields) {

  /**
   * 1 MiB lines, 1 Mi-char fields, 1,024 open events, 4,096 fields per record. The field cap
   * equals the line cap, so no field that fits in one kept line is cut before detection: a
   * shorter field cap would let padding push a metadata URL out of a command line.
   */
  public static final ParseLimits DEFAULTS = new ParseLimits(1 << 20, 1 << 20, 1024, 4096);

  /**
   * Creates limits.
   *
   * @param maxLineBytes maximum line length kept, in bytes
   * @param maxFieldChars maximum field value length kept, in chars
   * @param maxOpenEvents maximum number of events a parser keeps open
   * @param maxRecordFields maximum number of fields kept from one JSON record
   * @throws IllegalArgumentException if any value is below 1
   */
  public ParseLimits {
    if (maxLineBytes < 1 || maxFieldChars < 1 || maxOpenEvents < 1 || maxRecordFields < 1) {
      throw new IllegalArgumentException(
          "every limit must be at least 1: maxLineBytes=" + maxLineBytes
              + ", maxFieldChars=" + maxFieldChars
              + ", maxOpenEvents=" + maxOpenEvents
              + ", maxRecordFields=" + maxRecordFields);
    }
  }
}

package io.github.imdsdetect.adapter;

/**
 * The use of one physical line of the input. A parser gives every line it reads exactly
 * one use through {@link ParseSink#lines}, so that the counts of all uses add up to the lines
 * read. {@link ParseSink} describes which use a line gets when it contains parts of several
 * records.
 */
public enum LineUse {
  /** Part of a record that was delivered as an event, or of several records, one an event. */
  EVENT,

  /** Part of a well-formed record that was reported to {@link ParseSink#ignored}. */
  IGNORED,

  /**
   * Part of input that was reported to {@link ParseSink#skipped}: a malformed or cut record, or
   * the rest of a JSON document after a syntax error.
   */
  SKIPPED,

  /** A line outside any record that is empty or contains only white space or byte order marks. */
  BLANK,

  /**
   * A header, comment or structure line that contains no record: Zeek {@code #fields} and other
   * {@code #} lines, the header row of a CSV file, the {@code [}, {@code ]} and {@code ,} lines
   * of a pretty-printed JSON array, and XML declarations, comments and {@code <Events>} root
   * tags.
   */
  HEADER
}

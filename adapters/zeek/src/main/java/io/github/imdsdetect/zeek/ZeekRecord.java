package io.github.imdsdetect.zeek;

/** One record of a Zeek log, read by Zeek field name such as {@code id.resp_h}. */
interface ZeekRecord {

  /** Returns the value of a field, or null when the field is missing, unset or empty. */
  String get(String field);

  /**
   * Returns the elements of a set or vector field joined by commas or spaces, or null when the
   * field is missing, unset or empty.
   */
  String getList(String field);

  /** Returns whether the record has a column or key for the field, even an unset one. */
  boolean has(String field);
}

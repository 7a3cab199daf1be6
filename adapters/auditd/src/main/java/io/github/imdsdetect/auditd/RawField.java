package io.github.imdsdetect.auditd;

/**
 * One {@code key=value} pair of an audit record line, with its quotes removed and its value not
 * yet decoded.
 *
 * @param key the field name as written, such as {@code exe}, {@code a1[0]} or {@code UID}
 * @param value the text between the quotes or braces, or the bare text
 * @param form how the value was written
 * @param section which part of the line the pair came from
 * @param cut whether the line cap cut this value, so that its end is missing
 */
record RawField(String key, String value, Form form, Section section, boolean cut) {

  /** The quoting of a value on the line. */
  enum Form {
    /** {@code key="text"}: the kernel's form for printable text without spaces or quotes. */
    DOUBLE_QUOTED,
    /** {@code key='text'}: the message part of records written by user-space programs. */
    SINGLE_QUOTED,
    /** {@code key={ text }}: interpreted socket addresses of the enriched format. */
    BRACED,
    /** {@code key=text}: numbers, markers such as {@code (null)}, and hex-encoded text. */
    BARE
  }

  /** The part of a record line that a field belongs to. */
  enum Section {
    /** Fields written by the kernel or the sending program. */
    MAIN,
    /** Fields inside the {@code msg='...'} value of a user-space record. */
    MESSAGE,
    /** Interpreted fields that auditd's enriched log format appends after a 0x1D byte. */
    ENRICHED
  }
}

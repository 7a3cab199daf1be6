package io.github.imdsdetect.rules;

/**
 * Size limits of a rules file. Each one bounds the memory and time that loading a file and
 * running its indicators can take, even when the file is hostile. Exceeding any of them is an
 * error.
 */
final class Limits {
  private Limits() {}

  /** Maximum size of a file, in bytes of its UTF-8 encoding (1 MiB). */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  /** Maximum length of one line, in bytes of its UTF-8 encoding without the line break (8 KiB). */
  static final int MAX_LINE_BYTES = 8 * 1024;

  /** Maximum number of {@code [indicator]} sections. */
  static final int MAX_INDICATORS = 1_000;

  /** Maximum number of {@code [allow ID]} sections. */
  static final int MAX_ALLOW_ENTRIES = 1_000;

  /** Maximum length of one value or list item in chars: a pattern, path, name or reason. */
  static final int MAX_VALUE_CHARS = 1_000;

  /**
   * Maximum number of items in one list value. The detector compares an event with every path
   * and name of an allow-list entry, so this also bounds that work per entry.
   */
  static final int MAX_LIST_ITEMS = 100;

  /** Maximum length of a rule or allow-list entry id in chars. */
  static final int MAX_ID_CHARS = 100;

  /**
   * Maximum size of a regex after its counted repetitions are expanded, as estimated by {@link
   * RegexChecks#expandedSize}. re2j 1.8 puts no limit on the size of the program it compiles:
   * compiling {@code ((a{1000}){1000}){1000}} exhausted a 2 GiB heap in a test, and matching time
   * grows with the size of the program.
   */
  static final int MAX_REGEX_EXPANDED_SIZE = 2_000;

  /**
   * Maximum sum of the expanded sizes of all regex indicators of a file. Each regex runs on every
   * field that contains its literal, in time proportional to the field's length times the size of
   * its program, so this sum bounds the regex work per event.
   */
  static final int MAX_TOTAL_REGEX_EXPANDED_SIZE = 10_000;

  /**
   * Returns the length of {@code text} in UTF-8 bytes. A surrogate pair counts as 4 bytes, and a
   * lone surrogate as 2.
   */
  static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      bytes += utf8Length(text.charAt(i));
    }
    return bytes;
  }

  /** Returns the UTF-8 bytes that one char adds, counting each half of a surrogate pair as 2. */
  static int utf8Length(char c) {
    if (c < 0x80) {
      return 1;
    }
    if (c < 0x800 || Character.isSurrogate(c)) {
      return 2;
    }
    return 3;
  }
}

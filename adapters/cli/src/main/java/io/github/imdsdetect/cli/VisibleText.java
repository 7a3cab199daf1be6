package io.github.imdsdetect.cli;

/**
 * Escapes text from the scanned input before it reaches a terminal, so that a crafted log line
 * can neither start a new output line nor send terminal escape sequences.
 *
 * <p>Newline, carriage return and tab become {@code \n}, {@code \r} and {@code \t}. The other
 * C0 controls and DEL become {@code \xHH}. These become a backslash, {@code u} and four hex
 * digits: C1 controls (some terminals read U+009B as the start of an escape sequence), the
 * Unicode line and paragraph separators, the bidirectional formatting controls that can reorder
 * what a reader is shown, and unpaired surrogates.
 *
 * <p>A backslash is kept as it is so that Windows paths stay readable. As a result, a literal
 * {@code \n} in the input looks the same as an escaped newline. The JSON output has no such
 * ambiguity.
 */
final class VisibleText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private VisibleText() {}

  /** Returns {@code text} with the chars listed in the class comment escaped; null becomes empty. */
  static String escape(CharSequence text) {
    if (text == null) {
      return "";
    }
    StringBuilder result = null;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      boolean paired = isPairedSurrogate(text, i);
      if (!paired && (c < 0x20 || c == 0x7f || isUnsafeNonAscii(c))) {
        if (result == null) {
          result = new StringBuilder(length + 16);
          result.append(text, 0, i);
        }
        appendEscape(result, c);
      } else if (result != null) {
        result.append(c);
        if (paired && Character.isHighSurrogate(c)) {
          result.append(text.charAt(++i));
        }
      } else if (paired && Character.isHighSurrogate(c)) {
        i++;
      }
    }
    return result == null ? text.toString() : result.toString();
  }

  /**
   * Returns whether a char above U+007F is one that a terminal or text viewer may act on or
   * display misleadingly: a C1 control, a line or paragraph separator, a bidirectional
   * formatting control, or a surrogate. Callers that see whole pairs must exempt paired
   * surrogates themselves.
   */
  static boolean isUnsafeNonAscii(char c) {
    return (c >= 0x80 && c <= 0x9f)
        || c == '\u061c'
        || c == '\u200e'
        || c == '\u200f'
        || (c >= '\u2028' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || Character.isSurrogate(c);
  }

  private static boolean isPairedSurrogate(CharSequence text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
    return false;
  }

  private static void appendEscape(StringBuilder out, char c) {
    switch (c) {
      case '\n':
        out.append("\\n");
        return;
      case '\r':
        out.append("\\r");
        return;
      case '\t':
        out.append("\\t");
        return;
      default:
        break;
    }
    if (c <= 0x7f) {
      out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
    } else {
      out.append("\\u")
          .append(HEX[(c >> 12) & 0xf])
          .append(HEX[(c >> 8) & 0xf])
          .append(HEX[(c >> 4) & 0xf])
          .append(HEX[c & 0xf]);
    }
  }
}

package io.github.imdsdetect.core;

/**
 * Percent-decoding for URL and command-line fields, so that {@code %2F} and {@code %252F} do not
 * hide a metadata path or address from the rules.
 */
final class PercentDecoding {
  /** Most rounds of decoding applied; three covers double and triple encoding. */
  static final int MAX_ROUNDS = 3;

  private PercentDecoding() {}

  /** Returns whether the text contains a {@code %} followed by two hex digits. Does not allocate. */
  static boolean hasEscape(CharSequence text) {
    if (text instanceof String string) {
      // String.indexOf(char) is a vectorized intrinsic, so text without '%' costs little.
      int n = string.length();
      for (int i = string.indexOf('%'); i >= 0 && i + 2 < n; i = string.indexOf('%', i + 1)) {
        if (isHex(string.charAt(i + 1)) && isHex(string.charAt(i + 2))) {
          return true;
        }
      }
      return false;
    }
    int n = text.length();
    for (int i = 0; i + 2 < n; i++) {
      if (text.charAt(i) == '%' && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decodes escapes repeatedly, up to {@link #MAX_ROUNDS} times, while any remain, then folds
   * the compatibility forms of ASCII that URL parsers fold ({@link #foldCompatibility}). A run
   * of escapes that spells valid UTF-8 becomes its chars; any other escaped byte above 0x7F
   * becomes the Latin-1 char of its value. Returns null when the text contains no escape.
   */
  static String decode(CharSequence text) {
    if (!hasEscape(text)) {
      return null;
    }
    String current = text.toString();
    for (int round = 0; round < MAX_ROUNDS && hasEscape(current); round++) {
      current = decodeOnce(current);
    }
    return foldCompatibility(current);
  }

  private static String decodeOnce(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (!isEscape(text, i)) {
        out.append(text.charAt(i));
        i++;
        continue;
      }
      int b = escapedByte(text, i);
      int sequence = sequenceLength(b);
      int codePoint = sequence == 0 ? -1 : utf8(text, i, sequence);
      if (codePoint < 0) {
        // Not valid UTF-8: the byte becomes the Latin-1 char of its value.
        out.append((char) b);
        i += 3;
      } else {
        out.appendCodePoint(codePoint);
        i += 3 * sequence;
      }
    }
    return out.toString();
  }

  private static boolean isEscape(String text, int i) {
    return i + 2 < text.length() && text.charAt(i) == '%' && isHex(text.charAt(i + 1))
        && isHex(text.charAt(i + 2));
  }

  private static int escapedByte(String text, int i) {
    return Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16);
  }

  /** Returns the length of the UTF-8 sequence that starts with byte {@code b}, or 0 for none. */
  private static int sequenceLength(int b) {
    if (b >= 0xC2 && b <= 0xDF) {
      return 2;
    }
    if (b >= 0xE0 && b <= 0xEF) {
      return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
      return 4;
    }
    return 0;
  }

  /**
   * Returns the code point of the UTF-8 sequence spelled by {@code sequence} escapes from
   * {@code start}, or -1 if an escape is missing or the sequence is invalid or overlong.
   */
  private static int utf8(String text, int start, int sequence) {
    int codePoint = escapedByte(text, start) & (0xFF >> (sequence + 1));
    for (int k = 1; k < sequence; k++) {
      int at = start + 3 * k;
      if (!isEscape(text, at)) {
        return -1;
      }
      int b = escapedByte(text, at);
      if ((b & 0xC0) != 0x80) {
        return -1;
      }
      codePoint = codePoint << 6 | (b & 0x3F);
    }
    int minimum = 0x10000;
    if (sequence == 2) {
      minimum = 0x80;
    } else if (sequence == 3) {
      minimum = 0x800;
    }
    if (codePoint < minimum || codePoint > 0x10FFFF
        || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
      return -1;
    }
    return codePoint;
  }

  /**
   * Maps the forms of ASCII that a WHATWG URL parser folds in a host name onto ASCII: full-width
   * ASCII (U+FF01 to U+FF5E), the ideographic and half-width full stops, and circled numbers
   * (U+2460 to U+2473, U+24EA). So {@code １６９。２５４。１６９。２５４} reads as
   * {@code 169.254.169.254}. Text without any char from U+2460 on is returned as it is.
   */
  static String foldCompatibility(String text) {
    int first = -1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x2460) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0xFF01 && c <= 0xFF5E) {
        out.append((char) (c - 0xFF01 + 0x21));
      } else if (c == 0x3002 || c == 0xFF61) {
        out.append('.');
      } else if (c >= 0x2460 && c <= 0x2473) {
        out.append(c - 0x2460 + 1);
      } else if (c == 0x24EA) {
        out.append('0');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

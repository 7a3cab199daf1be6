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
   * Decodes escapes repeatedly, up to {@link #MAX_ROUNDS} times, while any remain. Each escape
   * becomes the char of its byte value (bytes above 0x7F become the Latin-1 char, which is enough
   * to reveal ASCII hosts and paths). Returns null when the text contains no escape.
   */
  static String decode(CharSequence text) {
    if (!hasEscape(text)) {
      return null;
    }
    String current = text.toString();
    for (int round = 0; round < MAX_ROUNDS && hasEscape(current); round++) {
      StringBuilder out = new StringBuilder(current.length());
      for (int i = 0; i < current.length(); i++) {
        char c = current.charAt(i);
        if (c == '%' && i + 2 < current.length() && isHex(current.charAt(i + 1))
            && isHex(current.charAt(i + 2))) {
          out.append((char) (Character.digit(current.charAt(i + 1), 16) * 16
              + Character.digit(current.charAt(i + 2), 16)));
          i += 2;
        } else {
          out.append(c);
        }
      }
      current = out.toString();
    }
    return current;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

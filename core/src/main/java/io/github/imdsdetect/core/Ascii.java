package io.github.imdsdetect.core;

/** ASCII-only case folding, the folding that QRadar's ILIKE and the indicators use. */
final class Ascii {
  private Ascii() {}

  static char toLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Returns the first index of {@code needle} (already lower case) in text, or -1. */
  static int indexOfIgnoreCase(CharSequence text, String lowerNeedle, int from) {
    int n = text.length();
    int m = lowerNeedle.length();
    outer:
    for (int i = Math.max(0, from); i + m <= n; i++) {
      for (int j = 0; j < m; j++) {
        if (toLower(text.charAt(i + j)) != lowerNeedle.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static boolean equalsIgnoreCase(CharSequence text, String lowerValue) {
    if (text.length() != lowerValue.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (toLower(text.charAt(i)) != lowerValue.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static String toLowerCase(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char lower = toLower(c);
      if (lower != c && sb == null) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(lower);
      }
    }
    return sb == null ? s : sb.toString();
  }
}

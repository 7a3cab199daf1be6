package io.github.imdsdetect.core;

/** ASCII-only case folding, the folding that QRadar's ILIKE and the indicators use. */
final class Ascii {
  private Ascii() {}

  static char toLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Returns the first index of {@code needle} (already lower case) in text, or -1. */
  static int indexOfIgnoreCase(CharSequence text, String lowerNeedle, int from) {
    if (text instanceof String string) {
      return indexOfIgnoreCase(string, lowerNeedle, from);
    }
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

  /**
   * Searches a String as {@link #indexOfIgnoreCase(CharSequence, String, int)} does. String.charAt
   * inlines, and a first char that is not a letter is found with the vectorized String.indexOf.
   */
  private static int indexOfIgnoreCase(String text, String lowerNeedle, int from) {
    int n = text.length();
    int m = lowerNeedle.length();
    if (m == 0) {
      return Math.max(0, from) <= n ? Math.max(0, from) : -1;
    }
    char first = lowerNeedle.charAt(0);
    if (first >= 'A' && first <= 'Z') {
      // A folded char is never upper case, so such a needle never matches.
      return -1;
    }
    boolean letter = first >= 'a' && first <= 'z';
    int i = Math.max(0, from);
    while (i + m <= n) {
      if (letter) {
        if (toLower(text.charAt(i)) != first) {
          i++;
          continue;
        }
      } else {
        i = text.indexOf(first, i);
        if (i < 0 || i + m > n) {
          return -1;
        }
      }
      int j = 1;
      while (j < m && toLower(text.charAt(i + j)) == lowerNeedle.charAt(j)) {
        j++;
      }
      if (j == m) {
        return i;
      }
      i++;
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

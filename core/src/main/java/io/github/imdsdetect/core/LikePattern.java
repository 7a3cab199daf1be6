package io.github.imdsdetect.core;

/**
 * An SQL {@code ILIKE} pattern as QRadar AQL evaluates it: {@code %} matches any run of chars,
 * {@code _} matches exactly one char, every other char matches itself with ASCII letters compared
 * case-insensitively. AQL's {@code ILIKE} has no escape character, so a literal {@code %} or
 * {@code _} cannot be written; a backslash is an ordinary char.
 *
 * <p>Matching uses the usual wildcard algorithm that backtracks only to the last {@code %}, so a
 * test of the whole text costs at most O(text length x pattern length).
 */
final class LikePattern {
  private final String pattern;
  private final char[] folded;

  LikePattern(String pattern) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("LIKE pattern must not be empty");
    }
    this.pattern = pattern;
    this.folded = new char[pattern.length()];
    for (int i = 0; i < folded.length; i++) {
      folded[i] = Ascii.toLower(pattern.charAt(i));
    }
  }

  String pattern() {
    return pattern;
  }

  /** Returns the longest run of chars without wildcards, lower-cased, or "" when there is none. */
  String longestLiteral() {
    int bestStart = 0;
    int bestLength = 0;
    int runStart = 0;
    for (int i = 0; i <= folded.length; i++) {
      if (i == folded.length || folded[i] == '%' || folded[i] == '_') {
        if (i - runStart > bestLength) {
          bestStart = runStart;
          bestLength = i - runStart;
        }
        runStart = i + 1;
      }
    }
    return new String(folded, bestStart, bestLength);
  }

  /** Returns whether the whole of {@code text} matches, as {@code text ILIKE pattern} does. */
  boolean matches(CharSequence text) {
    return matchFrom(text, 0, 0) == text.length();
  }

  /**
   * Returns the span of the leftmost match, for reporting what matched: the start and end of the
   * part of {@code text} that the pattern's chars and wildcards between its first and last
   * non-{@code %} char covered, packed as {@code (start << 32) | end}; -1 when the whole text
   * does not match.
   */
  long find(CharSequence text) {
    if (!matches(text)) {
      return -1;
    }
    int first = 0;
    while (first < folded.length && folded[first] == '%') {
      first++;
    }
    int last = folded.length;
    while (last > first && folded[last - 1] == '%') {
      last--;
    }
    if (first == last) {
      return ((long) 0 << 32) | text.length();
    }
    int maxStart = first == 0 ? 0 : text.length();
    for (int start = 0; start <= maxStart; start++) {
      int end = matchSpan(text, start, first, last, last == folded.length);
      if (end >= 0) {
        return ((long) start << 32) | end;
      }
    }
    return -1;
  }

  /** Matches folded[p..] against text[t..] requiring the text to be consumed; returns t's end. */
  private int matchFrom(CharSequence text, int t, int p) {
    int end = matchSpan(text, t, p, folded.length, true);
    return end;
  }

  /**
   * Matches folded[p, patternEnd) against text starting at t. With {@code toTextEnd} the match
   * must consume the rest of the text; otherwise it may stop anywhere and the earliest end found
   * is returned. Returns the end offset in text, or -1.
   */
  private int matchSpan(CharSequence text, int t, int p, int patternEnd, boolean toTextEnd) {
    int n = text.length();
    int starP = -1;
    int starT = -1;
    while (true) {
      if (p == patternEnd && (!toTextEnd || t == n)) {
        return t;
      }
      if (p < patternEnd && folded[p] == '%') {
        starP = ++p;
        starT = t;
        continue;
      }
      if (p < patternEnd && t < n && (folded[p] == '_' || folded[p] == Ascii.toLower(text.charAt(t)))) {
        p++;
        t++;
        continue;
      }
      if (starP >= 0 && starT < n) {
        starT++;
        t = starT;
        p = starP;
        continue;
      }
      return -1;
    }
  }

  @Override
  public String toString() {
    return pattern;
  }
}

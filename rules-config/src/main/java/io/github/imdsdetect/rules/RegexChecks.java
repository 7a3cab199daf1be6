package io.github.imdsdetect.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Checks on a regex indicator that re2j does not make: how large the compiled program gets, and
 * whether the required literal appears in the expression.
 */
final class RegexChecks {
  private RegexChecks() {}

  /**
   * Estimates the size of an RE2 expression after counted repetitions are expanded: each char,
   * escape or class counts 1, and {@code X{n}}, {@code X{n,m}} and {@code X{n,}} multiply the
   * size of {@code X} by n, m and n + 1. re2j expands counted repetitions into copies when it
   * compiles, so this bounds the compiled program's size up to a constant factor.
   *
   * <p>The scan runs before re2j parses the expression, because compiling an oversized one can
   * exhaust memory. It accepts any text, never throws, and saturates at {@link Long#MAX_VALUE}.
   * For an expression that re2j accepts, its tokens are re2j's, so the estimate is not lower
   * than the expansion.
   */
  static long expandedSize(String expression) {
    Deque<long[]> enclosing = new ArrayDeque<>();
    long total = 0;
    long last = 0;
    int i = 0;
    int n = expression.length();
    while (i < n) {
      char c = expression.charAt(i);
      switch (c) {
        case '\\':
          if (i + 1 < n && expression.charAt(i + 1) == 'Q') {
            int end = expression.indexOf("\\E", i + 2);
            int literalEnd = end < 0 ? n : end;
            total = add(total, last);
            // Each quoted char is one atom, and a following repetition applies to the last one.
            total = add(total, Math.max(0, literalEnd - (i + 2) - 1));
            last = literalEnd > i + 2 ? 1 : 0;
            i = end < 0 ? n : end + 2;
          } else {
            total = add(total, last);
            last = 1;
            i = escapeEnd(expression, i);
          }
          break;
        case '[':
          total = add(total, last);
          last = 1;
          i = classEnd(expression, i);
          break;
        case '(':
          if (i + 1 < n && expression.charAt(i + 1) == '?') {
            int stop = i + 2;
            while (stop < n && ":)>".indexOf(expression.charAt(stop)) < 0) {
              stop++;
            }
            if (stop < n && expression.charAt(stop) == ')') {
              // A flag group such as (?i) sets flags and matches nothing.
              i = stop + 1;
              break;
            }
            i = stop + 1;
          } else {
            i++;
          }
          enclosing.push(new long[] {total, last});
          total = 0;
          last = 0;
          break;
        case ')':
          if (enclosing.isEmpty()) {
            total = add(total, last);
            last = 1;
          } else {
            long group = add(total, last);
            long[] outer = enclosing.pop();
            total = add(outer[0], outer[1]);
            last = group;
          }
          i++;
          break;
        case '|':
          total = add(total, last);
          last = 0;
          i++;
          break;
        case '*':
        case '+':
        case '?':
          i++;
          break;
        case '{': {
          int end = expression.indexOf('}', i);
          long factor = end < 0 ? -1 : repeatFactor(expression.substring(i + 1, end));
          if (factor < 0) {
            total = add(total, last);
            last = 1;
            i++;
          } else {
            last = multiply(last, factor);
            i = end + 1;
          }
          break;
        }
        default:
          total = add(total, last);
          last = 1;
          i++;
          break;
      }
    }
    total = add(total, last);
    while (!enclosing.isEmpty()) {
      long[] outer = enclosing.pop();
      total = add(add(outer[0], outer[1]), total);
    }
    return total;
  }

  /** Returns the index after the escape that starts at {@code start}, which is a backslash. */
  private static int escapeEnd(String expression, int start) {
    int n = expression.length();
    if (start + 1 >= n) {
      return n;
    }
    char escaped = expression.charAt(start + 1);
    if ((escaped == 'p' || escaped == 'P' || escaped == 'x')
        && start + 2 < n
        && expression.charAt(start + 2) == '{') {
      int close = expression.indexOf('}', start + 3);
      return close < 0 ? n : close + 1;
    }
    if (escaped == 'p' || escaped == 'P') {
      return Math.min(n, start + 3);
    }
    if (escaped == 'x') {
      return Math.min(n, start + 4);
    }
    return start + 2;
  }

  /** Returns the index after the char class that starts at {@code start}, which is '['. */
  private static int classEnd(String expression, int start) {
    int n = expression.length();
    int i = start + 1;
    if (i < n && expression.charAt(i) == '^') {
      i++;
    }
    if (i < n && expression.charAt(i) == ']') {
      // A ']' right after '[' or '[^' is a literal member, as in RE2.
      i++;
    }
    while (i < n) {
      char c = expression.charAt(i);
      if (c == '\\') {
        i = escapeEnd(expression, i);
      } else if (c == '[' && i + 1 < n && expression.charAt(i + 1) == ':') {
        int close = expression.indexOf(":]", i + 2);
        i = close < 0 ? i + 1 : close + 2;
      } else if (c == ']') {
        return i + 1;
      } else {
        i++;
      }
    }
    return n;
  }

  /**
   * Returns the multiplier of a repetition whose braces hold {@code body}, such as {@code 3},
   * {@code 2,5} or {@code 4,}, or -1 when the braces are not a repetition, which RE2 then reads
   * as literal chars.
   */
  private static long repeatFactor(String body) {
    int comma = body.indexOf(',');
    String min = comma < 0 ? body : body.substring(0, comma);
    String max = comma < 0 ? null : body.substring(comma + 1);
    long low = parseCount(min);
    if (low < 0) {
      return -1;
    }
    if (max == null) {
      return Math.max(1, low);
    }
    if (max.isEmpty()) {
      return add(low, 1);
    }
    long high = parseCount(max);
    return high < 0 ? -1 : Math.max(1, Math.max(low, high));
  }

  private static long parseCount(String digits) {
    if (digits.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = add(multiply(value, 10), c - '0');
    }
    return value;
  }

  private static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long multiply(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /**
   * Returns whether {@code literal} occurs in the expression's text, ignoring case. An escaped
   * punctuation char counts as that char, so that {@code 169\.254} contains {@code 169.254}, and
   * an escape of a letter or digit, such as {@code \d}, counts as no text. This catches a
   * mistyped literal. It cannot prove that every match contains the literal: a literal inside an
   * optional group or one branch of an alternation passes too.
   */
  static boolean mentionsLiteral(String expression, String literal) {
    StringBuilder text = new StringBuilder(expression.length());
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (c == '\\' && i + 1 < expression.length()) {
        i++;
        char escaped = expression.charAt(i);
        // NUL cannot occur in a rules file, so it never matches a char of the literal.
        text.append(Character.isLetterOrDigit(escaped) ? '\u0000' : escaped);
        continue;
      }
      text.append(c);
    }
    return text.toString().toLowerCase(Locale.ROOT)
        .contains(literal.toLowerCase(Locale.ROOT));
  }
}

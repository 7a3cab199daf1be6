package io.github.imdsdetect.core;

import java.util.Objects;

/**
 * One thing a rule looks for in a field. Indicators are immutable; the {@code with...} methods
 * return changed copies.
 *
 * <ul>
 *   <li>{@link Kind#LIKE}: an AQL {@code ILIKE} pattern, {@code %} and {@code _} being wildcards.
 *   <li>{@link Kind#CONTAINS}: a literal that occurs anywhere in the field, ASCII case ignored.
 *   <li>{@link Kind#EQUALS}: the whole field equals the value, ASCII case ignored.
 *   <li>{@link Kind#REGEX}: an RE2 pattern (re2j, linear time), tried only on fields that contain
 *       its required literal.
 *   <li>{@link Kind#METADATA_ADDRESS}: a metadata address or host name in any notation that
 *       {@link MetadataAddresses} decodes. On address and host-name fields the whole field is
 *       classified; on free text every token is.
 * </ul>
 */
public final class Indicator {

  /** The way an indicator matches. */
  public enum Kind {
    /** An AQL {@code ILIKE} pattern. */
    LIKE,
    /** A literal anywhere in the field, ASCII case ignored. */
    CONTAINS,
    /** A value equal to the whole field, ASCII case ignored. */
    EQUALS,
    /** An RE2 regular expression with a required literal. */
    REGEX,
    /** A metadata address or host name in any notation. */
    METADATA_ADDRESS
  }

  /** Maximum length of a {@link Kind#REGEX} expression, in chars. */
  public static final int MAX_REGEX_CHARS = 1_000;

  /**
   * Maximum product of the counts of nested counted repetitions in a {@link Kind#REGEX}
   * expression, such as 100 for {@code (a{10}){10}}. re2j itself rejects a single count above
   * 1,000.
   */
  public static final int MAX_REGEX_REPETITION_PRODUCT = 1_000;

  private final Kind kind;
  private final String pattern;
  private final String requiredLiteral;
  private final String provider;
  private final String dataKind;
  private final Severity severity;

  private Indicator(
      Kind kind,
      String pattern,
      String requiredLiteral,
      String provider,
      String dataKind,
      Severity severity) {
    this.kind = kind;
    this.pattern = pattern;
    this.requiredLiteral = requiredLiteral;
    this.provider = provider;
    this.dataKind = dataKind;
    this.severity = severity;
  }

  /**
   * Returns an AQL {@code ILIKE} indicator.
   *
   * @param pattern an AQL {@code ILIKE} pattern, {@code %} and {@code _} being wildcards
   * @return a {@link Kind#LIKE} indicator
   * @throws NullPointerException if {@code pattern} is null
   * @throws IllegalArgumentException if the pattern is empty or has no literal char
   */
  public static Indicator like(String pattern) {
    LikePattern compiled = new LikePattern(pattern);
    String literal = compiled.longestLiteral();
    if (literal.isEmpty()) {
      throw new IllegalArgumentException(
          "LIKE pattern needs at least one char that is not a wildcard: " + pattern);
    }
    return new Indicator(Kind.LIKE, pattern, literal, "unknown", "unknown", null);
  }

  /**
   * Returns an indicator that matches when {@code literal} occurs in the field.
   *
   * @param literal the text to find, ASCII case ignored
   * @return a {@link Kind#CONTAINS} indicator
   * @throws IllegalArgumentException if the literal is null or empty
   */
  public static Indicator contains(String literal) {
    requireText(literal, "literal");
    return new Indicator(
        Kind.CONTAINS, literal, Ascii.toLowerCase(literal), "unknown", "unknown", null);
  }

  /**
   * Returns an indicator that matches when the whole field equals {@code value}.
   *
   * @param value the text the whole field must equal, ASCII case ignored
   * @return a {@link Kind#EQUALS} indicator
   * @throws IllegalArgumentException if the value is null or empty
   */
  public static Indicator equalTo(String value) {
    requireText(value, "value");
    return new Indicator(Kind.EQUALS, value, Ascii.toLowerCase(value), "unknown", "unknown", null);
  }

  /**
   * Returns an RE2 indicator. The detector runs the expression only on fields that contain
   * {@code requiredLiteral} (ASCII case ignored), so that literal must occur in every text the
   * expression matches.
   *
   * <p>re2j writes out a counted repetition such as {@code x{100}} as copies of {@code x} when it
   * compiles, and puts no limit on the size of the result, so nested repetitions multiply:
   * compiling {@code ((a{1000}){1000}){1000}} exhausts any heap. Before compiling, this method
   * therefore rejects an expression that is longer than {@value #MAX_REGEX_CHARS} chars, or in
   * which the counts of nested repetitions multiply to more than {@value
   * #MAX_REGEX_REPETITION_PRODUCT}. The count of {@code x{n,m}} is m, and that of {@code x{n,}} is
   * n. So {@code a{1000}} and {@code (a{10}){100}} are accepted, while {@code (a{100}){100}} is
   * rejected. Repetitions side by side are not multiplied, and the length limit bounds their sum.
   *
   * @param expression an RE2 regular expression
   * @param requiredLiteral text that every match of {@code expression} contains
   * @return a {@link Kind#REGEX} indicator
   * @throws NullPointerException if {@code expression} is null
   * @throws IllegalArgumentException if the literal is null or empty, if the expression is
   *     invalid, or if it is over the length or repetition limit above
   */
  public static Indicator regex(String expression, String requiredLiteral) {
    requireText(requiredLiteral, "requiredLiteral");
    Objects.requireNonNull(expression, "expression");
    if (expression.length() > MAX_REGEX_CHARS) {
      throw new IllegalArgumentException("RE2 expression is " + expression.length()
          + " chars long, over the limit of " + MAX_REGEX_CHARS + " chars");
    }
    long product = maxRepetitionProduct(expression);
    if (product > MAX_REGEX_REPETITION_PRODUCT) {
      throw new IllegalArgumentException("RE2 expression " + expression
          + " nests counted repetitions whose counts multiply to "
          + (product == Long.MAX_VALUE ? "more than 2^63" : Long.toString(product))
          + ", over the limit of " + MAX_REGEX_REPETITION_PRODUCT
          + "; use smaller counts, or * and + in place of large counts");
    }
    try {
      com.google.re2j.Pattern.compile(expression);
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid RE2 expression " + expression + ": "
          + e.getDescription(), e);
    }
    return new Indicator(
        Kind.REGEX, expression, Ascii.toLowerCase(requiredLiteral), "unknown", "unknown", null);
  }

  /**
   * Returns an indicator for a metadata address or host name in any notation.
   *
   * @return a {@link Kind#METADATA_ADDRESS} indicator whose findings name data kind
   *     {@code metadata}
   */
  public static Indicator metadataAddress() {
    return new Indicator(Kind.METADATA_ADDRESS, "<metadata address>", null, "unknown", "metadata",
        null);
  }

  /**
   * Returns a copy that reports {@code provider} and {@code dataKind} in its findings.
   *
   * @param provider the cloud provider, such as {@code aws}
   * @param dataKind the kind of data, such as {@code credentials}
   * @return the changed copy
   * @throws NullPointerException if {@code provider} or {@code dataKind} is null
   */
  public Indicator withTarget(String provider, String dataKind) {
    return new Indicator(
        kind, pattern, requiredLiteral, Objects.requireNonNull(provider, "provider"),
        Objects.requireNonNull(dataKind, "dataKind"), severity);
  }

  /**
   * Returns a copy whose findings have {@code severity} instead of the rule's severity.
   *
   * @param severity the severity of this indicator's findings
   * @return the changed copy
   * @throws NullPointerException if {@code severity} is null
   */
  public Indicator withSeverity(Severity severity) {
    return new Indicator(kind, pattern, requiredLiteral, provider, dataKind,
        Objects.requireNonNull(severity, "severity"));
  }

  /**
   * Returns the largest product of counted-repetition counts along one nesting path of an RE2
   * expression, saturating at {@link Long#MAX_VALUE}. Escapes, character classes and
   * {@code \Q...\E} quotes are skipped, so parentheses and braces inside them do not count. A brace
   * that does not start a valid repetition is a literal, as in RE2. The scan never throws: an
   * unbalanced or otherwise invalid expression gets some product, and re2j rejects it later.
   */
  static long maxRepetitionProduct(String expression) {
    // For each open group, the largest product seen inside it so far.
    long[] groupMax = new long[expression.length() + 1];
    int depth = 0;
    groupMax[0] = 1;
    // The product of the item that a following repetition applies to: 1 for a plain atom.
    long lastItem = 1;

    int length = expression.length();
    int i = 0;
    while (i < length) {
      char c = expression.charAt(i);
      if (c == '\\') {
        if (i + 1 < length && expression.charAt(i + 1) == 'Q') {
          int quoteEnd = expression.indexOf("\\E", i + 2);
          i = quoteEnd < 0 ? length : quoteEnd + 2;
        } else {
          i += 2;
        }
        lastItem = 1;
      } else if (c == '[') {
        i = characterClassEnd(expression, i);
        lastItem = 1;
      } else if (c == '(') {
        depth++;
        groupMax[depth] = 1;
        i++;
        lastItem = 1;
      } else if (c == ')') {
        lastItem = depth > 0 ? groupMax[depth--] : 1;
        groupMax[depth] = Math.max(groupMax[depth], lastItem);
        i++;
      } else if (c == '{') {
        int close = expression.indexOf('}', i + 1);
        long count = close < 0 ? -1 : repetitionCount(expression, i + 1, close);
        if (count < 0) {
          lastItem = 1;
          i++;
        } else {
          lastItem = saturatingMultiply(lastItem, Math.max(count, 1));
          groupMax[depth] = Math.max(groupMax[depth], lastItem);
          i = close + 1;
        }
      } else {
        lastItem = 1;
        i++;
      }
    }

    // An unclosed group still counts.
    long max = groupMax[0];
    for (int open = 1; open <= depth; open++) {
      max = Math.max(max, groupMax[open]);
    }
    return max;
  }

  /**
   * Returns the index after the character class that starts with '[' at {@code start}. A ']'
   * right after "[" or "[^" is a member, and "[:name:]" inside the class is a POSIX class.
   */
  private static int characterClassEnd(String expression, int start) {
    int length = expression.length();
    int i = start + 1;
    if (i < length && expression.charAt(i) == '^') {
      i++;
    }
    if (i < length && expression.charAt(i) == ']') {
      i++;
    }
    while (i < length) {
      char c = expression.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[' && i + 1 < length && expression.charAt(i + 1) == ':') {
        int posixEnd = expression.indexOf(":]", i + 2);
        i = posixEnd < 0 ? i + 1 : posixEnd + 2;
      } else if (c == ']') {
        return i + 1;
      } else {
        i++;
      }
    }
    return length;
  }

  /**
   * Returns the count of the repetition whose braces enclose {@code expression[start, end)}, such
   * as 3 for "3", "3," and "1,3", saturating at {@link Long#MAX_VALUE}, or -1 when the text is
   * not a repetition.
   */
  private static long repetitionCount(String expression, int start, int end) {
    int comma = expression.indexOf(',', start);
    if (comma < 0 || comma > end) {
      comma = end;
    }
    long minimum = parseCount(expression, start, comma);
    if (minimum < 0) {
      return -1;
    }
    if (comma == end || comma + 1 == end) {
      return minimum;
    }
    long maximum = parseCount(expression, comma + 1, end);
    return maximum < 0 ? -1 : Math.max(minimum, maximum);
  }

  /** Returns the decimal value of {@code text[start, end)}, saturating, or -1 if not digits. */
  private static long parseCount(String text, int start, int end) {
    if (start == end) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = saturatingMultiply(value, 10);
      value = value > Long.MAX_VALUE - 9 ? Long.MAX_VALUE : value + (c - '0');
    }
    return value;
  }

  private static long saturatingMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long product = a * b;
    return high != 0 || product < 0 ? Long.MAX_VALUE : product;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }

  /**
   * Returns how this indicator matches.
   *
   * @return the kind, never null
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the pattern, literal or value as written.
   *
   * @return the text passed to the factory, or {@code <metadata address>} for
   *     {@link Kind#METADATA_ADDRESS}
   */
  public String pattern() {
    return pattern;
  }

  /**
   * Returns the lower-case literal that every match contains, used as the matcher's needle, or
   * null for {@link Kind#METADATA_ADDRESS}, whose needles come from {@link MetadataAddresses}.
   *
   * @return the required literal, or null for {@link Kind#METADATA_ADDRESS}
   */
  public String requiredLiteral() {
    return requiredLiteral;
  }

  /**
   * Returns the provider that findings of this indicator name.
   *
   * @return the provider, or {@code unknown}
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns the kind of data that findings of this indicator name.
   *
   * @return the data kind set by {@link #withTarget}; before that, {@code metadata} for
   *     {@link Kind#METADATA_ADDRESS} and {@code unknown} for the other kinds
   */
  public String dataKind() {
    return dataKind;
  }

  /**
   * Returns the severity that overrides the rule's.
   *
   * @return the severity, or null to use the rule's
   */
  public Severity severity() {
    return severity;
  }

  @Override
  public String toString() {
    return kind == Kind.LIKE ? pattern : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + pattern;
  }
}

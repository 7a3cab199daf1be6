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
   * @param expression an RE2 regular expression
   * @param requiredLiteral text that every match of {@code expression} contains
   * @return a {@link Kind#REGEX} indicator
   * @throws IllegalArgumentException if the literal is null or empty, or the expression is
   *     invalid
   */
  public static Indicator regex(String expression, String requiredLiteral) {
    requireText(requiredLiteral, "requiredLiteral");
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

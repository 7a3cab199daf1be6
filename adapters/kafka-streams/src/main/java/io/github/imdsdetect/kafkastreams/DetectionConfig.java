package io.github.imdsdetect.kafkastreams;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.RuleSet;
import java.util.Objects;

/**
 * Settings of {@link ImdsDetectTopology}: the format of the input records, the rule set and the
 * parse limits. Immutable.
 */
public final class DetectionConfig {
  private final String format;
  private final String profile;
  private final ParseLimits limits;

  private DetectionConfig(String format, String profile, ParseLimits limits) {
    this.format = format;
    this.profile = profile;
    this.limits = limits;
  }

  /**
   * Creates a configuration for records in {@code format} with the {@code default} rule set and
   * {@link ParseLimits#DEFAULTS}.
   *
   * @param format the format name of an {@code EventParser}, such as {@code ecs} or {@code falco}
   * @return a new configuration
   * @throws NullPointerException if {@code format} is null
   * @throws IllegalArgumentException if {@code format} is blank
   */
  public static DetectionConfig of(String format) {
    Objects.requireNonNull(format, "format");
    if (format.isBlank()) {
      throw new IllegalArgumentException("format must not be blank; use a format name such as ecs");
    }
    return new DetectionConfig(format, "default", ParseLimits.DEFAULTS);
  }

  /**
   * Returns a copy that uses the built-in rule set {@code profile}.
   *
   * @param profile the name of a built-in rule set, such as {@code default}
   * @return a copy with the other settings unchanged
   * @throws NullPointerException if {@code profile} is null
   * @throws IllegalArgumentException if no built-in rule set has that name
   */
  public DetectionConfig withProfile(String profile) {
    Objects.requireNonNull(profile, "profile");
    if (!RuleSet.names().contains(profile)) {
      throw new IllegalArgumentException(
          "unknown profile '" + profile + "'; built-in rule sets are " + RuleSet.names());
    }
    return new DetectionConfig(format, profile, limits);
  }

  /**
   * Returns a copy with other parse limits. {@link ParseLimits#maxLineBytes()} also caps a whole
   * record: a longer record goes to the dead-letter topic unparsed.
   *
   * @param limits the parse limits
   * @return a copy with the other settings unchanged
   * @throws NullPointerException if {@code limits} is null
   */
  public DetectionConfig withLimits(ParseLimits limits) {
    return new DetectionConfig(format, profile, Objects.requireNonNull(limits, "limits"));
  }

  /**
   * Returns the format name of the parser.
   *
   * @return the format name, such as {@code ecs}
   */
  public String format() {
    return format;
  }

  /**
   * Returns the name of the built-in rule set.
   *
   * @return the rule set name, {@code default} unless set with {@link #withProfile}
   */
  public String profile() {
    return profile;
  }

  /**
   * Returns the parse limits.
   *
   * @return the parse limits, {@link ParseLimits#DEFAULTS} unless set with {@link #withLimits}
   */
  public ParseLimits limits() {
    return limits;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof DetectionConfig)) {
      return false;
    }
    DetectionConfig that = (DetectionConfig) other;
    return format.equals(that.format) && profile.equals(that.profile)
        && limits.equals(that.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, profile, limits);
  }

  @Override
  public String toString() {
    return "DetectionConfig{format=" + format + ", profile=" + profile + ", limits=" + limits
        + "}";
  }
}

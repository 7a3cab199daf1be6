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
   */
  public DetectionConfig withLimits(ParseLimits limits) {
    return new DetectionConfig(format, profile, Objects.requireNonNull(limits, "limits"));
  }

  /** Returns the format name of the parser. */
  public String format() {
    return format;
  }

  /** Returns the name of the built-in rule set. */
  public String profile() {
    return profile;
  }

  /** Returns the parse limits. */
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

package io.github.imdsdetect.flink;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.RuleSet;
import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link ImdsDetectFunction}: the input format, the rule set and the parse limits.
 * Immutable and serializable, so that Flink can ship it to every task. The parser and detector
 * that it names are built on the task in {@code open()}.
 */
public final class DetectionConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Source name given to findings of plain text records, which carry no name of their own. */
  public static final String DEFAULT_SOURCE_NAME = "stream";

  private final String format;
  private final String profile;
  private final String sourceName;
  private final int maxRecordBytes;
  private final int maxFieldChars;
  private final int maxOpenEvents;
  private final int maxRecordFields;

  private DetectionConfig(
      String format, String profile, String sourceName, ParseLimits limits) {
    this.format = format;
    this.profile = profile;
    this.sourceName = sourceName;
    this.maxRecordBytes = limits.maxLineBytes();
    this.maxFieldChars = limits.maxFieldChars();
    this.maxOpenEvents = limits.maxOpenEvents();
    this.maxRecordFields = limits.maxRecordFields();
  }

  /**
   * Creates a configuration for records in {@code format} with the {@code default} rule set, the
   * source name {@value #DEFAULT_SOURCE_NAME} and {@link ParseLimits#DEFAULTS}.
   *
   * @param format the format name of an {@code EventParser}, such as {@code ecs} or {@code falco}
   * @throws IllegalArgumentException if {@code format} is blank
   */
  public static DetectionConfig of(String format) {
    Objects.requireNonNull(format, "format");
    if (format.isBlank()) {
      throw new IllegalArgumentException("format must not be blank; use a format name such as ecs");
    }
    return new DetectionConfig(format, "default", DEFAULT_SOURCE_NAME, ParseLimits.DEFAULTS);
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
    return new DetectionConfig(format, profile, sourceName, limits());
  }

  /** Returns a copy that names plain text records' source {@code sourceName} in findings. */
  public DetectionConfig withSourceName(String sourceName) {
    Objects.requireNonNull(sourceName, "sourceName");
    return new DetectionConfig(format, profile, sourceName, limits());
  }

  /**
   * Returns a copy with other parse limits. {@link ParseLimits#maxLineBytes()} also caps a whole
   * record: a longer record is rejected to the side output unparsed.
   */
  public DetectionConfig withLimits(ParseLimits limits) {
    Objects.requireNonNull(limits, "limits");
    return new DetectionConfig(format, profile, sourceName, limits);
  }

  /** Returns the format name of the parser. */
  public String format() {
    return format;
  }

  /** Returns the name of the built-in rule set. */
  public String profile() {
    return profile;
  }

  /** Returns the source name of findings from plain text records. */
  public String sourceName() {
    return sourceName;
  }

  /** Returns the parse limits. */
  public ParseLimits limits() {
    return new ParseLimits(maxRecordBytes, maxFieldChars, maxOpenEvents, maxRecordFields);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof DetectionConfig)) {
      return false;
    }
    DetectionConfig that = (DetectionConfig) other;
    return format.equals(that.format)
        && profile.equals(that.profile)
        && sourceName.equals(that.sourceName)
        && limits().equals(that.limits());
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, profile, sourceName, limits());
  }

  @Override
  public String toString() {
    return "DetectionConfig{format=" + format + ", profile=" + profile + ", sourceName="
        + sourceName + ", limits=" + limits() + "}";
  }
}

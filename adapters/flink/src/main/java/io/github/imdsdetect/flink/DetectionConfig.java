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

  /** Format name of the {@code EventParser}, such as {@code ecs}. */
  private final String format;

  /** Name of the built-in rule set. */
  private final String profile;

  /** Source name of findings from plain text records. */
  private final String sourceName;

  /** {@link ParseLimits#maxLineBytes()}, which also caps a whole record. */
  private final int maxRecordBytes;

  /** {@link ParseLimits#maxFieldChars()}. */
  private final int maxFieldChars;

  /** {@link ParseLimits#maxOpenEvents()}. */
  private final int maxOpenEvents;

  /** {@link ParseLimits#maxRecordFields()}. */
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
   * @return a new configuration
   * @throws NullPointerException if {@code format} is null
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
    return new DetectionConfig(format, profile, sourceName, limits());
  }

  /**
   * Returns a copy that names plain text records' source {@code sourceName} in findings.
   *
   * @param sourceName the source name of findings and skipped records from plain text records
   * @return a copy with the other settings unchanged
   * @throws NullPointerException if {@code sourceName} is null
   */
  public DetectionConfig withSourceName(String sourceName) {
    Objects.requireNonNull(sourceName, "sourceName");
    return new DetectionConfig(format, profile, sourceName, limits());
  }

  /**
   * Returns a copy with other parse limits. {@link ParseLimits#maxLineBytes()} also caps a whole
   * record: a longer record is rejected to the side output unparsed.
   *
   * @param limits the parse limits
   * @return a copy with the other settings unchanged
   * @throws NullPointerException if {@code limits} is null
   */
  public DetectionConfig withLimits(ParseLimits limits) {
    Objects.requireNonNull(limits, "limits");
    return new DetectionConfig(format, profile, sourceName, limits);
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
   * Returns the source name of findings from plain text records.
   *
   * @return the source name, {@value #DEFAULT_SOURCE_NAME} unless set with
   *     {@link #withSourceName}
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * Returns the parse limits.
   *
   * @return a new {@link ParseLimits} with the stored values
   */
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

package io.github.imdsdetect.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A detection rule: indicators looked for in some event fields, and exclusions that quiet the
 * rule for legitimate processes. A rule fires on an event when at least one indicator matches
 * one of its fields and no exclusion applies. Immutable and thread-safe.
 */
public final class Rule {
  /** MITRE ATT&amp;CK sub-technique Unsecured Credentials: Cloud Instance Metadata API. */
  public static final String T1552_005 = "T1552.005";

  private final String id;
  private final String title;
  private final String description;
  private final String technique;
  private final Severity severity;
  private final List<Field> fields;
  private final List<Indicator> indicators;
  private final List<Indicator> requiredIndicators;
  private final List<Exclusion> exclusions;

  private Rule(Builder b) {
    this.id = b.id;
    this.title = Objects.requireNonNull(b.title, "title of rule " + b.id);
    this.description = b.description == null ? b.title : b.description;
    this.technique = b.technique;
    this.severity = b.severity;
    this.fields = List.copyOf(b.fields);
    this.indicators = List.copyOf(b.indicators);
    this.requiredIndicators = List.copyOf(b.requiredIndicators);
    this.exclusions = List.copyOf(b.exclusions);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + " reads no field");
    }
    if (indicators.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + " has no indicator");
    }
    if (fields.contains(Field.DESTINATION_PORT)) {
      throw new IllegalArgumentException("rule " + id + ": destination.port is not a text field");
    }
  }

  /**
   * Returns a builder for a rule with the given stable id.
   *
   * @param id stable rule id, such as {@code imds.cmdline.endpoint}
   * @return a new builder with no title, fields, indicators or exclusions
   * @throws IllegalArgumentException if the id is null or empty
   */
  public static Builder builder(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("rule id must not be empty");
    }
    return new Builder(id);
  }

  /**
   * Returns a builder that starts as a copy of this rule.
   *
   * @return a new builder with this rule's id and settings
   */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.title = title;
    b.description = description;
    b.technique = technique;
    b.severity = severity;
    b.fields.addAll(fields);
    b.indicators.addAll(indicators);
    b.requiredIndicators.addAll(requiredIndicators);
    b.exclusions.addAll(exclusions);
    return b;
  }

  /**
   * Returns the stable id, such as {@code imds.cmdline.endpoint}.
   *
   * @return the id, never null or empty
   */
  public String id() {
    return id;
  }

  /**
   * Returns the one-line title.
   *
   * @return the title, never null
   */
  public String title() {
    return title;
  }

  /**
   * Returns what the rule catches and why.
   *
   * @return the description, or the title when no description was set
   */
  public String description() {
    return description;
  }

  /**
   * Returns the MITRE ATT&amp;CK technique id.
   *
   * @return the technique id, {@value #T1552_005} unless the builder set another
   */
  public String technique() {
    return technique;
  }

  /**
   * Returns the severity of findings whose indicator sets none.
   *
   * @return the severity, {@link Severity#MEDIUM} unless the builder set another
   */
  public Severity severity() {
    return severity;
  }

  /**
   * Returns the fields the indicators are looked for in.
   *
   * @return an immutable, non-empty list
   */
  public List<Field> fields() {
    return fields;
  }

  /**
   * Returns the indicators.
   *
   * @return an immutable, non-empty list
   */
  public List<Indicator> indicators() {
    return indicators;
  }

  /**
   * Returns the indicators that must all match, besides at least one of {@link #indicators()},
   * for the rule to fire; empty for most rules.
   *
   * @return an immutable list
   */
  public List<Indicator> requiredIndicators() {
    return requiredIndicators;
  }

  /**
   * Returns the exclusions.
   *
   * @return an immutable list, in the order they are tried
   */
  public List<Exclusion> exclusions() {
    return exclusions;
  }

  @Override
  public String toString() {
    return id;
  }

  /** A mutable builder of {@link Rule}; not thread-safe. */
  public static final class Builder {
    private final String id;
    private String title;
    private String description;
    private String technique = T1552_005;
    private Severity severity = Severity.MEDIUM;
    private final List<Field> fields = new ArrayList<>();
    private final List<Indicator> indicators = new ArrayList<>();
    private final List<Indicator> requiredIndicators = new ArrayList<>();
    private final List<Exclusion> exclusions = new ArrayList<>();

    private Builder(String id) {
      this.id = id;
    }

    /**
     * Sets the one-line title.
     *
     * @param value the title
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder title(String value) {
      this.title = Objects.requireNonNull(value, "title");
      return this;
    }

    /**
     * Sets what the rule catches and why.
     *
     * @param value the description; the title is used when none is set
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder description(String value) {
      this.description = Objects.requireNonNull(value, "description");
      return this;
    }

    /**
     * Sets the ATT&amp;CK technique id; {@value Rule#T1552_005} unless set.
     *
     * @param value the technique id
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder technique(String value) {
      this.technique = Objects.requireNonNull(value, "technique");
      return this;
    }

    /**
     * Sets the severity; {@link Severity#MEDIUM} unless set.
     *
     * @param value the severity of findings whose indicator sets none
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     */
    public Builder severity(Severity value) {
      this.severity = Objects.requireNonNull(value, "severity");
      return this;
    }

    /**
     * Adds fields the indicators are looked for in.
     *
     * @param values the fields to add
     * @return this builder
     * @throws NullPointerException if {@code values} or any of its elements is null
     */
    public Builder fields(Field... values) {
      for (Field value : values) {
        fields.add(Objects.requireNonNull(value, "field"));
      }
      return this;
    }

    /**
     * Adds indicators.
     *
     * @param values the indicators to add
     * @return this builder
     * @throws NullPointerException if {@code values} or any of its elements is null
     */
    public Builder indicators(List<Indicator> values) {
      for (Indicator value : values) {
        indicators.add(Objects.requireNonNull(value, "indicator"));
      }
      return this;
    }

    /**
     * Adds indicators.
     *
     * @param values the indicators to add
     * @return this builder
     * @throws NullPointerException if {@code values} or any of its elements is null
     */
    public Builder indicators(Indicator... values) {
      return indicators(List.of(values));
    }

    /**
     * Adds indicators that must all match one of the rule's fields, besides at least one of the
     * ordinary indicators, for the rule to fire.
     *
     * @param values the indicators to add
     * @return this builder
     * @throws NullPointerException if {@code values} or any of its elements is null
     */
    public Builder requiredIndicators(Indicator... values) {
      for (Indicator value : values) {
        requiredIndicators.add(Objects.requireNonNull(value, "indicator"));
      }
      return this;
    }

    /**
     * Adds exclusions.
     *
     * @param values the exclusions to add
     * @return this builder
     * @throws NullPointerException if {@code values} or any of its elements is null
     */
    public Builder exclusions(List<Exclusion> values) {
      for (Exclusion value : values) {
        exclusions.add(Objects.requireNonNull(value, "exclusion"));
      }
      return this;
    }

    /**
     * Removes every exclusion with the given id.
     *
     * @param exclusionId the id to remove; an id that no exclusion has changes nothing
     * @return this builder
     */
    public Builder removeExclusion(String exclusionId) {
      exclusions.removeIf(e -> e.id().equals(exclusionId));
      return this;
    }

    /**
     * Returns the rule.
     *
     * @return a new immutable rule with the builder's current settings
     * @throws NullPointerException if no title was set
     * @throws IllegalArgumentException if no field or no indicator was added
     */
    public Rule build() {
      return new Rule(this);
    }
  }
}

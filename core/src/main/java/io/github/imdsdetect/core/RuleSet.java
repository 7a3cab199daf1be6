package io.github.imdsdetect.core;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named, immutable list of rules. Two sets are built in: {@link #qradar()}, which reproduces
 * the reference QRadar AQL rule exactly, and {@link #defaults()}, which catches more and excuses
 * agents by process identity.
 */
public final class RuleSet {
  private final String name;
  private final String description;
  private final List<Rule> rules;

  /**
   * Creates a rule set.
   *
   * @throws IllegalArgumentException if two rules share an id
   */
  public RuleSet(String name, String description, List<Rule> rules) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.rules = List.copyOf(rules);
    Set<String> ids = new HashSet<>();
    for (Rule rule : this.rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("duplicate rule id " + rule.id() + " in " + name);
      }
    }
  }

  /**
   * Returns the {@code qradar} parity set: the reference AQL rule's two patterns with AQL's
   * {@code ILIKE} wildcards and SQL NULL semantics. See {@link BuiltInRules} for every point.
   */
  public static RuleSet qradar() {
    return BuiltInRules.QRADAR;
  }

  /** Returns the {@code default} set. */
  public static RuleSet defaults() {
    return BuiltInRules.DEFAULT;
  }

  /** Returns the names of the built-in sets. */
  public static List<String> names() {
    return List.of("default", "qradar");
  }

  /**
   * Returns the built-in set with the given name.
   *
   * @throws IllegalArgumentException if no built-in set has that name
   */
  public static RuleSet named(String name) {
    switch (name) {
      case "default":
        return defaults();
      case "qradar":
        return qradar();
      default:
        throw new IllegalArgumentException(
            "unknown rule set '" + name + "'; built-in sets are " + names());
    }
  }

  /** Returns the set's name. */
  public String name() {
    return name;
  }

  /** Returns what the set catches. */
  public String description() {
    return description;
  }

  /** Returns the rules in evaluation order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Returns the rule with the given id, or null. */
  public Rule rule(String id) {
    for (Rule rule : rules) {
      if (rule.id().equals(id)) {
        return rule;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return name;
  }
}

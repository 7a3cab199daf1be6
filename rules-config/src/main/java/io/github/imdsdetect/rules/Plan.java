package io.github.imdsdetect.rules;

import io.github.imdsdetect.core.Exclusion;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Severity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The validated changes of one rules file, applied to the base rule set in one step. */
final class Plan {

  /**
   * The changes of one {@code [rule RULE_ID]} section.
   *
   * @param severity the new severity, or null to keep the rule's
   * @param removedExclusions ids of the base rule's exclusions to remove
   */
  record RuleChange(
      String ruleId, int line, boolean disable, Severity severity, List<String> removedExclusions) {

    boolean changesRule() {
      return severity != null || !removedExclusions.isEmpty();
    }
  }

  /** An indicator that an {@code [indicator]} section adds to a rule. */
  record IndicatorAddition(String ruleId, int line, Indicator indicator) {}

  /**
   * One {@code [allow ID]} entry.
   *
   * @param ruleIds the rules that get the exclusion, or null for every rule
   * @param until the last day the entry applies, or null when it never expires
   * @param expired whether {@code until} is before the day of loading, so the entry is skipped
   */
  record AllowEntry(
      String id,
      int line,
      List<String> ruleIds,
      Exclusion exclusion,
      LocalDate until,
      boolean expired) {

    boolean appliesTo(String ruleId) {
      return !expired && (ruleIds == null || ruleIds.contains(ruleId));
    }
  }

  final Map<String, RuleChange> ruleChanges = new LinkedHashMap<>();
  final List<IndicatorAddition> indicators = new ArrayList<>();
  final List<AllowEntry> allowEntries = new ArrayList<>();

  boolean isDisabled(String ruleId) {
    RuleChange change = ruleChanges.get(ruleId);
    return change != null && change.disable();
  }

  /** Returns whether a {@code [rule]} section removes the exclusion from the rule. */
  boolean removes(String ruleId, String exclusionId) {
    RuleChange change = ruleChanges.get(ruleId);
    return change != null && change.removedExclusions().contains(exclusionId);
  }

  /** Returns {@code base} with every change applied, as a new set with the given name. */
  RuleSet applyTo(RuleSet base, String name, String description) {
    List<Rule> rules = new ArrayList<>();
    for (Rule rule : base.rules()) {
      if (isDisabled(rule.id())) {
        continue;
      }
      rules.add(applyTo(rule));
    }
    // The base set's contextual severity carries over: a rules file changes rules, not ranking.
    return new RuleSet(name, description, rules, base.contextualSeverity());
  }

  private Rule applyTo(Rule rule) {
    Rule.Builder builder = rule.toBuilder();
    boolean changed = false;
    RuleChange change = ruleChanges.get(rule.id());
    if (change != null && change.changesRule()) {
      if (change.severity() != null) {
        builder.severity(change.severity());
      }
      for (String exclusionId : change.removedExclusions()) {
        builder.removeExclusion(exclusionId);
      }
      changed = true;
    }
    for (IndicatorAddition addition : indicators) {
      if (addition.ruleId().equals(rule.id())) {
        builder.indicators(addition.indicator());
        changed = true;
      }
    }
    for (AllowEntry entry : allowEntries) {
      if (entry.appliesTo(rule.id())) {
        builder.exclusions(List.of(entry.exclusion()));
        changed = true;
      }
    }
    return changed ? builder.build() : rule;
  }
}

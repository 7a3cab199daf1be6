package io.github.imdsdetect.core;

import java.util.List;

/**
 * Why the detector reported an event or stayed quiet: each rule that matched, the findings it
 * produced, and every exclusion considered with why it did or did not apply.
 *
 * @param verdict the same verdict {@link Detector#evaluate} returns
 * @param rules a trace for each rule that matched, fired or quieted, in rule order
 * @param processClass how the process was ranked, such as {@code a downloader}, or
 *     {@code not ranked} for rule sets without contextual severity
 */
public record Explanation(Verdict verdict, List<RuleTrace> rules, String processClass) {

  /**
   * Creates an explanation with an immutable copy of the traces.
   *
   * @param verdict the same verdict {@link Detector#evaluate} returns
   * @param rules a trace for each rule that matched, fired or quieted, in rule order; copied
   * @param processClass how the process was ranked, or {@code not ranked}
   * @throws NullPointerException if {@code rules} or any of its elements is null
   */
  public Explanation {
    rules = List.copyOf(rules);
  }

  /**
   * One rule's evaluation.
   *
   * @param ruleId the rule
   * @param matches the findings its indicators produced, before exclusions
   * @param exclusions every exclusion of the rule with its outcome
   * @param fired whether the rule fired, that is, no exclusion applied
   */
  public record RuleTrace(
      String ruleId, List<Finding> matches, List<ExclusionCheck> exclusions, boolean fired) {

    /**
     * Creates a trace with immutable copies of both lists.
     *
     * @param ruleId the rule
     * @param matches the findings its indicators produced, before exclusions; copied
     * @param exclusions every exclusion of the rule with its outcome; copied
     * @param fired whether the rule fired, that is, no exclusion applied
     * @throws NullPointerException if either list or any of its elements is null
     */
    public RuleTrace {
      matches = List.copyOf(matches);
      exclusions = List.copyOf(exclusions);
    }
  }
}

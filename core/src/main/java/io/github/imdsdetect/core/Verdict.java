package io.github.imdsdetect.core;

import java.util.List;

/**
 * The detector's conclusion about one event: the findings, and the rule matches that an
 * exclusion quieted, so that a caller can count and show what the allow-list hides.
 *
 * @param findings findings of rules that fired, in rule order
 * @param suppressions matches quieted by an exclusion, in rule order
 */
public record Verdict(List<Finding> findings, List<Suppression> suppressions) {

  /** The verdict for an event that no rule matched. */
  public static final Verdict NONE = new Verdict(List.of(), List.of());

  /**
   * Creates a verdict with immutable copies of both lists.
   *
   * @param findings findings of rules that fired, in rule order; copied
   * @param suppressions matches quieted by an exclusion, in rule order; copied
   * @throws NullPointerException if either list or any of its elements is null
   */
  public Verdict {
    findings = List.copyOf(findings);
    suppressions = List.copyOf(suppressions);
  }

  /**
   * Returns whether no rule matched at all, fired or quieted.
   *
   * @return true if both {@code findings} and {@code suppressions} are empty
   */
  public boolean isEmpty() {
    return findings.isEmpty() && suppressions.isEmpty();
  }
}

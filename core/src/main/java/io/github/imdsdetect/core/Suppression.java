package io.github.imdsdetect.core;

import java.util.List;

/**
 * A rule that matched an event but was quieted by one of its exclusions.
 *
 * @param ruleId the rule that matched
 * @param exclusionId the exclusion that applied
 * @param reason why the exclusion applied, in one sentence
 * @param quieted the findings the rule would have reported
 */
public record Suppression(String ruleId, String exclusionId, String reason, List<Finding> quieted) {

  /**
   * Creates a suppression with an immutable copy of the quieted findings.
   *
   * @param ruleId the rule that matched
   * @param exclusionId the exclusion that applied
   * @param reason why the exclusion applied, in one sentence
   * @param quieted the findings the rule would have reported; copied
   * @throws NullPointerException if {@code quieted} or any of its elements is null
   */
  public Suppression {
    quieted = List.copyOf(quieted);
  }
}

package io.github.imdsdetect.generators;

import io.github.imdsdetect.core.SimpleEvent;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One generated event with the verdict that the default rule set ({@code RuleSet.defaults()})
 * should reach on it.
 *
 * <p>{@code expectedRuleIds} is the exact set of rule ids whose findings the detector should
 * report, not a lower bound: a near miss expects none, and an extra rule is as much a mistake as
 * a missing one. {@code suppressedRuleIds} is the exact set of rules that match but that an
 * exclusion quiets, such as every rule of an agent's request, or the DNS answer rule when the
 * question was itself a metadata host name.
 *
 * <p>{@code provider} and {@code dataKind} name the target as the findings should report it: a
 * provider id such as {@code aws}, {@code gcp} or {@code aws-ecs}, and one of {@code credentials},
 * {@code token}, {@code identity-document}, {@code user-data} or {@code metadata}. At least one
 * finding of an ACCESS or CREDENTIAL_ACCESS event should carry both. Near misses have
 * {@code none} for both. An {@link Encoding#OUT_OF_RANGE} address is no address, so findings on it
 * report provider {@code unknown}, and only findings of path indicators name the provider.
 *
 * @param event the event, with time, host and user filled in
 * @param label what the event is
 * @param encoding how the endpoint is written; {@link Encoding#NONE} when it is not
 * @param carrier the field that carries the endpoint, look-alike or header
 * @param provider the provider whose metadata service is targeted, or {@code none}
 * @param dataKind the kind of data requested, or {@code none}
 * @param expectedRuleIds the rules that should fire, sorted
 * @param suppressedRuleIds the rules that should match but be quieted by an exclusion, sorted
 * @param arguments the argument vector of a command-line event, the program name first; empty
 *     for other events. The command line is these arguments joined by spaces, with an argument
 *     that contains whitespace in double quotes.
 * @param writtenEndpoint the endpoint or look-alike exactly as written in the carrier, or the
 *     empty string when nothing is written, as for {@link Encoding#NONE}
 * @param description one sentence that says what the event does, for reports and test messages
 */
public record LabelledEvent(
    SimpleEvent event,
    Label label,
    Encoding encoding,
    Carrier carrier,
    String provider,
    String dataKind,
    Set<String> expectedRuleIds,
    Set<String> suppressedRuleIds,
    List<String> arguments,
    String writtenEndpoint,
    String description) {

  /**
   * Creates a labelled event with sorted, immutable copies of the sets and list.
   *
   * @param event the event, with time, host and user filled in
   * @param label what the event is
   * @param encoding how the endpoint is written, or {@link Encoding#NONE}
   * @param carrier the field that carries the endpoint, look-alike or header
   * @param provider the targeted provider id, or {@code none}
   * @param dataKind the kind of data requested, or {@code none}
   * @param expectedRuleIds the rules that should fire; copied and sorted
   * @param suppressedRuleIds the rules that should match but be quieted; copied and sorted
   * @param arguments the argument vector of a command-line event, or empty; copied
   * @param writtenEndpoint the endpoint or look-alike as written, or the empty string
   * @param description one sentence that describes the event
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if the rule ids contradict the label: a near miss with any
   *     rule id, an agent event with a finding or without a suppression, or an access or mention
   *     without a finding
   */
  public LabelledEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(dataKind, "dataKind");
    Objects.requireNonNull(writtenEndpoint, "writtenEndpoint");
    Objects.requireNonNull(description, "description");
    expectedRuleIds = sortedCopy(expectedRuleIds);
    suppressedRuleIds = sortedCopy(suppressedRuleIds);
    arguments = List.copyOf(arguments);
    checkRuleIds(label, expectedRuleIds, suppressedRuleIds, description);
  }

  /**
   * Returns whether the default rule set should report at least one finding.
   *
   * @return true when {@link #expectedRuleIds()} is not empty
   */
  public boolean expectsFinding() {
    return !expectedRuleIds.isEmpty();
  }

  private static SortedSet<String> sortedCopy(Set<String> ids) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(ids));
  }

  private static void checkRuleIds(
      Label label, Set<String> expected, Set<String> suppressed, String description) {
    boolean valid;
    switch (label) {
      case NEAR_MISS:
        valid = expected.isEmpty() && suppressed.isEmpty();
        break;
      case AGENT:
        valid = expected.isEmpty() && !suppressed.isEmpty();
        break;
      default:
        valid = !expected.isEmpty();
        break;
    }
    if (!valid) {
      throw new IllegalArgumentException(
          "rule ids contradict label " + label + ": expected " + expected + ", suppressed "
              + suppressed + " for " + description);
    }
  }
}

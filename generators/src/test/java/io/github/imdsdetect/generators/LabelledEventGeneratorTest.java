package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.Verdicts.DEFAULT;
import static io.github.imdsdetect.generators.Verdicts.describe;
import static io.github.imdsdetect.generators.Verdicts.findingRuleIds;
import static io.github.imdsdetect.generators.Verdicts.suppressedRuleIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.MetadataAddresses;
import io.github.imdsdetect.core.MetadataAddresses.Form;
import io.github.imdsdetect.core.Severity;
import io.github.imdsdetect.core.SimpleEvent;
import io.github.imdsdetect.core.Verdict;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Checks generated events against the detector with the default rule set: exactly the expected
 * rules for access and mentions, nothing for near misses, only suppressions for agents. Every
 * event is built in memory; nothing resolves a name or opens a connection.
 */
class LabelledEventGeneratorTest {
  private static final long SEED = 20261130L;
  private static final List<LabelledEvent> EVENTS = new LabelledEventGenerator(SEED).generate(5000);

  /** Most failures a message lists before it stops. */
  private static final int LISTED = 20;

  @Test
  void accessEventsFireExactlyExpectedRules() {
    assertAll(
        labelled -> labelled.label() == Label.ACCESS || labelled.label() == Label.CREDENTIAL_ACCESS,
        (labelled, verdict) -> labelled.expectedRuleIds().equals(findingRuleIds(verdict))
            && labelled.suppressedRuleIds().equals(suppressedRuleIds(verdict)),
        "access events whose rules differ");
  }

  @Test
  void nearMissesHaveNoMatch() {
    assertAll(labelled -> labelled.label() == Label.NEAR_MISS,
        (labelled, verdict) -> verdict.isEmpty(), "near misses that matched a rule");
  }

  @Test
  void agentEventsOnlySuppressed() {
    assertAll(labelled -> labelled.label() == Label.AGENT,
        (labelled, verdict) -> verdict.findings().isEmpty()
            && labelled.suppressedRuleIds().equals(suppressedRuleIds(verdict)),
        "agent events with a finding or other suppressions");
  }

  @Test
  void agentSuppressionsNameAgentExclusions() {
    assertAll(labelled -> labelled.label() == Label.AGENT,
        (labelled, verdict) -> verdict.suppressions().stream().allMatch(
            suppression -> suppression.exclusionId().startsWith("agent.")
                || suppression.ruleId().equals(RuleIds.DNS_ANSWER)),
        "agent events quieted by something other than an agent exclusion");
  }

  @Test
  void mentionsFireExpectedRules() {
    assertAll(labelled -> labelled.label() == Label.MENTION,
        (labelled, verdict) -> labelled.expectedRuleIds().equals(findingRuleIds(verdict)),
        "mentions whose rules differ");
  }

  @Test
  void mentionsRankedInformational() {
    // Out-of-range text keeps severity LOW whatever the process, by the default set's design.
    assertAll(labelled -> labelled.label() == Label.MENTION,
        (labelled, verdict) -> verdict.findings().stream().allMatch(
            finding -> finding.severity() == Severity.INFORMATIONAL
                || (labelled.encoding() == Encoding.OUT_OF_RANGE
                    && finding.severity() == Severity.LOW
                    && finding.provider().equals("unknown"))),
        "mentions ranked above INFORMATIONAL");
  }

  @Test
  void findingsNameLabelledTarget() {
    assertAll(labelled -> labelled.expectsFinding()
            && labelled.encoding() != Encoding.OUT_OF_RANGE
            && !Verdicts.hasKnownTargetGap(labelled),
        (labelled, verdict) -> Verdicts.namesTarget(verdict, labelled),
        "events whose findings name another provider or data kind");
  }

  @Test
  void outOfRangeFindingsAreLowAndUnknown() {
    assertAll(labelled -> labelled.encoding() == Encoding.OUT_OF_RANGE && labelled.expectsFinding(),
        (labelled, verdict) -> verdict.findings().stream().anyMatch(
            finding -> finding.severity() == Severity.LOW && finding.provider().equals("unknown")),
        "out-of-range events without a LOW finding of provider unknown");
  }

  @Test
  void hetznerInstancePathNamesHetzner() {
    // NOTE: fails until TargetClassifier checks hetzner/v1 before metadata/instance.
    LabelledEvent labelled = first(event -> event.carrier() == Carrier.URL_HOST
        && String.valueOf(event.event().urlPath()).equals("/hetzner/v1/metadata/instance-id"));
    Verdict verdict = DEFAULT.evaluate(labelled.event());

    assertTrue(Verdicts.namesTarget(verdict, labelled), describe(labelled, verdict));
  }

  @Test
  void encodedCredentialPayloadNamesCredentials() {
    // NOTE: fails until the URL rule classifies the target from percent-decoded text.
    LabelledEvent labelled = first(event -> event.carrier() == Carrier.URL_QUERY_PARAMETER
        && event.encoding() == Encoding.PERCENT_ENCODED_URL
        && event.label() == Label.CREDENTIAL_ACCESS);
    Verdict verdict = DEFAULT.evaluate(labelled.event());

    assertTrue(Verdicts.namesTarget(verdict, labelled), describe(labelled, verdict));
  }

  @Test
  void unquotedCommandLineFiresSameRules() {
    // auditd and Falco join the arguments with spaces and no quotes.
    assertAll(labelled -> !labelled.arguments().isEmpty(),
        (labelled, verdict) -> {
          SimpleEvent joined = SimpleEvent.copyOf(labelled.event())
              .commandLine(String.join(" ", labelled.arguments())).build();
          Verdict joinedVerdict = DEFAULT.evaluate(joined);
          return findingRuleIds(verdict).equals(findingRuleIds(joinedVerdict))
              && suppressedRuleIds(verdict).equals(suppressedRuleIds(joinedVerdict));
        },
        "command lines whose rules change without quotes");
  }

  @Test
  void writtenEndpointHasEncodingForm() {
    List<String> failures = new ArrayList<>();
    for (LabelledEvent labelled : EVENTS) {
      Form expected = expectedForm(labelled.encoding());
      if (labelled.label() == Label.NEAR_MISS || expected == null) {
        continue;
      }
      String text = labelled.encoding() == Encoding.PERCENT_ENCODED_HOST
          ? UrlText.percentDecode(labelled.writtenEndpoint(), 1) : labelled.writtenEndpoint();
      MetadataAddresses.Hit hit = MetadataAddresses.classify(text, true);
      if (hit == null || hit.form() != expected) {
        failures.add(labelled.encoding() + " '" + labelled.writtenEndpoint() + "' classified as "
            + (hit == null ? "no endpoint" : hit.form()));
      }
    }
    assertTrue(failures.isEmpty(), summary("written endpoints of another form", failures));
  }

  @Test
  void sameSeedGivesSameEvents() {
    List<LabelledEvent> again = new LabelledEventGenerator(SEED).generate(EVENTS.size());

    assertEquals(EVENTS.size(), again.size(), "event count");
    for (int i = 0; i < EVENTS.size(); i++) {
      assertEquals(EVENTS.get(i).toString(), again.get(i).toString(), "event " + i);
    }
  }

  @Test
  void otherSeedGivesOtherEvents() {
    List<LabelledEvent> other = new LabelledEventGenerator(SEED + 1).generate(50);

    assertNotEquals(descriptions(EVENTS.subList(0, 50)), descriptions(other));
  }

  @Test
  void thousandEventsHoldEveryEncoding() {
    Set<Encoding> seen = EnumSet.noneOf(Encoding.class);
    for (LabelledEvent labelled : EVENTS.subList(0, 1000)) {
      seen.add(labelled.encoding());
    }

    assertEquals(EnumSet.allOf(Encoding.class), seen);
  }

  @Test
  void thousandEventsHoldEveryLabelAndCarrier() {
    Set<Label> labels = EnumSet.noneOf(Label.class);
    Set<Carrier> carriers = EnumSet.noneOf(Carrier.class);
    for (LabelledEvent labelled : EVENTS.subList(0, 1000)) {
      labels.add(labelled.label());
      carriers.add(labelled.carrier());
    }

    assertEquals(EnumSet.allOf(Label.class), labels, "labels");
    assertEquals(EnumSet.allOf(Carrier.class), carriers, "carriers");
  }

  @Test
  void everyEncodingReachesCredentialAccess() {
    Set<Encoding> seen = EnumSet.noneOf(Encoding.class);
    for (LabelledEvent labelled : EVENTS) {
      if (labelled.label() == Label.CREDENTIAL_ACCESS) {
        seen.add(labelled.encoding());
      }
    }

    // Backslashes hide the path, so a backslash URL is never labelled credential access.
    assertEquals(EnumSet.complementOf(EnumSet.of(Encoding.BACKSLASH_URL)), seen);
  }

  @Test
  void nextWithLabelKeepsLabel() {
    LabelledEventGenerator generator = new LabelledEventGenerator(3);
    for (Label label : Label.values()) {
      for (int i = 0; i < 50; i++) {
        assertEquals(label, generator.next(label).label(), "label of next(" + label + ")");
      }
    }
  }

  @Test
  void nextWithEncodingKeepsEncoding() {
    LabelledEventGenerator generator = new LabelledEventGenerator(4);
    for (Encoding encoding : Encoding.values()) {
      for (int i = 0; i < 30; i++) {
        LabelledEvent labelled = generator.next(encoding);
        assertEquals(encoding, labelled.encoding(), "encoding of next(" + encoding + ")");
        Verdict verdict = DEFAULT.evaluate(labelled.event());
        assertEquals(labelled.expectedRuleIds(), findingRuleIds(verdict), describe(labelled, verdict));
      }
    }
  }

  @Test
  void nextAddressIsFoundInEveryEncoding() {
    LabelledEventGenerator generator = new LabelledEventGenerator(5);
    for (Encoding encoding : EnumSet.complementOf(EnumSet.of(Encoding.NONE))) {
      for (int i = 0; i < 20; i++) {
        WrittenAddress address = generator.nextAddress(encoding);
        assertEquals(encoding, address.encoding(), "encoding of " + address);
        List<MetadataAddresses.Hit> hits = new ArrayList<>();
        MetadataAddresses.scan(UrlText.percentDecode(address.text(), 3), hits::add);
        assertTrue(!hits.isEmpty(), "no endpoint found in " + address);
      }
    }
  }

  @Test
  void nextAddressRejectsNone() {
    LabelledEventGenerator generator = new LabelledEventGenerator(6);

    assertThrows(IllegalArgumentException.class, () -> generator.nextAddress(Encoding.NONE));
  }

  @Test
  void generateRejectsNegativeCount() {
    LabelledEventGenerator generator = new LabelledEventGenerator(7);

    assertThrows(IllegalArgumentException.class, () -> generator.generate(-1));
  }

  @Test
  void constructorRejectsNullRandom() {
    assertThrows(NullPointerException.class, () -> new LabelledEventGenerator((RandomGenerator) null));
  }

  @Test
  void labelledEventRejectsNearMissWithRules() {
    SimpleEvent event = SimpleEvent.builder().build();

    assertThrows(IllegalArgumentException.class, () -> new LabelledEvent(event, Label.NEAR_MISS,
        Encoding.NONE, Carrier.COMMAND_LINE, "none", "none", Set.of(RuleIds.ENDPOINT), Set.of(),
        List.of(), "", "a near miss that claims a rule"));
  }

  @Test
  void labelledEventRejectsAgentWithoutSuppression() {
    SimpleEvent event = SimpleEvent.builder().build();

    assertThrows(IllegalArgumentException.class, () -> new LabelledEvent(event, Label.AGENT,
        Encoding.NONE, Carrier.COMMAND_LINE, "aws", "metadata", Set.of(), Set.of(), List.of(), "",
        "an agent event that nothing quiets"));
  }

  /** Returns the MetadataAddresses form that an encoding's written endpoint has, or null. */
  private static Form expectedForm(Encoding encoding) {
    Map<Encoding, Form> same = Map.of(
        Encoding.DECIMAL_INTEGER, Form.DECIMAL_INTEGER,
        Encoding.HEX_INTEGER, Form.HEX_INTEGER,
        Encoding.OCTAL_INTEGER, Form.OCTAL_INTEGER,
        Encoding.DOTTED_HEX, Form.DOTTED_HEX,
        Encoding.DOTTED_OCTAL, Form.DOTTED_OCTAL,
        Encoding.DOTTED_MIXED, Form.DOTTED_MIXED,
        Encoding.OUT_OF_RANGE, Form.OUT_OF_RANGE,
        Encoding.IPV6_FULL, Form.IPV6_FULL);
    if (same.containsKey(encoding)) {
      return same.get(encoding);
    }
    switch (encoding) {
      case DOTTED_DECIMAL:
      case PERCENT_ENCODED_URL:
      case DOUBLE_PERCENT_ENCODED_URL:
      case PERCENT_ENCODED_HOST:
      case URL_USER_INFO:
      case BACKSLASH_URL:
        return Form.DOTTED_DECIMAL;
      case SHORT_FORM_TWO_PARTS:
      case SHORT_FORM_THREE_PARTS:
        return Form.SHORT_FORM;
      case IPV6_COMPRESSED:
      case IPV6_BRACKETS:
      case IPV6_ZONE_ID:
        return Form.IPV6;
      case IPV4_MAPPED_DOTTED:
      case IPV4_MAPPED_HEX:
        return Form.IPV4_MAPPED_IPV6;
      case IPV4_COMPATIBLE_DOTTED:
      case IPV4_COMPATIBLE_HEX:
        return Form.IPV4_COMPATIBLE_IPV6;
      case HOST_NAME:
      case SHORT_HOST_NAME:
      case INSTANCE_DATA_NAME:
        return Form.HOST_NAME;
      case NIP_IO:
      case SSLIP_IO:
      case XIP_IO:
      case RBNDR_US:
        return Form.WILDCARD_DNS_NAME;
      default:
        return null;
    }
  }

  /** A check of one event against its verdict. */
  @FunctionalInterface
  private interface Check {
    boolean holds(LabelledEvent labelled, Verdict verdict);
  }

  /** Asserts {@code check} for every selected event, listing the first failures. */
  private static void assertAll(
      Predicate<LabelledEvent> selected, Check check, String failureTitle) {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (LabelledEvent labelled : EVENTS) {
      if (!selected.test(labelled)) {
        continue;
      }
      checked++;
      Verdict verdict = DEFAULT.evaluate(labelled.event());
      if (!check.holds(labelled, verdict)) {
        failures.add(describe(labelled, verdict));
      }
    }
    assertTrue(checked > 0, "no event selected for: " + failureTitle);
    assertTrue(failures.isEmpty(), summary(failureTitle + " (of " + checked + ")", failures));
  }

  private static String summary(String failureTitle, List<String> failures) {
    return failures.size() + " " + failureTitle + ":\n"
        + String.join("\n", failures.subList(0, Math.min(LISTED, failures.size())));
  }

  private static LabelledEvent first(Predicate<LabelledEvent> predicate) {
    LabelledEvent found = EVENTS.stream().filter(predicate).findFirst().orElse(null);
    assertNotNull(found, "no generated event matches the case");
    return found;
  }

  private static List<String> descriptions(List<LabelledEvent> events) {
    List<String> descriptions = new ArrayList<>();
    for (LabelledEvent labelled : events) {
      descriptions.add(labelled.description());
    }
    return descriptions;
  }
}

package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.Verdicts.DEFAULT;
import static io.github.imdsdetect.generators.Verdicts.describe;
import static io.github.imdsdetect.generators.Verdicts.findingRuleIds;
import static io.github.imdsdetect.generators.Verdicts.suppressedRuleIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.github.imdsdetect.core.MetadataAddresses;
import io.github.imdsdetect.core.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Property tests that run the QuickTheories generators against the default rule set. */
class ImdsGensTest {

  @Test
  void labelledEventsMatchVerdict() {
    qt().withExamples(1500).forAll(ImdsGens.labelledEvents()).checkAssert(labelled -> {
      Verdict verdict = DEFAULT.evaluate(labelled.event());
      assertEquals(labelled.expectedRuleIds(), findingRuleIds(verdict), describe(labelled, verdict));
      assertEquals(labelled.suppressedRuleIds(), suppressedRuleIds(verdict),
          describe(labelled, verdict));
    });
  }

  @Test
  void nearMissesNeverMatch() {
    qt().withExamples(1000).forAll(ImdsGens.nearMisses()).checkAssert(labelled -> {
      Verdict verdict = DEFAULT.evaluate(labelled.event());
      assertEquals(Label.NEAR_MISS, labelled.label(), labelled.description());
      assertTrue(verdict.isEmpty(), describe(labelled, verdict));
    });
  }

  @Test
  void agentEventsHaveNoFinding() {
    qt().withExamples(500).forAll(ImdsGens.labelledEvents(Label.AGENT)).checkAssert(labelled -> {
      Verdict verdict = DEFAULT.evaluate(labelled.event());
      assertTrue(verdict.findings().isEmpty(), describe(labelled, verdict));
      assertFalse(verdict.suppressions().isEmpty(), describe(labelled, verdict));
    });
  }

  @Test
  void encodedEventsKeepEncoding() {
    for (Encoding encoding : Encoding.values()) {
      qt().withExamples(40).forAll(ImdsGens.labelledEvents(encoding)).checkAssert(labelled -> {
        assertEquals(encoding, labelled.encoding(), labelled.description());
        assertTrue(labelled.expectsFinding(), labelled.description());
      });
    }
  }

  @Test
  void addressEncodingsAreFound() {
    qt().withExamples(1000).forAll(ImdsGens.addressEncodings()).checkAssert(address -> {
      List<MetadataAddresses.Hit> hits = new ArrayList<>();
      MetadataAddresses.scan(UrlText.percentDecode(address.text(), 3), hits::add);
      assertFalse(hits.isEmpty(), "no endpoint found in " + address);
    });
  }
}

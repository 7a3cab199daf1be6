package io.github.imdsdetect.generators;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Suppression;
import io.github.imdsdetect.core.Verdict;
import java.util.Set;
import java.util.TreeSet;

/** Helpers that compare a detector verdict with a labelled event. */
final class Verdicts {
  static final Detector DEFAULT = Detector.create(RuleSet.defaults());

  private Verdicts() {}

  static Set<String> findingRuleIds(Verdict verdict) {
    Set<String> ids = new TreeSet<>();
    for (Finding finding : verdict.findings()) {
      ids.add(finding.ruleId());
    }
    return ids;
  }

  static Set<String> suppressedRuleIds(Verdict verdict) {
    Set<String> ids = new TreeSet<>();
    for (Suppression suppression : verdict.suppressions()) {
      ids.add(suppression.ruleId());
    }
    return ids;
  }

  /** Returns whether some finding reports the labelled provider and data kind. */
  static boolean namesTarget(Verdict verdict, LabelledEvent labelled) {
    for (Finding finding : verdict.findings()) {
      if (finding.provider().equals(labelled.provider())
          && finding.dataKind().equals(labelled.dataKind())) {
        return true;
      }
    }
    return false;
  }

  /** Describes the event and the verdict on one line plus the event, for failure messages. */
  static String describe(LabelledEvent labelled, Verdict verdict) {
    StringBuilder text = new StringBuilder();
    text.append(labelled.label()).append(' ').append(labelled.encoding()).append(' ')
        .append(labelled.carrier()).append(" '").append(labelled.description())
        .append("': expected ").append(labelled.expectedRuleIds()).append(" quieted ")
        .append(labelled.suppressedRuleIds()).append(" target ").append(labelled.provider())
        .append('/').append(labelled.dataKind()).append("; actual");
    for (Finding finding : verdict.findings()) {
      text.append(' ').append(finding.ruleId()).append('/').append(finding.severity())
          .append('/').append(finding.provider()).append('/').append(finding.dataKind());
    }
    for (Suppression suppression : verdict.suppressions()) {
      text.append(" quieted:").append(suppression.ruleId()).append(" by ")
          .append(suppression.exclusionId());
    }
    return text.append("\n    ").append(labelled.event()).toString();
  }

  /**
   * Returns whether the event hits a known detector gap in the provider or data kind that
   * findings report. The rule ids are right in both cases; only the target is wrong.
   *
   * <p>NOTE: both are core bugs. {@code TargetClassifier} checks "metadata/instance" before
   * "hetzner/v1", so Hetzner's /hetzner/v1/metadata/instance-id reads as Azure. And when a
   * percent-encoded URL's address is found in the raw text, the target is classified from the
   * raw text, whose encoded path matches nothing. LabelledEventGeneratorTest has one test for
   * each that asserts the right result.
   */
  static boolean hasKnownTargetGap(LabelledEvent labelled) {
    boolean url = labelled.carrier() == Carrier.URL_HOST
        || labelled.carrier() == Carrier.URL_QUERY_PARAMETER;
    boolean hetzner = String.valueOf(labelled.event().url()).contains("hetzner/v1/metadata/instance-id");
    boolean encodedPayload = labelled.carrier() == Carrier.URL_QUERY_PARAMETER
        && (labelled.encoding() == Encoding.PERCENT_ENCODED_URL
            || labelled.encoding() == Encoding.DOUBLE_PERCENT_ENCODED_URL);
    return (url && hetzner) || encodedPayload;
  }
}

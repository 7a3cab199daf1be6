package io.github.imdsdetect.rules;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Shared inputs of the tests: loading a file given as lines, and reading verdicts. */
final class Fixtures {
  private Fixtures() {}

  static final String SOURCE = "rules.ini";
  static final LocalDate TODAY = LocalDate.of(2026, 1, 15);

  static String text(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  static RulesFile.Result load(String... lines) throws RulesFileException {
    return RulesFile.apply(RuleSet.defaults(), text(lines), SOURCE, TODAY);
  }

  static RulesFileException loadError(String... lines) {
    return assertThrows(RulesFileException.class,
        () -> RulesFile.apply(RuleSet.defaults(), text(lines), SOURCE, TODAY));
  }

  /** Returns the findings of one rule in the verdict. */
  static List<Finding> findings(Verdict verdict, String ruleId) {
    List<Finding> result = new ArrayList<>();
    for (Finding finding : verdict.findings()) {
      if (finding.ruleId().equals(ruleId)) {
        result.add(finding);
      }
    }
    return result;
  }

  /** Returns the ids of the exclusions that quieted the rule, empty when none did. */
  static List<String> suppressedBy(Verdict verdict, String ruleId) {
    List<String> result = new ArrayList<>();
    verdict.suppressions().forEach(s -> {
      if (s.ruleId().equals(ruleId)) {
        result.add(s.exclusionId());
      }
    });
    return result;
  }
}

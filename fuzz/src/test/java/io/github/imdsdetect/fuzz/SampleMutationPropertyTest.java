package io.github.imdsdetect.fuzz;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.fuzz.Theories.ParserInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Property tests of every discovered parser on structure-aware mutations of the real sample
 * files of its format ({@link Mutator}), and on mutations of the other formats' samples.
 *
 * <p>Each sample gets two properties. The first applies every mutation and checks the
 * properties that hold for any input. The second, for samples with one record per line, keeps
 * that structure and also checks the accounting identity: lines read = events + skipped +
 * ignored + blank and header lines.
 */
class SampleMutationPropertyTest {
  private static final int EXAMPLES_PER_SAMPLE = 30;
  private static final int CROSS_FORMAT_EXAMPLES = 120;

  @TestFactory
  Stream<DynamicNode> parserSurvivesMutatedSamples() {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Map.Entry<String, EventParser> entry : Parsers.discovered().entrySet()) {
      String format = entry.getKey();
      EventParser parser = entry.getValue();
      List<DynamicNode> tests = new ArrayList<>();
      for (Sample sample : Sample.of(format)) {
        tests.add(dynamicTest(sample.name(), () -> checkMutations(parser, sample, false)));
        if (sample.accounting() == Accounting.LINES) {
          tests.add(
              dynamicTest(
                  sample.name() + " (one record per line)",
                  () -> checkMutations(parser, sample, true)));
        }
      }
      tests.add(dynamicTest("samples of every format", () -> checkCrossFormat(parser)));
      nodes.add(dynamicContainer(format, tests));
    }
    return nodes.stream();
  }

  private static void checkMutations(EventParser parser, Sample sample, boolean oneRecordPerLine) {
    Accounting accounting = oneRecordPerLine ? Accounting.LINES : generalAccounting(sample);
    Theories.qt(EXAMPLES_PER_SAMPLE)
        .forAll(
            Choices.gen(
                choices ->
                    new ParserInput(
                        parser.format(), Mutator.mutate(sample, choices, oneRecordPerLine))))
        .checkAssert(
            input ->
                ParseChecks.check(parser, input.input(), Parsers.SMALL_LIMITS, accounting, false));
  }

  private static void checkCrossFormat(EventParser parser) {
    List<Sample> samples = Sample.all();
    if (samples.isEmpty()) {
      throw new AssertionError("no sample files under " + Sample.root());
    }
    Accounting accounting = Accounting.forArbitraryInput(parser.format());
    Theories.qt(CROSS_FORMAT_EXAMPLES)
        .forAll(
            Choices.gen(
                choices ->
                    new ParserInput(
                        parser.format(),
                        Mutator.mutate(choices.pick(samples), choices, false))))
        .checkAssert(
            input ->
                ParseChecks.check(parser, input.input(), Parsers.SMALL_LIMITS, accounting, false));
  }

  /**
   * Returns the accounting rule that survives any mutation: grouping for auditd, one entry per
   * line for access logs, and none for the formats whose reading mode depends on content.
   */
  private static Accounting generalAccounting(Sample sample) {
    return Accounting.forArbitraryInput(sample.format());
  }
}

package io.github.imdsdetect.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compares ways to test texts for the default profile's needles. Every implementation scans the
 * same {@value #TEXTS} generated texts of 50 to 2,000 chars, and the score is the mean time per
 * text. The setup checks that each implementation finds exactly as many matching texts as the
 * plain reference search, so a wrong implementation cannot win. Texts without an indicator can
 * still contain a needle, such as {@code -j} in {@code java -jar}, so that count is higher than
 * the indicator share.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MatcherBenchmark {

  /** Number of texts in the corpus, so one benchmark call scans about 2 million chars. */
  static final int TEXTS = 4_096;

  @Param({"LIBRARY", "LOWER_CASE_CONTAINS", "JDK_REGEX", "RE2J", "ROBERT_BOR_TRIE",
      "HANKCS_DOUBLE_ARRAY_TRIE", "READ_ONLY"})
  public TextMatcher.Implementation implementation;

  /** Share of texts that carry a metadata indicator. */
  @Param({"0", "0.001", "0.01"})
  public double indicatorShare;

  private String[] texts;
  private TextMatcher matcher;

  @Setup
  public void setUp() {
    List<String> needles = Needles.defaultProfile();
    List<String> corpus =
        new CorpusGenerator(CorpusGenerator.DEFAULT_SEED).texts(TEXTS, indicatorShare, 50, 2_000);
    texts = corpus.toArray(new String[0]);
    matcher = implementation.build(needles);
    if (implementation == TextMatcher.Implementation.READ_ONLY) {
      return;
    }
    long expected = 0;
    for (String text : texts) {
      expected += Needles.referenceContainsAny(needles, text) ? 1 : 0;
    }
    long actual = scanCorpus();
    if (actual != expected) {
      throw new IllegalStateException(implementation + " found " + actual
          + " matching texts, but the reference search found " + expected);
    }
  }

  /** Scans every text of the corpus and returns the sum of the scan results. */
  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public long scanCorpus() {
    long total = 0;
    TextMatcher m = matcher;
    for (String text : texts) {
      total += m.scan(text);
    }
    return total;
  }
}

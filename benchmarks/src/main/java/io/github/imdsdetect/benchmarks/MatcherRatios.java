package io.github.imdsdetect.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the matcher ratios of {@link MatcherBenchmark} in a way that a busy machine disturbs
 * less: it interleaves the implementations in short rounds, times each round by this thread's
 * CPU time rather than wall time, and keeps each implementation's fastest round.
 *
 * <p>JMH runs one implementation after the other, so when other processes start or stop
 * between runs, the ratios between runs shift. Here every implementation runs under the same
 * mix of load. CPU time still includes slowdowns from sharing caches and cores, so this is a
 * cross-check of the JMH ratios, not a replacement. The regex implementations are left out
 * because one round of them takes seconds.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.imdsdetect.benchmarks.MatcherRatios [INDICATOR_SHARE [ROUNDS]]}, by default 0.01 and
 * 40 rounds.
 */
public final class MatcherRatios {

  private static final List<TextMatcher.Implementation> COMPARED =
      List.of(
          TextMatcher.Implementation.LIBRARY,
          TextMatcher.Implementation.LOWER_CASE_CONTAINS,
          TextMatcher.Implementation.ROBERT_BOR_TRIE,
          TextMatcher.Implementation.HANKCS_DOUBLE_ARRAY_TRIE,
          TextMatcher.Implementation.READ_ONLY);

  /** Rounds at the start whose times are dropped, while the JIT compiles the scan loops. */
  private static final int WARMUP_ROUNDS = 5;

  private MatcherRatios() {}

  /** Runs the comparison and prints the fastest round of each implementation and the ratios. */
  public static void main(String[] args) {
    double share = args.length > 0 ? Double.parseDouble(args[0]) : 0.01;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    if (rounds <= WARMUP_ROUNDS) {
      throw new IllegalArgumentException(
          "rounds must be more than " + WARMUP_ROUNDS + " warm-up rounds: " + rounds);
    }
    List<String> needles = Needles.defaultProfile();
    String[] texts =
        new CorpusGenerator(CorpusGenerator.DEFAULT_SEED)
            .texts(MatcherBenchmark.TEXTS, share, 50, 2_000)
            .toArray(new String[0]);
    Map<TextMatcher.Implementation, TextMatcher> matchers =
        new EnumMap<>(TextMatcher.Implementation.class);
    for (TextMatcher.Implementation implementation : COMPARED) {
      matchers.put(implementation, implementation.build(needles));
    }

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<TextMatcher.Implementation, Long> fastest = new EnumMap<>(TextMatcher.Implementation.class);
    long checksum = 0;
    for (int round = 0; round < rounds; round++) {
      for (TextMatcher.Implementation implementation : COMPARED) {
        TextMatcher matcher = matchers.get(implementation);
        long start = threads.getCurrentThreadCpuTime();
        for (String text : texts) {
          checksum += matcher.scan(text);
        }
        long nanos = threads.getCurrentThreadCpuTime() - start;
        if (round >= WARMUP_ROUNDS) {
          fastest.merge(implementation, nanos, Math::min);
        }
      }
    }

    long chars = 0;
    for (String text : texts) {
      chars += text.length();
    }
    System.out.printf("%d texts, %d chars, indicator share %s, %d rounds, checksum %d%n",
        texts.length, chars, share, rounds, checksum);
    long library = fastest.get(TextMatcher.Implementation.LIBRARY);
    List<String> lines = new ArrayList<>();
    for (TextMatcher.Implementation implementation : COMPARED) {
      long nanos = fastest.get(implementation);
      lines.add(String.format("%-26s %9.1f ns/text %7.3f ns/char  time / LIBRARY time = %.2f",
          implementation, nanos / (double) texts.length, nanos / (double) chars,
          nanos / (double) library));
    }
    lines.forEach(System.out::println);
  }
}

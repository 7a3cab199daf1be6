package io.github.imdsdetect.fuzz;

import java.nio.file.Path;
import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.ExceptionReporter;

/**
 * QuickTheories settings shared by the property tests.
 *
 * <p>Runs are repeatable: the seed is fixed unless the system property {@code QT_SEED} gives
 * one, so CI fails or passes the same way on every run. To search further, vary the seed and
 * raise the example counts with {@code -Dfuzz.scale=N}, which multiplies every count by N:
 *
 * <pre>
 * mvn -pl fuzz test -DQT_SEED=$RANDOM -Dfuzz.scale=20
 * </pre>
 */
final class Theories {
  private static final long DEFAULT_SEED = 0x1D5_2026L;

  /**
   * Shrink attempts after a failure. Few, because inputs are structured and their description
   * already names the mutation, and because each attempt on an endless loop costs a time limit.
   */
  private static final int SHRINK_CYCLES = 40;

  private Theories() {}

  /** Returns a theory that tries {@code examples} inputs, times {@code -Dfuzz.scale}. */
  static QuickTheory qt(int examples) {
    QuickTheory theory =
        QuickTheory.qt()
            .withExamples(examples * scale())
            .withShrinkCycles(SHRINK_CYCLES)
            .withReporter(new SavingReporter());
    if (System.getProperty("QT_SEED") == null) {
      theory = theory.withFixedSeed(DEFAULT_SEED);
    }
    return theory;
  }

  private static int scale() {
    String configured = System.getProperty("fuzz.scale");
    if (configured == null || configured.isBlank()) {
      return 1;
    }
    try {
      int scale = Integer.parseInt(configured.strip());
      if (scale < 1) {
        throw new IllegalArgumentException("fuzz.scale must be at least 1, was " + scale);
      }
      return scale;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "fuzz.scale must be a whole number such as 10, was \"" + configured + "\"", e);
    }
  }

  /**
   * Saves the smallest falsifying {@link FuzzInput} of a failed theory and adds its path to the
   * failure, so that it can be kept as a regression input. QuickTheories passes the falsifying
   * values in as the arguments of the property, which here is one {@link ParserInput}.
   */
  private static final class SavingReporter extends ExceptionReporter {
    @Override
    public void falisification(
        long seed,
        int examplesUsed,
        Object smallest,
        Throwable cause,
        List<Object> others,
        AsString<Object> toString) {
      Path saved = save(smallest);
      try {
        super.falisification(seed, examplesUsed, smallest, cause, others, toString);
      } catch (AssertionError e) {
        throw withSavedPath(e, saved);
      }
    }

    @Override
    public void falisification(
        long seed, int examplesUsed, Object smallest, List<Object> others,
        AsString<Object> toString) {
      Path saved = save(smallest);
      try {
        super.falisification(seed, examplesUsed, smallest, others, toString);
      } catch (AssertionError e) {
        throw withSavedPath(e, saved);
      }
    }

    private static Path save(Object smallest) {
      if (smallest instanceof ParserInput parserInput) {
        return parserInput.input().save(parserInput.format());
      }
      return null;
    }

    private static AssertionError withSavedPath(AssertionError e, Path saved) {
      if (saved == null) {
        return e;
      }
      AssertionError withPath =
          new AssertionError(e.getMessage() + "\nSmallest falsifying input saved as " + saved);
      withPath.setStackTrace(e.getStackTrace());
      return withPath;
    }
  }

  /** A generated input together with the format of the parser that reads it. */
  record ParserInput(String format, FuzzInput input) {
    @Override
    public String toString() {
      return input.toString();
    }
  }
}

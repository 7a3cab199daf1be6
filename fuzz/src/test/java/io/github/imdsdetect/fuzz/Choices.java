package io.github.imdsdetect.fuzz;

import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * A source of bounded choices for the generators. Generators draw every decision from it, so
 * the same generator code serves QuickTheories, whose shrinking replays smaller draws, and any
 * other source of numbers.
 *
 * <p>Generators order their options from simple to complex, so that a smaller draw is a simpler
 * input and shrinking moves towards it.
 */
@FunctionalInterface
interface Choices {

  /** Returns a value in {@code [min, max]}. */
  int between(int min, int max);

  /** Returns one of {@code items}, where the first ones are the simpler choices. */
  default <T> T pick(List<T> items) {
    return items.get(between(0, items.size() - 1));
  }

  /** Returns true with a chance of about 1 in {@code n}. */
  default boolean oneIn(int n) {
    return between(0, n - 1) == n - 1;
  }

  /** Returns choices drawn from a QuickTheories randomness source. */
  static Choices from(RandomnessSource source) {
    return (min, max) -> (int) source.next(Constraint.between(min, max));
  }

  /** Returns a QuickTheories generator that applies {@code generator} to drawn choices. */
  static <T> Gen<T> gen(java.util.function.Function<Choices, T> generator) {
    return source -> generator.apply(from(source));
  }
}

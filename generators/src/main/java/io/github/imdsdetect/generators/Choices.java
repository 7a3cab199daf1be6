package io.github.imdsdetect.generators;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws choices from a random generator. Every draw is a bounded {@code nextInt}, so that a
 * QuickTheories source, which shrinks each draw towards its lower bound, shrinks a failing event
 * towards the first entry of each list.
 */
final class Choices {
  private final RandomGenerator random;

  Choices(RandomGenerator random) {
    this.random = random;
  }

  /** Returns an element of {@code values}, which must not be empty. */
  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Returns an element of {@code values}, which must not be empty. */
  @SafeVarargs
  final <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** Returns a value in {@code [origin, bound)}. */
  int between(int origin, int bound) {
    return origin + random.nextInt(bound - origin);
  }

  /** Returns true with the given probability in percent. */
  boolean percent(int chance) {
    return random.nextInt(100) < chance;
  }
}

package io.github.imdsdetect.generators;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * QuickTheories generators over {@link LabelledEventGenerator}, for property tests of detections.
 * Only this class needs QuickTheories, which the module declares optional: add
 * {@code org.quicktheories:quicktheories} to your own test dependencies to use it.
 *
 * <pre>{@code
 * qt().forAll(ImdsGens.labelledEvents())
 *     .checkAssert(labelled -> assertEquals(labelled.expectsFinding(), mySiemRule(labelled.event())));
 * }</pre>
 *
 * <p>Every choice the generator makes is a bounded draw from QuickTheories' randomness source,
 * so a failing example shrinks towards the first entry of each choice: the first encoding, the
 * first tool, the first path.
 */
public final class ImdsGens {
  private ImdsGens() {}

  /**
   * Returns events of every label, with the weights of {@link LabelledEventGenerator#next()}.
   *
   * @return a generator of labelled events
   */
  public static Gen<LabelledEvent> labelledEvents() {
    return source -> generator(source).next();
  }

  /**
   * Returns events with the given label.
   *
   * @param label the label of every generated event
   * @return a generator of labelled events
   * @throws NullPointerException if {@code label} is null
   */
  public static Gen<LabelledEvent> labelledEvents(Label label) {
    Objects.requireNonNull(label, "label");
    return source -> generator(source).next(label);
  }

  /**
   * Returns ACCESS and CREDENTIAL_ACCESS events whose endpoint is written in {@code encoding}.
   *
   * @param encoding the encoding of the endpoint in every generated event
   * @return a generator of labelled events
   * @throws NullPointerException if {@code encoding} is null
   */
  public static Gen<LabelledEvent> labelledEvents(Encoding encoding) {
    Objects.requireNonNull(encoding, "encoding");
    return source -> generator(source).next(encoding);
  }

  /**
   * Returns NEAR_MISS events, on which the default rule set reports nothing.
   *
   * @return a generator of labelled events
   */
  public static Gen<LabelledEvent> nearMisses() {
    return labelledEvents(Label.NEAR_MISS);
  }

  /**
   * Returns metadata endpoints written in every encoding except {@link Encoding#NONE}.
   *
   * @return a generator of written addresses
   */
  public static Gen<WrittenAddress> addressEncodings() {
    return source -> generator(source).nextAddress();
  }

  private static LabelledEventGenerator generator(RandomnessSource source) {
    return new LabelledEventGenerator(new SourceRandom(source));
  }

  /**
   * A {@link RandomGenerator} that draws from a QuickTheories source. Bounded draws become
   * constraints that shrink towards their lower bound.
   */
  private static final class SourceRandom implements RandomGenerator {
    private final RandomnessSource source;

    SourceRandom(RandomnessSource source) {
      this.source = source;
    }

    @Override
    public long nextLong() {
      return source.next(Constraint.none());
    }

    @Override
    public int nextInt(int bound) {
      if (bound <= 0) {
        throw new IllegalArgumentException("bound must be positive, was " + bound);
      }
      return (int) source.next(Constraint.between(0, bound - 1L).withShrinkPoint(0));
    }

    @Override
    public int nextInt(int origin, int bound) {
      if (origin >= bound) {
        throw new IllegalArgumentException("origin " + origin + " must be below bound " + bound);
      }
      return (int) source.next(Constraint.between(origin, bound - 1L).withShrinkPoint(origin));
    }

    @Override
    public boolean nextBoolean() {
      return source.next(Constraint.between(0, 1).withShrinkPoint(0)) == 1;
    }
  }
}

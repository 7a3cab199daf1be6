package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.benchmarks.CorpusGenerator.EventType;
import io.github.imdsdetect.core.AhoCorasick;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Verdict;
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
 * Measures the detector's no-match path: events in which no field that a rule reads contains any
 * needle of the rule set, so the prefilter dismisses them. Run it with {@code -prof gc}: the detector promises
 * that this path allocates nothing, so {@code gc.alloc.rate.norm} should be about 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DetectorNoCandidateBenchmark {

  @Param({"COMMAND_LINE", "CONNECTION", "DNS", "URL"})
  public EventType eventType;

  private Event[] events;
  private Detector detector;

  @Setup
  public void setUp() {
    detector = Detector.create(RuleSet.defaults());
    AhoCorasick matcher = AhoCorasick.compile(Needles.defaultProfile());
    Field[] fields = Needles.byField(RuleSet.defaults()).keySet().toArray(new Field[0]);
    CorpusGenerator generator = new CorpusGenerator(CorpusGenerator.DEFAULT_SEED);
    events = new Event[DetectorBenchmark.EVENTS];
    int count = 0;
    int drawn = 0;
    while (count < events.length) {
      Event event = generator.event(eventType, false);
      drawn++;
      if (!hasCandidate(event, matcher, fields)) {
        events[count++] = event;
      }
      if (drawn > 100 * events.length) {
        throw new IllegalStateException("only " + count + " of " + drawn + " benign " + eventType
            + " events have no needle in any field");
      }
    }
    if (detect() != 0) {
      throw new IllegalStateException("the detector fired on an event without a needle");
    }
  }

  private static boolean hasCandidate(Event event, AhoCorasick matcher, Field[] fields) {
    for (Field field : fields) {
      CharSequence value = event.get(field);
      if (value != null && matcher.containsAny(value)) {
        return true;
      }
    }
    return false;
  }

  /** Evaluates every event and returns the number with a non-empty verdict, which is 0. */
  @Benchmark
  @OperationsPerInvocation(DetectorBenchmark.EVENTS)
  public long detect() {
    long count = 0;
    Detector d = detector;
    for (Event event : events) {
      count += d.evaluate(event) == Verdict.NONE ? 0 : 1;
    }
    return count;
  }
}

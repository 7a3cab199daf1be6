package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.benchmarks.CorpusGenerator.EventType;
import io.github.imdsdetect.core.AhoCorasick;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.RuleSet;
import java.util.List;
import java.util.Map;
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
 * Measures whole-event detection with the default rule set against the bare matcher on the same
 * fields, per event type and indicator share. The bare matcher compiles one automaton per field
 * over the needles of the rules that read the field, as the detector's prefilter does, so the
 * ratio {@code detect / matchFields} is the cost of the detector beyond its prefilter: mostly
 * the exact checks on candidate events. The prefilter's second pass over percent-decoded values
 * is not repeated here, so it counts as detector cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DetectorBenchmark {

  /** Number of events in each corpus. */
  static final int EVENTS = 4_096;

  @Param({"COMMAND_LINE", "CONNECTION", "DNS", "URL"})
  public EventType eventType;

  /** Share of events that carry a metadata indicator. */
  @Param({"0", "0.001", "0.01"})
  public double indicatorShare;

  private Event[] events;
  private Detector detector;
  private Field[] fields;
  private AhoCorasick[] matchers;

  @Setup
  public void setUp() {
    List<Event> corpus = new CorpusGenerator(CorpusGenerator.DEFAULT_SEED)
        .events(eventType, EVENTS, indicatorShare);
    events = corpus.toArray(new Event[0]);
    detector = Detector.create(RuleSet.defaults());
    Map<Field, List<String>> needles = Needles.byField(RuleSet.defaults());
    fields = needles.keySet().toArray(new Field[0]);
    matchers = new AhoCorasick[fields.length];
    for (int i = 0; i < fields.length; i++) {
      matchers[i] = AhoCorasick.compile(needles.get(fields[i]));
    }

    long expected = Math.round(indicatorShare * EVENTS);
    long detected = detect();
    if (detected != expected) {
      throw new IllegalStateException("the detector fired on " + detected + " of " + EVENTS + " "
          + eventType + " events, but " + expected + " carry an indicator");
    }
    long candidates = matchFields();
    if (candidates < detected) {
      throw new IllegalStateException("the matcher passed " + candidates
          + " events, fewer than the " + detected + " that the detector fired on");
    }
  }

  /** Evaluates every event and returns the number with a finding or a suppressed match. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long detect() {
    long count = 0;
    Detector d = detector;
    for (Event event : events) {
      count += d.evaluate(event).isEmpty() ? 0 : 1;
    }
    return count;
  }

  /**
   * Runs each field's automaton on the field and returns the number of events in which some
   * field contains one of its needles.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long matchFields() {
    long count = 0;
    Field[] f = fields;
    AhoCorasick[] m = matchers;
    for (Event event : events) {
      for (int i = 0; i < f.length; i++) {
        CharSequence value = event.get(f[i]);
        if (value != null && m[i].containsAny(value)) {
          count++;
          break;
        }
      }
    }
    return count;
  }
}

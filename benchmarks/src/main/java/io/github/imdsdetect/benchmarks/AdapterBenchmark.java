package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.benchmarks.CorpusGenerator.EventType;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;
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
 * Measures parsing plus detection end to end: an adapter found through {@link ServiceLoader}
 * parses an in-memory log of {@value #EVENTS} process starts, 1% of which carry a metadata
 * indicator, and the detector evaluates every event. The score is the mean time per event.
 * {@link #parseOnly()} gives the parser's share of it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AdapterBenchmark {

  /** Number of events in the log. */
  static final int EVENTS = 2_048;

  private static final double INDICATOR_SHARE = 0.01;

  /** Format name of the parser, as its {@code format()} returns it. */
  @Param({"ecs", "auditd", "sysmon", "qradar-csv"})
  public String format;

  private byte[] input;
  private EventParser parser;
  private Detector detector;
  private ParseLimits limits;

  @Setup
  public void setUp() throws IOException {
    List<Event> events = new CorpusGenerator(CorpusGenerator.DEFAULT_SEED)
        .events(EventType.COMMAND_LINE, EVENTS, INDICATOR_SHARE);
    input = AdapterInputs.render(format, events);
    parser = findParser(format);
    detector = Detector.create(RuleSet.defaults());
    limits = ParseLimits.DEFAULTS;

    CountingSink sink = parseAndDetect();
    long expected = Math.round(INDICATOR_SHARE * EVENTS);
    if (sink.events != EVENTS || sink.detected != expected || sink.skipped != 0) {
      throw new IllegalStateException("the " + format + " parser read " + sink.events
          + " events and skipped " + sink.skipped + " records, and the detector fired on "
          + sink.detected + ", but the input has " + EVENTS + " events of which " + expected
          + " carry an indicator");
    }
  }

  /**
   * Returns the parser whose {@code format()} is {@code format}.
   *
   * @throws IllegalStateException if no parser on the class path has that format
   */
  static EventParser findParser(String format) {
    for (EventParser candidate : ServiceLoader.load(EventParser.class)) {
      if (candidate.format().equals(format)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no EventParser for format " + format
        + " on the class path; add its adapter module to benchmarks/pom.xml");
  }

  /** Parses the log, evaluates every event, and returns the number of events that fired. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long parseAndDetectAll() throws IOException {
    return parseAndDetect().detected;
  }

  /** Parses the log without the detector and returns the number of events. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long parseOnly() throws IOException {
    CountingSink sink = new CountingSink(null);
    parser.parse(new ByteArrayInputStream(input), "benchmark", limits, sink);
    return sink.events;
  }

  private CountingSink parseAndDetect() throws IOException {
    CountingSink sink = new CountingSink(detector);
    parser.parse(new ByteArrayInputStream(input), "benchmark", limits, sink);
    return sink;
  }

  /**
   * Sink that counts events and skipped records, and runs the detector on each event unless it
   * has none.
   */
  private static final class CountingSink implements ParseSink {
    private final Detector detector;
    long events;
    long detected;
    long skipped;

    CountingSink(Detector detector) {
      this.detector = detector;
    }

    @Override
    public void event(Event event) {
      events++;
      if (detector != null && !detector.evaluate(event).findings().isEmpty()) {
        detected++;
      }
    }

    @Override
    public void skipped(long line, String reason) {
      skipped++;
    }
  }
}

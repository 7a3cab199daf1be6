package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.adapter.RecordScreen;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
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
 * Measures parsing plus detection end to end, bytes in and findings out: an adapter found through
 * {@link ServiceLoader} parses an in-memory log of {@value #EVENTS} generated events, 1% of which
 * carry a metadata indicator, and the detector evaluates every event. {@link #parseOnly()} gives
 * the parser's share of the time. Each {@link AdapterInputs.Input} names the log layout and the
 * event type: process starts for the host and EDR logs, and HTTP requests for Zeek and the web
 * server access log, which record requests and no processes.
 *
 * <p>The score is the mean time per event, and events/s = 10<sup>9</sup> / ns per event. For
 * throughput in bytes, the setup prints the input's size and bytes per event to standard output
 * once per trial, so that MB/s (10<sup>6</sup> bytes) = bytes per event / ns per event * 1000.
 * The setup prints this instead of a second benchmark method in throughput mode, because such a
 * method would run the same loop again and double the run time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AdapterBenchmark {

  /** Number of events in the log. */
  static final int EVENTS = 2_048;

  private static final double INDICATOR_SHARE = 0.01;

  /** Name of an {@link AdapterInputs.Input}: the parser's format name, plus encoding for Zeek. */
  @Param({
    "ecs",
    "auditd",
    "sysmon",
    "windows",
    "qradar-csv",
    "qradar-json",
    "ocsf",
    "falco",
    "zeek-tsv",
    "zeek-json",
    "weblog"
  })
  public String format;

  private byte[] input;
  private EventParser parser;
  private Detector detector;
  private RecordScreen screen;
  private ParseLimits limits;

  /**
   * Renders the input and checks it. The parser must deliver every event, skip and cut nothing,
   * and ignore only the input's wrapper records. The detector must fire on exactly the events
   * that were generated with an indicator, counted in the order of delivery.
   *
   * @throws IllegalStateException if the check fails
   */
  @Setup
  public void setUp() throws IOException {
    AdapterInputs.Input spec = AdapterInputs.input(format);
    List<Event> events = new CorpusGenerator(CorpusGenerator.DEFAULT_SEED)
        .events(spec.eventType(), EVENTS, INDICATOR_SHARE);
    input = AdapterInputs.render(spec, events);
    parser = findParser(spec.parserFormat());
    detector = Detector.create(RuleSet.defaults());
    screen = RecordScreen.of(detector);
    limits = ParseLimits.DEFAULTS;

    BitSet expected = new BitSet(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      expected.set(i, CorpusGenerator.isDetected(events.get(i)));
    }
    CountingSink sink = new CountingSink(detector, new BitSet(EVENTS));
    parser.parse(new ByteArrayInputStream(input), "benchmark", limits, sink);
    if (sink.events != EVENTS || sink.skipped != 0 || sink.truncated != 0
        || sink.ignored != spec.ignoredRecords() || !sink.detectedEvents.equals(expected)) {
      throw new IllegalStateException("the " + spec.parserFormat() + " parser read " + sink.events
          + " events of input " + format + ", skipped " + sink.skipped + " records, cut "
          + sink.truncated + " values and ignored " + sink.ignored
          + " records, and the detector fired on events " + sink.detectedEvents
          + ", but the input has " + EVENTS + " events, " + spec.ignoredRecords()
          + " ignored records, and indicators in events " + expected);
    }
    CountingSink screened = new CountingSink(detector, new BitSet(EVENTS));
    parser.parse(new ByteArrayInputStream(input), "benchmark", limits, screen, screened);
    if (screened.events != sink.events || !screened.detectedEvents.equals(sink.detectedEvents)) {
      throw new IllegalStateException("with the screen, the " + spec.parserFormat()
          + " parser read " + screened.events + " events and the detector fired on events "
          + screened.detectedEvents + "; without it, " + sink.events + " and "
          + sink.detectedEvents);
    }
    System.out.printf(Locale.ROOT,
        "%n%s: %d bytes, %d events, %.1f bytes per event, %d cleared by the screen%n", format,
        input.length, EVENTS, (double) input.length / EVENTS, screened.cleared);
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

  /**
   * Parses the log with a {@link RecordScreen} of the detector, which lets the parser count
   * events that cannot match without building them, and evaluates every event it builds. Only the
   * ecs parser uses the screen; for the other formats this equals {@link #parseAndDetectAll()}.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long parseScreenedAndDetectAll() throws IOException {
    CountingSink sink = new CountingSink(detector, null);
    parser.parse(new ByteArrayInputStream(input), "benchmark", limits, screen, sink);
    return sink.detected;
  }

  /** Parses the log without the detector and returns the number of events. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long parseOnly() throws IOException {
    CountingSink sink = new CountingSink(null, null);
    parser.parse(new ByteArrayInputStream(input), "benchmark", limits, sink);
    return sink.events;
  }

  private CountingSink parseAndDetect() throws IOException {
    CountingSink sink = new CountingSink(detector, null);
    parser.parse(new ByteArrayInputStream(input), "benchmark", limits, sink);
    return sink;
  }

  /**
   * Sink that counts events, skipped and ignored records and cut values, and runs the detector on
   * each event unless it has none. Only the setup's check passes a set to record the positions of
   * the events that fired.
   */
  private static final class CountingSink implements ParseSink {
    private final Detector detector;
    final BitSet detectedEvents;
    long events;
    long cleared;
    long detected;
    long skipped;
    long ignored;
    long truncated;

    CountingSink(Detector detector, BitSet detectedEvents) {
      this.detector = detector;
      this.detectedEvents = detectedEvents;
    }

    @Override
    public void event(Event event) {
      if (detector != null && !detector.evaluate(event).findings().isEmpty()) {
        detected++;
        if (detectedEvents != null) {
          detectedEvents.set((int) Math.min(events, Integer.MAX_VALUE));
        }
      }
      events++;
    }

    @Override
    public void cleared(long line) {
      events++;
      cleared++;
    }

    @Override
    public void skipped(long line, String reason) {
      skipped++;
    }

    @Override
    public void ignored(long line, String kind) {
      ignored++;
    }

    @Override
    public void truncated(long line, String what, long originalLength) {
      truncated++;
    }
  }
}

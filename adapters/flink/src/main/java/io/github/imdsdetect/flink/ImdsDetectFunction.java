package io.github.imdsdetect.flink;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.stream.RecordScanner;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A Flink operator that parses each record with the configured format's {@code EventParser},
 * evaluates its events with a {@code Detector} and emits one {@link DetectionResult} per finding.
 * A record that is blank, too long or malformed in any part also goes to the side output
 * {@link #SKIPPED_RECORDS}, once, with the reason of its first problem.
 *
 * <p>Each parallel instance builds its own parser and detector in {@link #open}, because the
 * detector is not serializable. Counters in the metric group {@value #METRIC_GROUP}:
 * {@code records}, {@code events}, {@code findings}, {@code suppressedMatches} (rule matches
 * quieted by an exclusion), {@code skippedRecords} and {@code ignoredRecords} (well-formed parts
 * that the parser does not map to events, such as a Sysmon event of another channel).
 *
 * <pre>{@code
 * SingleOutputStreamOperator<DetectionResult> findings =
 *     lines.process(ImdsDetectFunction.forText(DetectionConfig.of("ecs")));
 * DataStream<SkippedRecord> skipped = findings.getSideOutput(ImdsDetectFunction.SKIPPED_RECORDS);
 * }</pre>
 *
 * @param <T> {@code String} for plain records, or {@link SourceLine} for records that carry
 *     their source name and line
 */
public final class ImdsDetectFunction<T> extends ProcessFunction<T, DetectionResult> {
  private static final long serialVersionUID = 1L;

  /** The side output of records that could not be used in full. */
  public static final OutputTag<SkippedRecord> SKIPPED_RECORDS =
      new OutputTag<>("imds-detect-skipped-records", TypeInformation.of(SkippedRecord.class));

  /** The name of the metric group that contains this operator's counters. */
  public static final String METRIC_GROUP = "imds_detect";

  /** Settings from which each parallel instance builds its parser and detector. */
  private final DetectionConfig config;

  private transient RecordScanner scanner;
  private transient RecordScanner.FindingListener listener;
  private transient Collector<DetectionResult> output;
  private transient Counter records;
  private transient Counter events;
  private transient Counter findings;
  private transient Counter suppressedMatches;
  private transient Counter skippedRecords;
  private transient Counter ignoredRecords;

  private ImdsDetectFunction(DetectionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Creates an operator over plain text records. Findings carry the configured source name and
   * the line within the record, which is 1 for a one-line record.
   *
   * @param config the settings of the operator
   * @return a new operator
   * @throws NullPointerException if {@code config} is null
   */
  public static ImdsDetectFunction<String> forText(DetectionConfig config) {
    return new ImdsDetectFunction<>(config);
  }

  /**
   * Creates an operator over records that carry their source name and line, which findings and
   * skipped records then report. A null source name is replaced by the configured one.
   *
   * @param config the settings of the operator
   * @return a new operator
   * @throws NullPointerException if {@code config} is null
   */
  public static ImdsDetectFunction<SourceLine> forSourceLines(DetectionConfig config) {
    return new ImdsDetectFunction<>(config);
  }

  /**
   * Returns the configuration.
   *
   * @return the configuration the operator was created with
   */
  public DetectionConfig config() {
    return config;
  }

  /**
   * Builds the parser and detector and registers the counters.
   *
   * @throws IllegalStateException if no parser for the configured format is on the class path
   */
  @Override
  public void open(OpenContext openContext) throws Exception {
    ClassLoader loader = getRuntimeContext().getUserCodeClassLoader();
    scanner = new RecordScanner(RecordScanner.loadParser(config.format(), loader),
        Detector.create(RuleSet.named(config.profile())), config.limits());
    listener =
        (finding, event, line) ->
            output.collect(DetectionResult.of(scanner.source(), line, finding, event));
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP);
    records = metrics.counter("records");
    events = metrics.counter("events");
    findings = metrics.counter("findings");
    suppressedMatches = metrics.counter("suppressedMatches");
    skippedRecords = metrics.counter("skippedRecords");
    ignoredRecords = metrics.counter("ignoredRecords");
  }

  @Override
  public void processElement(T value, Context context, Collector<DetectionResult> out) {
    String text;
    String source;
    long line;
    if (value instanceof SourceLine) {
      SourceLine sourceLine = (SourceLine) value;
      text = sourceLine.text();
      source = sourceLine.source() == null ? config.sourceName() : sourceLine.source();
      line = sourceLine.line();
    } else {
      text = (String) value;
      source = config.sourceName();
      line = 0;
    }
    output = out;
    scanner.scan(text, source, line, listener);
    records.inc();
    events.inc(scanner.events());
    findings.inc(scanner.findings());
    suppressedMatches.inc(scanner.suppressed());
    ignoredRecords.inc(scanner.ignored());
    if (scanner.skipped()) {
      skippedRecords.inc();
      SkippedRecord skipped =
          new SkippedRecord(source, scanner.skipLine(), scanner.skipReason(), text);
      context.output(SKIPPED_RECORDS, skipped);
    }
  }
}

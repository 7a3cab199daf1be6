package io.github.imdsdetect.kafkastreams;

import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.stream.RecordScanner;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Scans each input record and forwards findings to the findings sink and unusable records to the
 * dead-letter sink. One instance serves one stream task.
 */
final class ImdsDetectProcessor implements Processor<String, String, String, String> {
  private final RecordScanner scanner;
  private final RecordScanner.FindingListener listener = this::forwardFinding;

  private ProcessorContext<String, String> context;
  private Record<String, String> current;
  private String topic;
  private int partition;
  private long offset;

  private Sensor records;
  private Sensor events;
  private Sensor findings;
  private Sensor suppressedMatches;
  private Sensor deadLetters;
  private Sensor ignoredRecords;

  ImdsDetectProcessor(RecordScanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public void init(ProcessorContext<String, String> processorContext) {
    context = processorContext;
    StreamsMetrics metrics = context.metrics();
    String thread = Thread.currentThread().getName();
    Map<String, String> tags = Map.of("thread-id", thread, "task-id", context.taskId().toString());
    records = sensor(metrics, tags, "records", "input records");
    events = sensor(metrics, tags, "events", "events parsed from input records");
    findings = sensor(metrics, tags, "findings", "findings written");
    suppressedMatches =
        sensor(metrics, tags, "suppressed-matches", "rule matches quieted by an exclusion");
    deadLetters = sensor(metrics, tags, "dead-letters", "records written to the dead-letter topic");
    ignoredRecords =
        sensor(metrics, tags, "ignored-records", "well-formed record parts that are not events");
  }

  /**
   * Registers {@code NAME-total} and {@code NAME-rate} (per second). Both sum the recorded
   * values, because one input record can yield several events or findings.
   */
  private static Sensor sensor(
      StreamsMetrics metrics, Map<String, String> tags, String name, String what) {
    Sensor sensor =
        metrics.addSensor(
            ImdsDetectTopology.METRICS_GROUP + "." + tags.get("thread-id") + "."
                + tags.get("task-id") + "." + name,
            Sensor.RecordingLevel.INFO);
    String group = ImdsDetectTopology.METRICS_GROUP;
    sensor.add(
        new MetricName(name + "-total", group, "Number of " + what, tags), new CumulativeSum());
    sensor.add(
        new MetricName(name + "-rate", group, "Number of " + what + " per second", tags),
        new Rate());
    return sensor;
  }

  @Override
  public void process(Record<String, String> record) {
    Optional<RecordMetadata> metadata = context.recordMetadata();
    topic = metadata.map(RecordMetadata::topic).orElse("");
    partition = metadata.map(RecordMetadata::partition).orElse(-1);
    offset = metadata.map(RecordMetadata::offset).orElse(-1L);
    current = record;
    scanner.scan(record.value(), topic, 0, listener);
    records.record();
    events.record(scanner.events());
    findings.record(scanner.findings());
    suppressedMatches.record(scanner.suppressed());
    ignoredRecords.record(scanner.ignored());
    if (scanner.skipped()) {
      deadLetters.record();
      context.forward(deadLetter(record), ImdsDetectTopology.DEAD_LETTER_SINK);
    }
    current = null;
  }

  /** Forwards one finding keyed by the event's host, or by the input key when it has none. */
  private void forwardFinding(Finding finding, Event event, long line) {
    CharSequence host = event.host();
    String key = host != null && host.length() > 0 ? host.toString() : current.key();
    String value = FindingJson.write(topic, partition, offset, line, finding, event);
    context.forward(
        new Record<>(key, value, current.timestamp()), ImdsDetectTopology.FINDINGS_SINK);
  }

  /** Returns the input record with its key, value and timestamp, and the reason in headers. */
  private Record<String, String> deadLetter(Record<String, String> record) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    addHeader(headers, ImdsDetectTopology.HEADER_REASON, scanner.skipReason());
    addHeader(headers, ImdsDetectTopology.HEADER_LINE, Long.toString(scanner.skipLine()));
    addHeader(headers, ImdsDetectTopology.HEADER_TOPIC, topic);
    if (partition >= 0) {
      addHeader(headers, ImdsDetectTopology.HEADER_PARTITION, Integer.toString(partition));
    }
    if (offset >= 0) {
      addHeader(headers, ImdsDetectTopology.HEADER_OFFSET, Long.toString(offset));
    }
    return record.withHeaders(headers);
  }

  private static void addHeader(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    if (context == null) {
      return;
    }
    StreamsMetrics metrics = context.metrics();
    for (Sensor sensor :
        new Sensor[] {records, events, findings, suppressedMatches, deadLetters, ignoredRecords}) {
      metrics.removeSensor(sensor);
    }
  }
}

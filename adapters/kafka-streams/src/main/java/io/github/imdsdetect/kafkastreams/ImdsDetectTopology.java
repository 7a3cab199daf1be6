package io.github.imdsdetect.kafkastreams;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.stream.RecordScanner;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * Builds a Kafka Streams topology that reads one event record per message from an input topic,
 * runs the detector on it, and writes:
 *
 * <ul>
 *   <li>to the findings topic, one JSON message per finding, keyed by the event's host, or by the
 *       input key when the event names no host;
 *   <li>to the dead-letter topic, each record that is empty, longer than
 *       {@code ParseLimits.maxLineBytes()} or malformed in any part, with its key, value and
 *       timestamp unchanged and the reason in the header {@value #HEADER_REASON}.
 * </ul>
 *
 * <p>Keys and values are read and written as UTF-8 strings with their own serdes, whatever the
 * application's default serdes are. The parser and detector are built once in {@link #build} and
 * shared by every stream task, because both are immutable and thread-safe.
 *
 * <p>Each task registers metrics in the group {@value #METRICS_GROUP}, tagged {@code thread-id}
 * and {@code task-id}: {@code records}, {@code events}, {@code findings},
 * {@code suppressed-matches} (rule matches quieted by an exclusion), {@code dead-letters} and
 * {@code ignored-records} (well-formed parts that are not events, such as a Sysmon event of
 * another channel), each as {@code NAME-total} and {@code NAME-rate} per second.
 */
public final class ImdsDetectTopology {
  /** Name of the source node. */
  public static final String SOURCE = "imds-detect-source";

  /** Name of the processor node. */
  public static final String PROCESSOR = "imds-detect";

  /** Name of the sink node of the findings topic. */
  public static final String FINDINGS_SINK = "imds-detect-findings";

  /** Name of the sink node of the dead-letter topic. */
  public static final String DEAD_LETTER_SINK = "imds-detect-dead-letters";

  /** Dead-letter header: why the record was not used, such as {@code invalid JSON: ...}. */
  public static final String HEADER_REASON = "imds-detect.reason";

  /** Dead-letter header: the line within the record of its first problem, in decimal. */
  public static final String HEADER_LINE = "imds-detect.line";

  /** Dead-letter header: the input topic. */
  public static final String HEADER_TOPIC = "imds-detect.topic";

  /** Dead-letter header: the input partition, in decimal. */
  public static final String HEADER_PARTITION = "imds-detect.partition";

  /** Dead-letter header: the input record's offset, in decimal. */
  public static final String HEADER_OFFSET = "imds-detect.offset";

  /** Group name of the metrics. */
  public static final String METRICS_GROUP = "stream-imds-detect-metrics";

  private ImdsDetectTopology() {}

  /**
   * Builds the topology.
   *
   * @param inputTopic the topic of the event records
   * @param findingsTopic the topic that receives one JSON message per finding
   * @param deadLetterTopic the topic that receives the records that could not be used in full
   * @param config the format, rule set and parse limits
   * @return a new topology with one source, one processor and two sink nodes
   * @throws NullPointerException if a topic name or {@code config} is null
   * @throws IllegalStateException if no parser for the configured format is on the class path
   * @throws IllegalArgumentException if a topic name is blank, or two of them are equal
   */
  public static Topology build(
      String inputTopic, String findingsTopic, String deadLetterTopic, DetectionConfig config) {
    requireTopic("inputTopic", inputTopic);
    requireTopic("findingsTopic", findingsTopic);
    requireTopic("deadLetterTopic", deadLetterTopic);
    Objects.requireNonNull(config, "config");
    if (inputTopic.equals(findingsTopic) || inputTopic.equals(deadLetterTopic)
        || findingsTopic.equals(deadLetterTopic)) {
      throw new IllegalArgumentException(
          "input, findings and dead-letter topics must differ, were '" + inputTopic + "', '"
              + findingsTopic + "' and '" + deadLetterTopic + "'");
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ImdsDetectTopology.class.getClassLoader();
    }
    EventParser parser = RecordScanner.loadParser(config.format(), loader);
    Detector detector = Detector.create(RuleSet.named(config.profile()));

    Topology topology = new Topology();
    topology.addSource(
        SOURCE, Serdes.String().deserializer(), Serdes.String().deserializer(), inputTopic);
    topology.addProcessor(
        PROCESSOR,
        () -> new ImdsDetectProcessor(new RecordScanner(parser, detector, config.limits())),
        SOURCE);
    topology.addSink(
        FINDINGS_SINK,
        findingsTopic,
        Serdes.String().serializer(),
        Serdes.String().serializer(),
        PROCESSOR);
    topology.addSink(
        DEAD_LETTER_SINK,
        deadLetterTopic,
        Serdes.String().serializer(),
        Serdes.String().serializer(),
        PROCESSOR);
    return topology;
  }

  private static void requireTopic(String name, String topic) {
    Objects.requireNonNull(topic, name);
    if (topic.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}

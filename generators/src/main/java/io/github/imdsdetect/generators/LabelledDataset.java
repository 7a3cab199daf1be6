package io.github.imdsdetect.generators;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a labelled dataset: one file per {@link RecordSchema} and a {@code labels.jsonl} that
 * labels every record.
 *
 * <p>Each line of {@code labels.jsonl} is one JSON object per record, grouped by file in the
 * order of {@link RecordSchema} and by line within a file:
 *
 * <ul>
 *   <li>{@code file}: the record's file name, such as {@code auditd.log}
 *   <li>{@code line}: the 1-based line where the record starts, counting a file's header line
 *   <li>{@code lines}: how many lines the record spans; more than 1 only for auditd
 *   <li>{@code event}: the 0-based number of the generated event; records of the same event in
 *       different files share it
 *   <li>{@code label}, {@code encoding}, {@code carrier}, {@code provider}, {@code data_kind} and
 *       {@code description}: as in {@link LabelledEvent}
 *   <li>{@code expected_rule_ids}: the default rule set's rules that should report the record
 *   <li>{@code suppressed_rule_ids}: the rules that should match but be quieted by an exclusion
 * </ul>
 */
public final class LabelledDataset {
  /** The name of the label file in a dataset directory. */
  public static final String LABELS_FILE = "labels.jsonl";

  private LabelledDataset() {}

  /**
   * Generates {@code count} events with {@code new LabelledEventGenerator(seed)} and writes each
   * event to every schema file that {@link RecordSchema#supports supports} it, plus the labels.
   * Creates {@code directory} and its parents when missing and replaces files of the same
   * names. The same count and seed write byte-identical files. Files are UTF-8 with {@code \n}
   * line ends.
   *
   * @param directory the directory to write into
   * @param count how many events to generate; each becomes one to nine records
   * @param seed the generator's seed
   * @return the number of records written per file name, in the order of {@link RecordSchema}
   *     and then {@value #LABELS_FILE}, whose count is the total
   * @throws IllegalArgumentException if {@code count} is negative
   * @throws IOException if a file cannot be written
   */
  public static Map<String, Integer> writeDataset(Path directory, int count, long seed)
      throws IOException {
    Objects.requireNonNull(directory, "directory");
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, was " + count);
    }
    List<LabelledEvent> events = new LabelledEventGenerator(seed).generate(count);
    Files.createDirectories(directory);
    Map<String, Integer> records = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    for (RecordSchema schema : RecordSchema.values()) {
      int written = 0;
      try (BufferedWriter out =
          Files.newBufferedWriter(directory.resolve(schema.fileName()), StandardCharsets.UTF_8)) {
        int line = 1;
        if (schema.header() != null) {
          out.write(schema.header());
          out.write('\n');
          line++;
        }
        for (int i = 0; i < events.size(); i++) {
          LabelledEvent labelled = events.get(i);
          if (!schema.supports(labelled)) {
            continue;
          }
          String record = schema.render(labelled, i);
          int lineCount = record.split("\n", -1).length;
          out.write(record);
          out.write('\n');
          labels.add(labelLine(schema.fileName(), line, lineCount, i, labelled));
          line += lineCount;
          written++;
        }
      }
      records.put(schema.fileName(), written);
    }
    Files.write(directory.resolve(LABELS_FILE), joinLines(labels).getBytes(StandardCharsets.UTF_8));
    records.put(LABELS_FILE, labels.size());
    return Collections.unmodifiableMap(records);
  }

  private static String labelLine(
      String file, int line, int lines, int event, LabelledEvent labelled) {
    return RecordText.json(json -> {
      json.writeStartObject();
      json.writeStringField("file", file);
      json.writeNumberField("line", line);
      json.writeNumberField("lines", lines);
      json.writeNumberField("event", event);
      json.writeStringField("label", labelled.label().name());
      RecordText.stringArray(json, "expected_rule_ids", List.copyOf(labelled.expectedRuleIds()));
      RecordText.stringArray(
          json, "suppressed_rule_ids", List.copyOf(labelled.suppressedRuleIds()));
      json.writeStringField("encoding", labelled.encoding().name());
      json.writeStringField("carrier", labelled.carrier().name());
      json.writeStringField("provider", labelled.provider());
      json.writeStringField("data_kind", labelled.dataKind());
      json.writeStringField("description", labelled.description());
      json.writeEndObject();
    });
  }

  private static String joinLines(List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    return text.toString();
  }
}

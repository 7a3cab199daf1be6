package io.github.imdsdetect.generators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes datasets into temporary directories and reads them back. */
class LabelledDatasetTest {
  private static final int COUNT = 400;
  private static final long SEED = 11;

  @TempDir Path directory;

  @Test
  void writesEverySchemaFileAndLabels() throws IOException {
    Map<String, Integer> records = LabelledDataset.writeDataset(directory, COUNT, SEED);

    for (RecordSchema schema : RecordSchema.values()) {
      assertTrue(Files.isRegularFile(directory.resolve(schema.fileName())), schema.fileName());
      assertTrue(records.get(schema.fileName()) > 0, "records in " + schema.fileName());
    }
    assertTrue(Files.isRegularFile(directory.resolve(LabelledDataset.LABELS_FILE)), "labels file");
    assertEquals(COUNT, records.get(RecordSchema.ECS.fileName()), "ECS holds every event");
  }

  @Test
  void jsonFilesParseLineByLine() throws IOException {
    LabelledDataset.writeDataset(directory, COUNT, SEED);

    for (RecordSchema schema : RecordSchema.values()) {
      if (schema.isJsonLines()) {
        for (String line : lines(schema.fileName())) {
          JsonLines.parseObject(line);
        }
      }
    }
    for (String line : lines(LabelledDataset.LABELS_FILE)) {
      JsonLines.parseObject(line);
    }
  }

  @Test
  void labelCountsMatchRecords() throws IOException {
    Map<String, Integer> records = LabelledDataset.writeDataset(directory, COUNT, SEED);
    Map<String, Integer> labelled = new HashMap<>();
    Map<String, Integer> labelledLines = new HashMap<>();
    for (String line : lines(LabelledDataset.LABELS_FILE)) {
      String file = JsonLines.field(line, "file");
      labelled.merge(file, 1, Integer::sum);
      labelledLines.merge(file, Integer.parseInt(JsonLines.field(line, "lines")), Integer::sum);
    }

    int total = 0;
    for (RecordSchema schema : RecordSchema.values()) {
      String file = schema.fileName();
      int headerLines = schema.header() == null ? 0 : 1;
      assertEquals(records.get(file), labelled.get(file), "labels of " + file);
      assertEquals(lines(file).size() - headerLines, labelledLines.get(file), "lines of " + file);
      total += records.get(file);
    }
    assertEquals(total, records.get(LabelledDataset.LABELS_FILE), "labels in total");
    assertEquals(total, lines(LabelledDataset.LABELS_FILE).size(), "lines of labels file");
  }

  @Test
  void labelsPointAtRecordStarts() throws IOException {
    LabelledDataset.writeDataset(directory, COUNT, SEED);
    Map<String, List<String>> files = new HashMap<>();

    for (String label : lines(LabelledDataset.LABELS_FILE)) {
      String file = JsonLines.field(label, "file");
      List<String> fileLines = files.computeIfAbsent(file, this::linesUnchecked);
      String start = fileLines.get(Integer.parseInt(JsonLines.field(label, "line")) - 1);
      if (file.equals(RecordSchema.AUDITD.fileName())) {
        assertTrue(start.startsWith("type=SYSCALL "), label + " -> " + start);
      } else if (file.equals(RecordSchema.SYSMON_XML.fileName())) {
        assertTrue(start.startsWith("<Event "), label + " -> " + start);
      } else if (file.endsWith(".ndjson")) {
        JsonLines.parseObject(start);
      }
      assertNotNull(Label.valueOf(JsonLines.field(label, "label")), label);
      assertNotNull(Encoding.valueOf(JsonLines.field(label, "encoding")), label);
    }
  }

  @Test
  void sameSeedWritesSameBytes(@TempDir Path other) throws IOException {
    LabelledDataset.writeDataset(directory, COUNT, SEED);
    LabelledDataset.writeDataset(other, COUNT, SEED);

    for (RecordSchema schema : RecordSchema.values()) {
      assertArrayEquals(Files.readAllBytes(directory.resolve(schema.fileName())),
          Files.readAllBytes(other.resolve(schema.fileName())), schema.fileName());
    }
    assertArrayEquals(Files.readAllBytes(directory.resolve(LabelledDataset.LABELS_FILE)),
        Files.readAllBytes(other.resolve(LabelledDataset.LABELS_FILE)), "labels");
  }

  @Test
  void zeroEventsWriteEmptyFiles() throws IOException {
    Map<String, Integer> records = LabelledDataset.writeDataset(directory, 0, SEED);

    assertEquals(0, records.get(LabelledDataset.LABELS_FILE), "labels");
    assertEquals(List.of(RecordSchema.QRADAR_CSV.header()), lines(RecordSchema.QRADAR_CSV.fileName()),
        "QRadar file holds only its header");
  }

  @Test
  void rejectsNegativeCount() {
    assertThrows(IllegalArgumentException.class,
        () -> LabelledDataset.writeDataset(directory, -1, SEED));
  }

  private List<String> lines(String file) throws IOException {
    return Files.readAllLines(directory.resolve(file), StandardCharsets.UTF_8);
  }

  private List<String> linesUnchecked(String file) {
    try {
      return lines(file);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}

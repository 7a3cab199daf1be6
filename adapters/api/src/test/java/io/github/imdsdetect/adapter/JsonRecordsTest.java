package io.github.imdsdetect.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {

  private final List<FlatRecord> records = new ArrayList<>();
  private final RecordingSink sink = new RecordingSink();

  private long read(String text, Set<String> containers, ParseLimits limits) throws IOException {
    return new JsonRecords(containers, limits).read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), records::add, sink);
  }

  private long read(String text) throws IOException {
    return read(text, Set.of("hits", "events"), ParseLimits.DEFAULTS);
  }

  @Test
  void jsonLinesFlattenNestedAndDottedKeysAlike() throws IOException {
    assertEquals(2, read("{\"process\":{\"name\":\"curl\"}}\n{\"process.name\":\"curl\"}\n"));
    assertEquals("curl", records.get(0).get("process.name"));
    assertEquals("curl", records.get(1).get("process.name"));
    assertEquals(2, records.get(1).line());
  }

  @Test
  void compactResponseOverLineCapIsDocument() throws IOException {
    // One line of about 200 KB: past the sniffed head and over this test's line cap.
    StringBuilder text = new StringBuilder("{\"events\":[");
    int count = 4_000;
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : ",").append("{\"sourceip\":\"10.0.0.").append(i % 250)
          .append("\",\"n\":").append(i).append('}');
    }
    text.append("]}\n");
    ParseLimits limits = new ParseLimits(100_000, 1 << 16, 1024, 4096);
    assertTrue(text.length() > limits.maxLineBytes());

    assertEquals(1, read(text.toString(), Set.of("events"), limits));
    assertEquals(List.of(), sink.skipped);
    // Each element is a record, and so is the wrapper object around them.
    assertEquals(count + 1, records.size());
    assertEquals("3999", records.get(count - 1).get("n"));
  }

  @Test
  void longFirstJsonLineStaysJsonLines() throws IOException {
    String longLine = "{\"a\":\"" + "x".repeat(70_000) + "\"}\n";
    assertEquals(3, read(longLine + "{\"a\":\n" + "{\"a\":\"y\"}\n"));
    // Line mode skips only the bad second line; document mode would skip the rest.
    assertEquals(2, records.size());
    assertEquals(1, sink.skipped.size());
    assertTrue(sink.skipped.get(0).startsWith("2: invalid JSON"), sink.skipped.toString());
  }

  @Test
  void badLineIsSkippedAndNextLineRead() throws IOException {
    assertEquals(3, read("{\"a\":1}\n{\"a\":\n{\"a\":3}\n"));
    assertEquals(2, records.size());
    assertEquals(1, sink.skipped.size());
    assertTrue(sink.skipped.get(0).startsWith("2: invalid JSON"), sink.skipped.toString());
  }

  @Test
  void arraysOfScalarsAndObjectsAreJoined() throws IOException {
    read("{\"args\":[\"curl\",\"-s\"],\"answers\":[{\"data\":\"a\"},{\"data\":\"b\"}]}\n");
    assertEquals("curl -s", records.get(0).get("args"));
    assertEquals("a b", records.get(0).get("answers.data"));
  }

  @Test
  void prettyDocumentArrayGivesRecordPerElementWithStartLine() throws IOException {
    long lines = read("[\n  {\"a\": 1},\n  {\n    \"a\": 2\n  }\n]\n");
    assertEquals(6, lines);
    assertEquals(2, records.size());
    assertEquals(2, records.get(0).line());
    assertEquals(3, records.get(1).line());
  }

  @Test
  void containerArraysInDocumentAreStreamedAsRecords() throws IOException {
    read("{\n \"took\": 3,\n \"hits\": {\"hits\": [\n  {\"_source\": {\"x\": 1}},\n"
        + "  {\"_source\": {\"x\": 2}}\n ]}\n}\n");
    assertEquals(3, records.size());
    assertEquals("1", records.get(0).get("_source.x"));
    assertEquals(4, records.get(0).line());
    assertEquals("3", records.get(2).get("took"));
  }

  @Test
  void containerArraysOnOneLineAreStreamedWithThatLine() throws IOException {
    read("{\"took\":3,\"hits\":{\"hits\":[{\"_source\":{\"x\":1}},{\"_source\":{\"x\":2}}]}}\n");
    assertEquals(3, records.size());
    assertEquals("2", records.get(1).get("_source.x"));
    assertEquals(1, records.get(1).line());
  }

  @Test
  void syntaxErrorInDocumentSkipsRestAndCountsLines() throws IOException {
    long lines = read("[\n {\"a\": 1},\n {\"a\": \n]\n");
    assertEquals(4, lines);
    assertEquals(1, records.size());
    assertEquals(1, sink.skipped.size());
  }

  @Test
  void overlongLineIsSkippedWithTruncation() throws IOException {
    read("{\"a\":\"" + "x".repeat(200) + "\"}\n{\"a\":1}\n", Set.of(),
        new ParseLimits(64, 1000, 10, 100));
    assertEquals(1, records.size());
    assertEquals(1, sink.truncated.size());
    assertEquals(1, sink.skipped.size());
  }

  @Test
  void longFieldIsCutToFieldCap() throws IOException {
    read("{\"a\":\"" + "x".repeat(200) + "\"}\n", Set.of(), new ParseLimits(1024, 10, 10, 100));
    assertEquals(10, records.get(0).get("a").length());
    assertEquals(1, sink.truncated.size());
  }

  @Test
  void deepNestingIsRejectedNotOverflowed() throws IOException {
    String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    read(deep + "\n{\"b\":2}\n");
    assertEquals(1, records.size());
    assertEquals("2", records.get(0).get("b"));
  }

  @Test
  void deepNestingReasonNamesDepthLimit() throws IOException {
    String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    read(deep + "\n{\"b\":2}\n");
    assertEquals(1, sink.skipped.size(), sink.skipped.toString());
    String reason = sink.skipped.get(0);
    assertTrue(reason.contains("nested more than 64 levels deep"), reason);
    assertFalse(reason.contains("StreamReadConstraints"), reason);
  }

  @Test
  void defaultFieldCapEqualsLineCap() {
    assertEquals(ParseLimits.DEFAULTS.maxLineBytes(), ParseLimits.DEFAULTS.maxFieldChars());
  }

  @Test
  void documentRecordIsCappedLikeLine() throws IOException {
    // Four 40-char fields of a pretty-printed document against a 100-byte line cap.
    String value = "x".repeat(40);
    String document = "[\n{\n\"a\": \"" + value + "\",\n\"b\": \"" + value + "\",\n\"c\": \""
        + value + "\",\n\"d\": \"" + value + "\"\n}\n]\n";
    read(document, Set.of(), new ParseLimits(100, 100, 10, 100));
    assertEquals(1, records.size());
    FlatRecord record = records.get(0);
    assertEquals(value, record.get("a"));
    assertEquals(value, record.get("b"));
    assertEquals(20, record.get("c").length());
    assertEquals(null, record.get("d"));
    assertEquals(List.of("2: record -1"), sink.truncated);
  }

  /**
   * Reads {@code text} with a handler that reports each record to a counting sink: as skipped
   * when it has the key {@code skip}, as ignored with {@code ignore}, as nothing with {@code
   * silent}, and as an event otherwise.
   */
  private long readReporting(String text) throws IOException {
    CountingSink counting = CountingSink.of(sink);
    return new JsonRecords(Set.of("hits"), ParseLimits.DEFAULTS).read(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        record -> {
          records.add(record);
          if (record.get("skip") != null) {
            counting.skipped(record.line(), "skip");
          } else if (record.get("ignore") != null) {
            counting.ignored(record.line(), "ignore");
          } else if (record.get("silent") == null) {
            counting.event(
                SimpleEvent.builder().origin(new EventOrigin("test", record.line())).build());
          }
        },
        counting);
  }

  private Map<LineUse, Long> uses(long event, long ignored, long skipped, long blank,
      long header) {
    Map<LineUse, Long> expected = new EnumMap<>(LineUse.class);
    expected.put(LineUse.EVENT, event);
    expected.put(LineUse.IGNORED, ignored);
    expected.put(LineUse.SKIPPED, skipped);
    expected.put(LineUse.BLANK, blank);
    expected.put(LineUse.HEADER, header);
    expected.values().removeIf(count -> count == 0);
    return expected;
  }

  @Test
  void jsonLinesGetOneUseEach() throws IOException {
    long lines = readReporting(
        "{\"a\":1}\n\n{\"ignore\":1}\n{\"a\":\n  \n{\"skip\":1}\n{\"silent\":1}\n");

    assertEquals(7, lines);
    assertEquals(uses(1, 2, 2, 2, 0), sink.lines);
    assertEquals(List.of("7: " + CountingSink.UNREPORTED_KIND), sink.ignored.subList(1, 2));
  }

  @Test
  void prettyArrayCountsBracketsAsHeaderLines() throws IOException {
    long lines = readReporting("[\n  {\"a\": 1},\n\n  {\n    \"ignore\": 2\n  }\n]\n");

    assertEquals(7, lines);
    assertEquals(uses(1, 3, 0, 1, 2), sink.lines);
  }

  @Test
  void sharedLineGoesToFirstEndingRecord() throws IOException {
    long lines = readReporting("[{\"a\": 1,\n  \"b\": 2}, {\"ignore\": 3,\n  \"c\": 4}]\n");

    assertEquals(3, lines);
    assertEquals(uses(2, 1, 0, 0, 0), sink.lines);
  }

  @Test
  void containerElementsKeepTheirOwnUse() throws IOException {
    long lines = readReporting("{\n \"ignore\": 1,\n \"hits\": [\n  {\"a\": 1},\n"
        + "  {\n   \"a\": 2\n  },\n  {\"silent\": 3}\n ]\n}\n");

    assertEquals(10, lines);
    assertEquals(4, records.size());
    // Lines 4 to 7 are the two events. The silent element on line 8 belongs to the wrapper,
    // which was ignored, and so do lines 1 to 3, 9 and 10.
    assertEquals(uses(4, 6, 0, 0, 0), sink.lines);
  }

  @Test
  void syntaxErrorSkipsOpenRecordsAndRest() throws IOException {
    long lines = readReporting("[\n {\"a\": 1},\n {\"a\": \n\n]\n\n");

    assertEquals(6, lines);
    assertEquals(uses(1, 0, 4, 0, 1), sink.lines);
  }

  @Test
  void topLevelScalarSkipped() throws IOException {
    long lines = readReporting("{\n \"a\": 1\n}\n\n42\n\n");

    assertEquals(6, lines);
    assertEquals(uses(3, 0, 1, 2, 0), sink.lines);
  }

  @Test
  void blankLinesInsideRecordCountAsRecord() throws IOException {
    StringBuilder text = new StringBuilder("[\n\n{\"a\": [");
    for (int i = 0; i < 1000; i++) {
      text.append(i).append(",\n\n");
    }
    text.append("1]}\n\n]\n");

    long lines = readReporting(text.toString());

    assertEquals(2005, lines);
    assertEquals(uses(2001, 0, 0, 2, 2), sink.lines);
  }
}

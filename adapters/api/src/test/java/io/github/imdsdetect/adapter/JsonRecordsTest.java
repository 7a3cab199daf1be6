package io.github.imdsdetect.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
}

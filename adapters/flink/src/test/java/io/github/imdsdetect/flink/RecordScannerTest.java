package io.github.imdsdetect.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.stream.RecordScanner;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scans single records without Flink. */
class RecordScannerTest {
  private static final String CURL_RECORD =
      "{\"process\":{\"name\":\"curl\",\"command_line\":"
          + "\"curl http://169.254.169.254/latest/meta-data/\"}}";

  private final List<String> found = new ArrayList<>();
  private final RecordScanner.FindingListener listener =
      (finding, event, line) -> found.add(finding.ruleId() + "@" + line);

  private static RecordScanner ecsScanner(ParseLimits limits) {
    return new RecordScanner(
        RecordScanner.loadParser("ecs", RecordScannerTest.class.getClassLoader()),
        Detector.create(RuleSet.defaults()), limits);
  }

  @Test
  void findingLineIsRecordLine() {
    RecordScanner scanner = ecsScanner(ParseLimits.DEFAULTS);

    scanner.scan(CURL_RECORD, "file.ndjson", 40, listener);

    assertFalse(scanner.skipped());
    assertEquals(1, scanner.events());
    assertTrue(scanner.findings() > 0);
    assertEquals(scanner.findings(), found.size());
    assertTrue(found.contains("imds.cmdline.endpoint@40"), found.toString());
    assertEquals("file.ndjson", scanner.source());
  }

  @Test
  void unknownRecordLineGivesLineInRecord() {
    RecordScanner scanner = ecsScanner(ParseLimits.DEFAULTS);

    scanner.scan(CURL_RECORD, "topic", 0, listener);

    assertTrue(found.contains("imds.cmdline.endpoint@1"), found.toString());
  }

  @Test
  void blankAndNullRecordsAreSkipped() {
    RecordScanner scanner = ecsScanner(ParseLimits.DEFAULTS);

    scanner.scan(" \t", "topic", 7, listener);
    assertTrue(scanner.skipped());
    assertEquals("empty record", scanner.skipReason());
    assertEquals(7, scanner.skipLine());

    scanner.scan(null, "topic", 0, listener);
    assertTrue(scanner.skipped());
    assertEquals("empty record", scanner.skipReason());
    assertEquals(1, scanner.skipLine());
    assertEquals(0, scanner.events());
  }

  @Test
  void longRecordIsSkippedUnparsed() {
    RecordScanner scanner = ecsScanner(new ParseLimits(100, 1000, 10, 100));
    String record = "{\"message\":\"" + "é".repeat(60) + "\"}";

    scanner.scan(record, "topic", 3, listener);

    assertTrue(scanner.skipped());
    assertEquals("record of 134 bytes exceeds the limit of 100 bytes", scanner.skipReason());
    assertEquals(3, scanner.skipLine());
    assertEquals(0, scanner.events());
  }

  @Test
  void countsResetForEachRecord() {
    RecordScanner scanner = ecsScanner(ParseLimits.DEFAULTS);

    scanner.scan("not json", "topic", 1, listener);
    assertTrue(scanner.skipped());
    scanner.scan(CURL_RECORD, "topic", 2, listener);

    assertFalse(scanner.skipped());
    assertNull(scanner.skipReason());
    assertEquals(0, scanner.skipLine());
    assertEquals(1, scanner.events());
  }

  @Test
  void partlyMalformedRecordKeepsEvents() {
    RecordScanner scanner = ecsScanner(ParseLimits.DEFAULTS);

    scanner.scan("[" + CURL_RECORD + ", 5, \"x\"]", "topic", 0, listener);

    assertEquals(1, scanner.events());
    assertTrue(scanner.findings() > 0);
    assertTrue(scanner.skipped());
    assertEquals(
        "array element is not a JSON object: found a number (and 1 more problem in the record)",
        scanner.skipReason());
  }

  @Test
  void parserFailureBecomesSkip() {
    EventParser failing =
        new EventParser() {
          @Override
          public String format() {
            return "failing";
          }

          @Override
          public int sniff(String head) {
            return 0;
          }

          @Override
          public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink) {
            throw new IllegalStateException("parser bug");
          }
        };
    RecordScanner scanner =
        new RecordScanner(failing, Detector.create(RuleSet.defaults()), ParseLimits.DEFAULTS);

    scanner.scan("{}", "topic", 5, listener);

    assertTrue(scanner.skipped());
    assertEquals(
        "internal error while scanning the record: java.lang.IllegalStateException: parser bug",
        scanner.skipReason());
    assertEquals(5, scanner.skipLine());
  }
}

package io.github.imdsdetect.qradar;

import static io.github.imdsdetect.qradar.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Quoting, column counts, absent values and malformed input for QradarCsvParser. */
class QradarCsvParserTest {
  private static final String HEADER =
      "EventTime,sourceip,destinationip,username,EventName,Category,processname,CommandLine,"
          + "LogSource,magnitude";
  private static final String CURL_ROW =
      "2026-11-30 09:14:02,10.0.1.23,10.0.1.23,ec2-user,Process Created,Process Creation Success,"
          + "curl,curl http://169.254.169.254/latest/meta-data/,Linux OS @ ip-10-0-1-23,6";

  private final QradarCsvParser parser = new QradarCsvParser();

  private RecordingSink parse(String text) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
  }

  private RecordingSink parse(byte[] bytes, ParseLimits limits) throws IOException {
    RecordingSink sink = new RecordingSink();
    parser.parse(new ByteArrayInputStream(bytes), "export.csv", limits, sink);
    return sink;
  }

  @Test
  void referenceColumnsMap() throws IOException {
    RecordingSink sink = parse(HEADER + "\n" + CURL_ROW + "\n");

    assertEquals(List.of(2L), sink.eventLines());
    assertEquals(
        Map.of(
            "@timestamp", "2026-11-30 09:14:02",
            "destination.address", "10.0.1.23",
            "user.name", "ec2-user",
            "process.name", "curl",
            "process.command_line", "curl http://169.254.169.254/latest/meta-data/"),
        fields(sink.events.get(0)));
  }

  @Test
  void displayNameColumnsMap() throws IOException {
    String csv =
        "\"Event Name\",\"Log Source\",\"Start Time\",\"Low Level Category\",\"Source IP\","
            + "\"Destination IP\",\"Destination Port\",\"Username\",\"Magnitude\",\"Process Name\","
            + "\"Process Path\",\"Command\",\"Log Source Identifier\"\r\n"
            + "\"Network Connection Detected\",\"Linux OS @ web-1\",\"Nov 30, 2026, 9:15:00 AM\","
            + "\"Connection Opened\",\"10.0.1.23\",\"169.254.169.254\",\"80\",\"root\",\"4\","
            + "\"amazon-ssm-agent\",\"/usr/bin/amazon-ssm-agent\",\"\",\"web-1\"\r\n";
    RecordingSink sink = parse(csv);

    assertEquals(
        Map.of(
            "@timestamp", "Nov 30, 2026, 9:15:00 AM",
            "host.name", "web-1",
            "destination.address", "169.254.169.254",
            "destination.port", "80",
            "user.name", "root",
            "process.name", "amazon-ssm-agent",
            "process.executable", "/usr/bin/amazon-ssm-agent"),
        fields(sink.events.get(0)));
  }

  @Test
  void headerNamesMatchTrimmedAndWithoutCase() throws IOException {
    RecordingSink sink =
        parse(" PROCESSNAME , commandline ,STARTTIME\ncurl,curl x,1764494042311\n");

    SimpleEvent event = sink.events.get(0);
    assertEquals("curl", event.processName());
    assertEquals("curl x", event.commandLine());
    assertEquals("1764494042311", event.time());
  }

  @Test
  void quotedFieldsKeepSpecialCharacters() throws IOException {
    String csv =
        "processname,CommandLine,username\n"
            + "ps,\"ps -eo pid,comm,args\",root\n"
            + "curl,\"curl -H \"\"Metadata: true\"\" http://169.254.169.254/\",root\n"
            + "sh,\"sh -c \"\"set -e\n\napt-get update\"\"\",root\n"
            + "bash,bash,root\n";
    RecordingSink sink = parse(csv);

    assertEquals(List.of(2L, 3L, 4L, 7L), sink.eventLines());
    assertEquals("ps -eo pid,comm,args", sink.events.get(0).commandLine());
    assertEquals(
        "curl -H \"Metadata: true\" http://169.254.169.254/", sink.events.get(1).commandLine());
    assertEquals("sh -c \"set -e\n\napt-get update\"", sink.events.get(2).commandLine());
    assertEquals("root", sink.events.get(2).user());
    assertEquals("bash", sink.events.get(3).processName());
  }

  @Test
  void wrongColumnCountsAreSkipped() throws IOException {
    String csv =
        HEADER + "\n"
            + CURL_ROW + ",extra\n"
            + "2026-11-30 09:14:02,10.0.1.23\n"
            + CURL_ROW + "\n"
            + "\"unterminated,\"x\"\n";
    RecordingSink sink = parse(csv);

    assertEquals(List.of(4L), sink.eventLines());
    assertEquals(
        List.of(
            new RecordingSink.Notice(2, "expected 10 columns, found 11"),
            new RecordingSink.Notice(3, "expected 10 columns, found 2"),
            new RecordingSink.Notice(5, "expected 10 columns, found 1")),
        sink.skipped);
  }

  @Test
  void emptyFieldsAbsentNotApplicableKept() throws IOException {
    String csv = HEADER + "\n2026-11-30 09:44:30,10.0.1.23,169.254.169.254,N/A,,,,,,\n";
    RecordingSink sink = parse(csv);

    SimpleEvent event = sink.events.get(0);
    assertNull(event.processName());
    assertNull(event.commandLine());
    assertNull(event.host());
    assertEquals("N/A", event.user());
    assertEquals(
        Map.of(
            "@timestamp", "2026-11-30 09:44:30",
            "destination.address", "169.254.169.254",
            "user.name", "N/A"),
        fields(event));
  }

  @Test
  void byteOrderMarkAndCrlfAreHandled() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bytes.write((HEADER + "\r\n" + CURL_ROW + "\r\n").getBytes(StandardCharsets.UTF_8));
    RecordingSink sink = parse(bytes.toByteArray(), ParseLimits.DEFAULTS);

    assertEquals(List.of(2L), sink.eventLines());
    SimpleEvent event = sink.events.get(0);
    assertEquals("2026-11-30 09:14:02", event.time());
    assertEquals("curl", event.processName());
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void headerOnlyFileHasNoEvents() throws IOException {
    RecordingSink sink = new RecordingSink();
    long lines =
        parser.parse(
            new ByteArrayInputStream((HEADER + "\r\n").getBytes(StandardCharsets.UTF_8)),
            "header.csv",
            ParseLimits.DEFAULTS,
            sink);

    assertEquals(1, lines);
    assertEquals(List.of(), sink.events);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void emptyFileHasNoLines() throws IOException {
    RecordingSink sink = new RecordingSink();
    long lines =
        parser.parse(
            new ByteArrayInputStream(new byte[0]), "empty.csv", ParseLimits.DEFAULTS, sink);

    assertEquals(0, lines);
    assertEquals(List.of(), sink.events);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void blankLinesBetweenRowsAreSkipped() throws IOException {
    RecordingSink sink = parse("\n" + HEADER + "\n\n" + CURL_ROW + "\n\n");

    assertEquals(List.of(4L), sink.eventLines());
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void unterminatedQuoteAtEndIsSkipped() throws IOException {
    RecordingSink sink = parse(HEADER + "\n" + CURL_ROW + "\n" + "a,\"b\nc\n");

    assertEquals(List.of(2L), sink.eventLines());
    // Only the line with the stray quote is given up; line 4 is read again as a row.
    assertEquals(
        List.of(
            new RecordingSink.Notice(
                3,
                "unterminated quoted field: no closing quote before the end of the input; line 3"
                    + " skipped, reading again from line 4"),
            new RecordingSink.Notice(4, "expected 10 columns, found 1")),
        sink.skipped);
  }

  @Test
  void strayQuoteBeforeQuotedRowCostsOneRow() throws IOException {
    String quotedRow =
        CURL_ROW.replace("curl http", "\"curl http").replace("/,Linux", "/\",Linux");
    String strayRow = CURL_ROW.replace("curl http", "\"curl http");
    RecordingSink sink = parse(HEADER + "\n" + quotedRow + "\n" + strayRow + "\n" + quotedRow
        + "\n" + quotedRow + "\n");

    // Line 4's first quote would close line 3's stray one; the rows must stay apart.
    assertEquals(List.of(2L, 4L, 5L), sink.eventLines());
    assertEquals(List.of(3L), sink.skippedLines());
    assertTrue(sink.skipped.get(0).text().startsWith("quoted field closed on line 4 by a quote"
        + " followed by text"), sink.skipped.toString());
  }

  @Test
  void strayQuoteCostsOneRow() throws IOException {
    StringBuilder csv = new StringBuilder(HEADER + "\n");
    csv.append(CURL_ROW.replace("curl http", "\"curl http")).append('\n');
    for (int i = 0; i < 3_000; i++) {
      csv.append(CURL_ROW).append('\n');
    }

    RecordingSink sink = parse(csv.toString());

    assertEquals(3_000, sink.events.size());
    assertEquals(List.of(2L), sink.skippedLines());
    assertEquals(3L, sink.eventLines().get(0));
    assertEquals(3_002L, sink.lines.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void overlongRecordSkipped() throws IOException {
    ParseLimits limits = new ParseLimits(64, 1 << 16, 16, 4096);
    StringBuilder csv = new StringBuilder("processname,CommandLine\n");
    csv.append("curl,\"");
    for (int i = 0; i < 5; i++) {
      csv.append("a line of the never-closed quoted field\n");
    }
    csv.append("\nbash,bash\n");
    RecordingSink sink = parse(csv.toString().getBytes(StandardCharsets.UTF_8), limits);

    // Reading resumes on line 3, inside the unclosed field, so lines 3-6 are one-column rows.
    assertEquals(
        List.of(
            new RecordingSink.Notice(
                2,
                "quoted field not closed within 64 bytes or 1000 lines, so its closing quote is"
                    + " probably missing; line 2 skipped, reading again from line 3"),
            new RecordingSink.Notice(3, "expected 2 columns, found 1"),
            new RecordingSink.Notice(4, "expected 2 columns, found 1"),
            new RecordingSink.Notice(5, "expected 2 columns, found 1"),
            new RecordingSink.Notice(6, "expected 2 columns, found 1")),
        sink.skipped);
    assertEquals(List.of(8L), sink.eventLines());
    assertEquals("bash", sink.events.get(0).processName());
  }

  @Test
  void tenMegabyteLineSkipped() throws IOException {
    ParseLimits limits = new ParseLimits(4096, 1 << 16, 16, 4096);
    byte[] huge = new byte[10 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'a');
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write((HEADER + "\n" + CURL_ROW + "\n").getBytes(StandardCharsets.UTF_8));
    input.write(huge);
    input.write(("\n" + CURL_ROW + "\n").getBytes(StandardCharsets.UTF_8));
    RecordingSink sink = parse(input.toByteArray(), limits);

    assertEquals(List.of(2L, 4L), sink.eventLines());
    assertEquals(
        List.of(
            new RecordingSink.Notice(
                3, "line of " + huge.length + " bytes exceeds the limit of 4096 bytes")),
        sink.skipped);
    assertEquals(List.of(new RecordingSink.Notice(3, "line " + huge.length)), sink.truncated);
  }

  @Test
  void longFieldIsCutToFieldLimit() throws IOException {
    // The cap applies to header names too, so it must stay above "processname".
    ParseLimits limits = new ParseLimits(1 << 20, 12, 16, 4096);
    byte[] csv =
        "processname,CommandLine\ncurl,0123456789abcdef\n".getBytes(StandardCharsets.UTF_8);
    RecordingSink sink = parse(csv, limits);

    assertEquals("0123456789ab", sink.events.get(0).commandLine());
    assertEquals(List.of(new RecordingSink.Notice(2, "column 2 16")), sink.truncated);
  }

  @Test
  void binaryGarbageInputNeverThrows() throws IOException {
    Random random = new Random(1552005);
    for (int round = 0; round < 200; round++) {
      byte[] garbage = new byte[random.nextInt(4096)];
      random.nextBytes(garbage);
      ByteArrayOutputStream input = new ByteArrayOutputStream();
      input.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
      input.write(garbage);
      input.write(("\n" + CURL_ROW + "\n").getBytes(StandardCharsets.UTF_8));
      RecordingSink sink = new RecordingSink();
      long lines =
          parser.parse(
              new ByteArrayInputStream(input.toByteArray()), "garbage", ParseLimits.DEFAULTS, sink);

      for (long line : sink.skippedLines()) {
        assertTrue(line >= 2, "line " + line);
        assertTrue(line <= lines, "line " + line + " of " + lines);
      }
      for (long line : sink.eventLines()) {
        assertTrue(line >= 2, "line " + line);
        assertTrue(line <= lines, "line " + line + " of " + lines);
      }
    }
  }

  @Test
  void sniffCountsKnownHeaderNames() {
    assertEquals(90, parser.sniff(HEADER + "\r\n" + CURL_ROW));
    assertEquals(90, parser.sniff("\uFEFF\"Event Name\",\"Source IP\",\"Destination IP\"\n"));
    assertEquals(60, parser.sniff("processname,CommandLine,foo\n"));
    assertEquals(0, parser.sniff("name,value\n"));
    assertEquals(0, parser.sniff("{\"events\":[{\"processname\":\"curl\"}]}"));
    assertEquals(0, parser.sniff(""));
  }

  @Test
  void headerAndMultiLineRowLinesCounted() throws IOException {
    String quotedRow =
        CURL_ROW.replace("curl http", "\"curl\nhttp").replace("/,Linux", "/\",Linux");
    RecordingSink sink = parse(HEADER + "\n" + quotedRow + "\n\n" + "a,b\n" + "\"open,\nquote\n");

    assertEquals(List.of(2L), sink.eventLines());
    // The stray quote on line 6 costs that line; line 7 is read again as a one-column row.
    assertEquals(List.of(5L, 6L, 7L), sink.skippedLines());
    assertEquals(
        Map.of(LineUse.HEADER, 1L, LineUse.EVENT, 2L, LineUse.BLANK, 1L, LineUse.SKIPPED, 3L),
        sink.lines);
  }
}

package io.github.imdsdetect.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.imdsdetect.adapter.EventParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Fixed worst cases for every discovered parser: empty and enormous inputs, deep nesting, long
 * lines, binary data, broken encodings and UTF-16. Random generation reaches these only by
 * luck, so they are listed here. Each input gets the checks of {@link ParseChecks}.
 *
 * <p>The recovery tests put one hostile line between two copies of a sample's first lines, or
 * start the sample in the middle of its first line, and check that the records after the damage
 * are still read: a bad line must cost that line only.
 */
class ExtremeInputTest {
  private static final int MIB = 1 << 20;
  private static final int RECOVERY_SAMPLE_LINES = 30;

  @TestFactory
  Stream<DynamicNode> parserSurvivesExtremeInputs() {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Map.Entry<String, EventParser> entry : Parsers.discovered().entrySet()) {
      String format = entry.getKey();
      EventParser parser = entry.getValue();
      List<DynamicNode> tests = new ArrayList<>();
      for (FuzzInput input : extremeInputs(format)) {
        tests.add(
            dynamicTest(
                input.description(),
                () ->
                    ParseChecks.check(
                        parser,
                        input,
                        Parsers.SMALL_LIMITS,
                        Accounting.forArbitraryInput(format))));
      }
      nodes.add(dynamicContainer(format, tests));
    }
    return nodes.stream();
  }

  @TestFactory
  Stream<DynamicNode> parserRecoversAfterHostileLine() {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Map.Entry<String, EventParser> entry : Parsers.discovered().entrySet()) {
      EventParser parser = entry.getValue();
      List<DynamicNode> tests = new ArrayList<>();
      for (Sample sample : Sample.of(entry.getKey())) {
        if (sample.accounting() == Accounting.NONE) {
          continue;
        }
        for (FuzzInput hostile : hostileLines()) {
          tests.add(
              dynamicTest(
                  sample.name() + " with " + hostile.description(),
                  () -> checkRecovery(parser, sample, hostile)));
        }
        if (!sample.format().equals("qradar-csv")) {
          tests.add(
              dynamicTest(
                  sample.name() + " starting in the middle of a line",
                  () -> checkStartInMiddleOfLine(parser, sample)));
        }
      }
      nodes.add(dynamicContainer(entry.getKey(), tests));
    }
    return nodes.stream();
  }

  /**
   * Parses the head of {@code sample} alone, then twice with {@code hostile} as a line between
   * the copies. One-record-per-line formats must deliver at least twice the events of one copy.
   * Auditd may merge the second copy's records into the first copy's events, because they have
   * the same serial numbers, so there the check is that no event of the first copy is lost.
   */
  private static void checkRecovery(EventParser parser, Sample sample, FuzzInput hostile) {
    byte[] head = head(sample.oneRecordPerLine(), RECOVERY_SAMPLE_LINES);
    FuzzInput alone = new FuzzInput(sample.name() + " (first lines)", head);
    long eventsAlone =
        ParseChecks.check(parser, alone, Parsers.SMALL_LIMITS, sample.accounting())
            .sink()
            .events();

    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    joined.writeBytes(withLineFeed(head));
    joined.writeBytes(hostile.bytes());
    joined.write('\n');
    joined.writeBytes(head);
    FuzzInput input =
        new FuzzInput(
            sample.name() + " (first lines) twice with " + hostile.description() + " between",
            joined.toByteArray());
    long events =
        ParseChecks.check(parser, input, Parsers.SMALL_LIMITS, sample.accounting())
            .sink()
            .events();

    long expected = sample.accounting() == Accounting.LINES ? 2 * eventsAlone : eventsAlone;
    assertTrue(
        events >= expected,
        () -> "parser " + parser.format() + " delivered " + events + " events from " + input
            + "; expected at least " + expected + ", because one copy alone gives "
            + eventsAlone + ". Input saved as " + input.save(parser.format()));
  }

  /**
   * Parses the head of {@code sample} without the first half of its first line, as a file cut
   * by log rotation, {@code tail -c} or a shipper that resumed mid-line starts. Only the cut
   * line's record may be lost, so at least the events of the whole head minus one must remain.
   * CSV is left out, because its first line is the header that names every column.
   */
  private static void checkStartInMiddleOfLine(EventParser parser, Sample sample) {
    byte[] head = head(sample.oneRecordPerLine(), RECOVERY_SAMPLE_LINES);
    FuzzInput whole = new FuzzInput(sample.name() + " (first lines)", head);
    long eventsWhole =
        ParseChecks.check(parser, whole, Parsers.SMALL_LIMITS, sample.accounting())
            .sink()
            .events();
    int firstLineEnd = 0;
    while (firstLineEnd < head.length && head[firstLineEnd] != '\n') {
      firstLineEnd++;
    }
    byte[] cut = Arrays.copyOfRange(head, firstLineEnd / 2, head.length);
    FuzzInput input =
        new FuzzInput(sample.name() + " (first lines) from the middle of line 1", cut);
    long events =
        ParseChecks.check(parser, input, Parsers.SMALL_LIMITS, sample.accounting())
            .sink()
            .events();
    long expected = eventsWhole - 1;
    assertTrue(
        events >= expected,
        () -> "parser " + parser.format() + " delivered " + events + " events from " + input
            + "; expected at least " + expected + ", because the uncut lines give "
            + eventsWhole + " and the cut can cost one record. Input saved as "
            + input.save(parser.format()));
  }

  /** Returns single lines, without a line feed, that no parser can read. */
  static List<FuzzInput> hostileLines() {
    return List.of(
        new FuzzInput("1 MiB line of A", repeat("A", MIB)),
        new FuzzInput("10,000 nested JSON objects", repeat("{\"a\":", 10_000)),
        new FuzzInput("10,000 nested JSON arrays", repeat("[", 10_000)),
        new FuzzInput("NUL bytes", new byte[5_000]),
        new FuzzInput(
            "invalid UTF-8",
            Payloads.bytes(0xC0, 0x80, 0xED, 0xA0, 0x80, 0xFF, 0xFE, 0xF4, 0x90, 0x80, 0x80)),
        new FuzzInput(
            "4,097 spaces and then text", concat(repeat(" ", 4_097), ascii("type=x {\"a\":1}"))));
  }

  /** Returns the fixed inputs for {@code format}, including UTF-16 copies of its first sample. */
  static List<FuzzInput> extremeInputs(String format) {
    List<FuzzInput> inputs = new ArrayList<>();
    inputs.add(new FuzzInput("empty input", new byte[0]));
    inputs.add(new FuzzInput("10,000 line feeds", repeat("\n", 10_000)));
    inputs.add(new FuzzInput("100,000 carriage returns", repeat("\r", 100_000)));
    inputs.add(new FuzzInput("10,000 CRLF", repeat("\r\n", 10_000)));
    inputs.add(new FuzzInput("50,000 one-char lines", repeat("x\n", 50_000)));
    inputs.add(new FuzzInput("100,000 NUL bytes", new byte[100_000]));
    inputs.add(new FuzzInput("100,000 0xFF bytes", filled(100_000, 0xFF)));

    inputs.add(new FuzzInput("10,000 [", repeat("[", 10_000)));
    inputs.add(new FuzzInput("10,000 {\"a\":", repeat("{\"a\":", 10_000)));
    inputs.add(
        new FuzzInput("[ then 10,000 {\"a\":", concat(ascii("[\n"), repeat("{\"a\":", 10_000))));
    inputs.add(new FuzzInput("10,000 <a>", repeat("<a>", 10_000)));
    inputs.add(
        new FuzzInput("<Event> then 10,000 <a>", concat(ascii("<Event>"), repeat("<a>", 10_000))));

    inputs.add(new FuzzInput("1 MiB line without line feed", repeat("A", MIB)));
    inputs.add(new FuzzInput("1 MiB line with line feed", concat(repeat("A", MIB), ascii("\n"))));
    inputs.add(
        new FuzzInput(
            "JSON record with a 1 MiB string",
            concat(
                ascii("{\"@timestamp\":\"2026-11-30T09:14:02Z\",\"process\":{\"command_line\":\""),
                repeat("curl http://169.254.169.254/ ", MIB / 29),
                ascii("\"}}\n"))));
    inputs.add(
        new FuzzInput(
            "4,097 spaces then a record",
            concat(
                repeat(" ", 4_097),
                ascii("{\"@timestamp\":\"2026-11-30T09:14:02Z\",\"process\":{\"name\":\"curl\"}}\n"))));

    inputs.add(
        new FuzzInput(
            "JSON record with lone surrogate escapes",
            ascii(
                "{\"@timestamp\":\"2026-11-30T09:14:02Z\",\"process\":{\"name\":\"curl\\uD800\","
                    + "\"command_line\":\"\\uDFFFcurl http://169.254.169.254/\\uD800\"}}\n")));
    inputs.add(
        new FuzzInput(
            "JSON record with CESU-8 surrogates",
            concat(
                ascii("{\"@timestamp\":\"2026-11-30T09:14:02Z\",\"process\":{\"command_line\":\"curl "),
                Payloads.bytes(0xED, 0xA0, 0x80),
                ascii(" http://169.254.169.254/\"}}\n"))));
    inputs.add(
        new FuzzInput(
            "auditd EXECVE with broken hex",
            ascii(
                "type=EXECVE msg=audit(1710254041.337:20): argc=3 a0=6375726 a1=ZZ a2=\n"
                    + "type=PROCTITLE msg=audit(1710254041.337:20): proctitle=6375726C00ZZ0\n")));
    inputs.add(
        new FuzzInput(
            "auditd EXECVE with huge argc and a1_len",
            ascii(
                "type=EXECVE msg=audit(1710254041.337:21): argc=2147483647 a0=\"curl\""
                    + " a1_len=2147483647 a1[0]=41 a1[2147483646]=42\n")));

    List<Sample> samples = Sample.of(format);
    if (!samples.isEmpty()) {
      byte[] sample = head(samples.get(0).bytes(), RECOVERY_SAMPLE_LINES);
      inputs.add(
          utf16("UTF-16LE with byte order mark", sample, StandardCharsets.UTF_16LE, 0xFF, 0xFE));
      inputs.add(
          utf16("UTF-16BE with byte order mark", sample, StandardCharsets.UTF_16BE, 0xFE, 0xFF));
      byte[] carriageReturns =
          new String(sample, StandardCharsets.UTF_8)
              .replace("\n", "\r")
              .getBytes(StandardCharsets.UTF_8);
      inputs.add(new FuzzInput("first sample with CR line ends", carriageReturns));
      byte[] bomAndStart =
          concat(Payloads.bytes(0xFF, 0xFE), Arrays.copyOf(sample, Math.min(7, sample.length)));
      inputs.add(new FuzzInput("UTF-16LE byte order mark then 7 bytes of UTF-8", bomAndStart));
    }
    return inputs;
  }

  private static FuzzInput utf16(String name, byte[] sample, Charset charset, int... bom) {
    byte[] text = new String(sample, StandardCharsets.UTF_8).getBytes(charset);
    return new FuzzInput(name, concat(Payloads.bytes(bom), text));
  }

  /** Returns the first {@code lines} lines of {@code bytes}, each with its line end. */
  static byte[] head(byte[] bytes, int lines) {
    int count = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && ++count == lines) {
        return Arrays.copyOf(bytes, i + 1);
      }
    }
    return bytes;
  }

  private static byte[] withLineFeed(byte[] bytes) {
    if (bytes.length > 0 && bytes[bytes.length - 1] == '\n') {
      return bytes;
    }
    return concat(bytes, ascii("\n"));
  }

  static byte[] repeat(String unit, int times) {
    return unit.repeat(times).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}

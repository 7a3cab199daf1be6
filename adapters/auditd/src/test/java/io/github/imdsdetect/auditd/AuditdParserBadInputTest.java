package io.github.imdsdetect.auditd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Feeds the parser damaged and hostile input, which it must report without throwing. */
class AuditdParserBadInputTest {
  private static final String CONNECT =
      "type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=42 success=yes exit=0"
          + " ppid=1 pid=300 auid=1000 uid=1000 comm=\"curl\" exe=\"/usr/bin/curl\"";
  private static final String SOCKADDR =
      "type=SOCKADDR msg=audit(1700000000.100:10): saddr=02000050A9FEA9FE0000000000000000";

  private static RecordingSink parse(String text, ParseLimits limits) throws IOException {
    return parse(text.getBytes(StandardCharsets.UTF_8), limits);
  }

  private static RecordingSink parse(byte[] bytes, ParseLimits limits) throws IOException {
    RecordingSink sink = new RecordingSink();
    new AuditdParser().parse(new ByteArrayInputStream(bytes), "test.log", limits, sink);
    return sink;
  }

  private static RecordingSink parse(String text) throws IOException {
    return parse(text, ParseLimits.DEFAULTS);
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  private static void assertReason(RecordingSink sink, int index, long line, String fragment) {
    RecordingSink.Skipped skipped = sink.skipped.get(index);
    assertEquals(line, skipped.line(), "line of " + skipped);
    assertTrue(skipped.reason().contains(fragment), "reason: " + skipped.reason());
  }

  @Test
  void truncatedHeaderIsSkipped() throws IOException {
    RecordingSink sink = parse(CONNECT + "\ntype=SYSCALL msg=audit(1492037289.2\n" + SOCKADDR);

    assertEquals(1, sink.skipped.size());
    assertReason(sink, 0, 2, "truncated record");
    assertEquals(1, sink.events.size());
    assertEquals("169.254.169.254", text(sink.eventAt(1).destinationAddress()));
  }

  @Test
  void headerErrorsNameTheirCause() throws IOException {
    RecordingSink sink =
        parse(
            String.join(
                "\n",
                "just some text",
                "type=SYSCALL pid=3",
                "type=SYSCALL msg=audit(abc:1): pid=3",
                "type=SYSCALL msg=audit(1700000000.100): pid=3",
                "type=SYSCALL msg=audit(1700000000.100:12 pid=3",
                "type= msg=audit(1700000000.100:12): pid=3",
                "type=SYSCALL msg=audit(999999999999.100:12): pid=3"));

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), sink.skippedLines());
    assertReason(sink, 0, 1, "no type= field");
    assertReason(sink, 1, 2, "no msg=audit(...) after type=SYSCALL");
    assertReason(sink, 2, 3, "no seconds");
    assertReason(sink, 3, 4, "no ':' before the serial number");
    assertReason(sink, 4, 5, "no ')' after the serial number");
    assertReason(sink, 5, 6, "empty record type");
    assertReason(sink, 6, 7, "after the year 9999");
    assertTrue(sink.events.isEmpty());
  }

  @Test
  void oddLengthHexExeSkipsOnlyThatRecord() throws IOException {
    String badExe = CONNECT.replace("exe=\"/usr/bin/curl\"", "exe=2F7573722F62696E2F6375726");
    RecordingSink sink = parse(badExe + "\n" + SOCKADDR + "\n");

    assertEquals(1, sink.skipped.size());
    assertReason(sink, 0, 1, "odd-length hex in field exe: 25 digits");
    SimpleEvent event = sink.eventAt(2);
    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertNull(event.processExecutable());
  }

  @Test
  void invalidHexInArgumentsAndSaddr() throws IOException {
    RecordingSink sink =
        parse(
            String.join(
                "\n",
                "type=EXECVE msg=audit(1700000000.100:11): argc=2 a0=\"curl\" a1=6874747",
                "type=EXECVE msg=audit(1700000000.100:12): argc=2 a0=\"curl\" a1=68XY",
                "type=SOCKADDR msg=audit(1700000000.100:13): saddr=02000050A9FEA9F",
                "type=SOCKADDR msg=audit(1700000000.100:14): saddr=020000",
                "type=SOCKADDR msg=audit(1700000000.100:15): saddr=0A000050000000000000"));

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sink.skippedLines());
    assertReason(sink, 0, 1, "odd-length hex in field a1");
    assertReason(sink, 1, 2, "invalid hex in field a1");
    assertReason(sink, 2, 3, "odd-length hex in field saddr");
    assertReason(sink, 3, 4, "AF_INET socket address in saddr is 3 bytes, expected at least 8");
    assertReason(sink, 4, 5, "AF_INET6 socket address in saddr is 10 bytes, expected at least 24");
    assertTrue(sink.events.isEmpty());
  }

  @Test
  void unterminatedQuoteIsSkipped() throws IOException {
    String unterminated = CONNECT.replace("exe=\"/usr/bin/curl\"", "exe=\"/usr/bin/curl");

    RecordingSink sink = parse(unterminated + "\n");

    assertEquals(1, sink.skipped.size());
    assertReason(sink, 0, 1, "unterminated double-quoted value of field exe");
  }

  @Test
  void invalidUtf8IsReplacedNotSkipped() throws IOException {
    int split = CONNECT.indexOf("rl\" exe=");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(CONNECT.substring(0, split).getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
    bytes.writeBytes((CONNECT.substring(split) + "\n").getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xa0, '\n'});

    RecordingSink sink = parse(bytes.toByteArray(), ParseLimits.DEFAULTS);

    assertEquals("cu\uFFFD\uFFFDrl", text(sink.eventAt(1).processName()));
    assertEquals(1, sink.skipped.size());
    assertReason(sink, 0, 2, "no type= field");
  }

  @Test
  void tenMegabyteLineIsCut() throws IOException {
    int hexDigits = 10 * 1024 * 1024;
    String head = "type=EXECVE msg=audit(1700000000.100:20): argc=2 a0=\"curl\" a1=";
    InputStream in =
        new SequenceInputStream(
            new SequenceInputStream(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII)),
                new RepeatingInputStream((byte) '4', (byte) '1', hexDigits)),
            new ByteArrayInputStream(("\n" + SOCKADDR + "\n").getBytes(StandardCharsets.US_ASCII)));
    ParseLimits limits = new ParseLimits(4096, 1024, 16, 4096);
    RecordingSink sink = new RecordingSink();

    long lines = new AuditdParser().parse(in, "big.log", limits, sink);

    assertEquals(2, lines);
    assertEquals(
        new RecordingSink.Truncated(1, "line", head.length() + hexDigits), sink.truncated.get(0));
    assertEquals("process.command_line", sink.truncated.get(1).what());
    assertEquals(2, sink.truncated.size());
    assertTrue(sink.skipped.isEmpty(), "skipped: " + sink.skipped);
    SimpleEvent big = sink.eventAt(1);
    assertEquals(1024, big.commandLine().length());
    assertTrue(text(big.commandLine()).startsWith("curl AAAA"), text(big.commandLine()));
    assertEquals("169.254.169.254", text(sink.eventAt(2).destinationAddress()));
  }

  @Test
  void cutLineKeepsUnterminatedQuotedValue() throws IOException {
    String line = "type=EXECVE msg=audit(1700000000.100:21): argc=2 a0=\"curl\" a1=\"http://169";
    ParseLimits limits = new ParseLimits(line.length(), 1024, 16, 4096);

    RecordingSink sink = parse(line + ".254.169.254/latest/\n", limits);

    assertEquals(1, sink.truncated.size());
    assertEquals(1, sink.truncated.get(0).line());
    assertTrue(sink.skipped.isEmpty(), "skipped: " + sink.skipped);
    assertEquals("curl http://169", text(sink.eventAt(1).commandLine()));
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    RecordingSink sink = new RecordingSink();

    long lines =
        new AuditdParser()
            .parse(new ByteArrayInputStream(new byte[0]), "empty.log", ParseLimits.DEFAULTS, sink);

    assertEquals(0, lines);
    assertTrue(sink.calls.isEmpty(), "calls: " + sink.calls);
  }

  @Test
  void blankLinesAreIgnoredSilently() throws IOException {
    RecordingSink sink = parse("\n   \n\t\n" + CONNECT + "\r\n\r\n" + SOCKADDR + "\n\n");

    assertEquals(List.of("event 4"), sink.calls);
    assertEquals("169.254.169.254", text(sink.eventAt(4).destinationAddress()));
  }

  @Test
  void binaryGarbageNeverThrows() throws IOException {
    byte[] garbage = new byte[256 * 1024];
    new Random(20240312L).nextBytes(garbage);
    ParseLimits limits = new ParseLimits(512, 64, 4, 16);
    RecordingSink sink = new RecordingSink();

    long lines =
        new AuditdParser().parse(new ByteArrayInputStream(garbage), "garbage.bin", limits, sink);

    assertTrue(sink.events.isEmpty(), "events: " + sink.events);
    assertTrue(!sink.skipped.isEmpty(), "garbage lines are reported");
    long previous = 0;
    for (RecordingSink.Skipped skipped : sink.skipped) {
      assertTrue(skipped.line() > previous, "lines out of order at " + skipped.line());
      assertTrue(skipped.line() <= lines, "line after the end: " + skipped.line());
      assertEquals("not an audit record: no type= field", skipped.reason());
      previous = skipped.line();
    }
  }

  @Test
  void fieldCapCutsValues() throws IOException {
    String longExe = "/opt/" + "x".repeat(100);
    String input =
        CONNECT.replace("/usr/bin/curl", longExe)
            + "\ntype=EXECVE msg=audit(1700000000.100:10): argc=3 a0=\"curl\" a1=\"-s\""
            + " a2=\"http://169.254.169.254/latest/meta-data/\"\n";
    ParseLimits limits = new ParseLimits(1 << 16, 20, 16, 4096);

    RecordingSink sink = parse(input, limits);

    SimpleEvent event = sink.eventAt(1);
    assertEquals(longExe.substring(0, 20), text(event.processExecutable()));
    assertEquals("curl -s http://169.2", text(event.commandLine()));
    assertEquals(
        List.of(
            new RecordingSink.Truncated(1, "process.executable", longExe.length()),
            new RecordingSink.Truncated(2, "process.command_line", 48)),
        sink.truncated);
  }

  @Test
  void fieldCountCapIsReported() throws IOException {
    ParseLimits limits = new ParseLimits(1 << 16, 1024, 16, 3);

    String record = "type=EXECVE msg=audit(1700000000.100:10): argc=4 a0=\"a\" a1=\"b\" a2=\"c\"";

    RecordingSink sink = parse(record + "\n", limits);

    assertEquals(List.of(new RecordingSink.Truncated(1, "fields", -1)), sink.truncated);
    assertEquals("a b", text(sink.eventAt(1).commandLine()));
  }

  @Test
  void ausearchSeparatorsAreIgnored() throws IOException {
    RecordingSink sink =
        parse("----\ntime->Tue Nov 14 22:13:20 2023\n" + CONNECT + "\n" + SOCKADDR + "\n");

    assertEquals(
        List.of(
            new RecordingSink.Ignored(1, "ausearch separator line"),
            new RecordingSink.Ignored(2, "ausearch separator line")),
        sink.ignored);
    assertTrue(sink.skipped.isEmpty());
    assertEquals(1, sink.events.size());
  }

  /** Produces {@code count} bytes alternating between two values without holding them. */
  private static final class RepeatingInputStream extends InputStream {
    private final byte first;
    private final byte second;
    private long remaining;

    RepeatingInputStream(byte first, byte second, long count) {
      this.first = first;
      this.second = second;
      this.remaining = count;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      remaining--;
      return remaining % 2 == 1 ? first : second;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining == 0) {
        return -1;
      }
      int count = (int) Math.min(length, remaining);
      for (int i = 0; i < count; i++) {
        buffer[offset + i] = (byte) read();
      }
      return count;
    }
  }
}

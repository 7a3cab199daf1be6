package io.github.imdsdetect.auditd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Property tests: EXECVE arguments survive encoding, and no input makes the parser throw. */
class AuditdParserPropertyTest {
  private static final String EXECVE_HEADER = "type=EXECVE msg=audit(1700000000.123:42): ";

  /** Fragments of audit syntax mixed into random bytes, so that inputs reach the field parser. */
  private static final List<String> FRAGMENTS =
      List.of(
          "type=", "SYSCALL ", "EXECVE ", "SOCKADDR ", "PROCTITLE ", "EOE ", "msg=audit(",
          "1700000000.123", ":42", "): ", "\n", " a0=", " a1[0]=", " a1[1]=", " a1_len=5",
          " argc=2", " saddr=", "0200", "0A00", "0050", "A9FEA9FE", "\"", "'", " msg='", "{",
          "}", "\u001d", "UID=\"root\"", " comm=", " exe=", " uid=0", " proctitle=", "node=n ",
          "----\n", "time->x\n", "4142", "414", " hostname=h", "\r\n", "\u00e9", "\ud83d\ude00");

  /** Arguments such as a shell passes: printable, with spaces and quotes, any Unicode, empty. */
  private static Gen<String> arguments() {
    Gen<String> ascii = strings().betweenCodePoints(1, 0x7f).ofLengthBetween(0, 30);
    Gen<String> printable = strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(0, 60);
    Gen<String> unicode = strings().betweenCodePoints(1, 0x2fff).ofLengthBetween(0, 20);
    Gen<String> emoji = strings().betweenCodePoints(0x1f600, 0x1f64f).ofLengthBetween(1, 4);
    Gen<String> tricky =
        Generate.pick(
            List.of("", "\"", "a b", "(null)", "?", "ABCDEF", "=", "a=b", "'", "{x}", "\u001d",
                "http://169.254.169.254/latest/meta-data/", "Metadata-Flavor: Google"));
    return Generate.oneOf(ascii, printable, unicode, emoji, tricky);
  }

  /**
   * Encodes arguments as Linux {@code audit_log_execve_info} writes them: quoted when every byte
   * is 0x21 to 0x7E and not {@code "}, and hex otherwise. An argument longer than {@code
   * chunkBytes} becomes {@code aN_len=L aN[0]=... aN[1]=...}, always hex when {@code hexWhenSplit}
   * is set, as the kernel does above 7,500 bytes. The fields are spread over records of at most {@code
   * fieldsPerRecord} fields.
   */
  static List<String> encodeExecve(
      List<String> args, int chunkBytes, boolean hexWhenSplit, int fieldsPerRecord) {
    List<String> fields = new ArrayList<>();
    fields.add("argc=" + args.size());
    for (int i = 0; i < args.size(); i++) {
      byte[] bytes = args.get(i).getBytes(StandardCharsets.UTF_8);
      boolean hex = needsHex(bytes);
      if (bytes.length <= chunkBytes) {
        fields.add("a" + i + "=" + encode(bytes, 0, bytes.length, hex));
        continue;
      }
      hex = hex || hexWhenSplit;
      fields.add("a" + i + "_len=" + (hex ? 2 * bytes.length : bytes.length));
      for (int start = 0, chunk = 0; start < bytes.length; start += chunkBytes, chunk++) {
        int end = Math.min(bytes.length, start + chunkBytes);
        fields.add("a" + i + "[" + chunk + "]=" + encode(bytes, start, end, hex));
      }
    }
    List<String> lines = new ArrayList<>();
    for (int start = 0; start < fields.size(); start += fieldsPerRecord) {
      List<String> part = fields.subList(start, Math.min(fields.size(), start + fieldsPerRecord));
      lines.add(EXECVE_HEADER + String.join(" ", part));
    }
    return lines;
  }

  private static boolean needsHex(byte[] bytes) {
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == '"' || c < 0x21 || c > 0x7e) {
        return true;
      }
    }
    return false;
  }

  private static String encode(byte[] bytes, int start, int end, boolean hex) {
    if (hex) {
      return HexFormat.of().withUpperCase().formatHex(bytes, start, end);
    }
    return "\"" + new String(bytes, start, end - start, StandardCharsets.US_ASCII) + "\"";
  }

  /** Decodes EXECVE lines with the parser's own classes, one record at a time. */
  private static List<String> decodeArguments(List<String> lines) {
    ExecveArguments arguments = new ExecveArguments(Integer.MAX_VALUE);
    try {
      for (String line : lines) {
        AuditRecord record = AuditRecord.decode(RecordTokenizer.parse(line, false, 1 << 20));
        record.argumentPieces().forEach(arguments::add);
      }
    } catch (MalformedRecordException e) {
      throw new AssertionError("valid EXECVE record rejected: " + e.getMessage(), e);
    }
    return arguments.arguments();
  }

  private static RecordingSink parse(byte[] input, ParseLimits limits) {
    RecordingSink sink = new RecordingSink();
    try {
      new AuditdParser().parse(new ByteArrayInputStream(input), "generated.log", limits, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink;
  }

  @Test
  void execveArgumentsRoundTrip() {
    qt().forAll(
            lists().of(arguments()).ofSizeBetween(1, 10),
            integers().between(1, 40),
            Generate.booleans(),
            integers().between(1, 8))
        .checkAssert(
            (args, chunkBytes, hexWhenSplit, fieldsPerRecord) -> {
              List<String> lines = encodeExecve(args, chunkBytes, hexWhenSplit, fieldsPerRecord);

              assertEquals(args, decodeArguments(lines), "records: " + lines);
            });
  }

  @Test
  void execveCommandLineThroughParser() {
    qt().forAll(
            lists().of(arguments()).ofSizeBetween(1, 10),
            integers().between(1, 40),
            Generate.booleans(),
            integers().between(1, 8))
        .checkAssert(
            (args, chunkBytes, hexWhenSplit, fieldsPerRecord) -> {
              List<String> lines = encodeExecve(args, chunkBytes, hexWhenSplit, fieldsPerRecord);
              byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);

              RecordingSink sink = parse(input, ParseLimits.DEFAULTS);

              assertTrue(sink.skipped.isEmpty(), "skipped: " + sink.skipped + " in " + lines);
              assertEquals(1, sink.events.size(), "events of " + lines);
              assertEquals(String.join(" ", args), sink.events.get(0).commandLine().toString());
            });
  }

  /** Random bytes and fragments of audit syntax, as a generator of whole inputs. */
  private static Gen<byte[]> inputs() {
    int symbols = 256 + FRAGMENTS.size();
    return lists()
        .of(integers().between(0, symbols - 1))
        .ofSizeBetween(0, 400)
        .map(
            codes -> {
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              for (int code : codes) {
                if (code < 256) {
                  bytes.write(code);
                } else {
                  bytes.writeBytes(FRAGMENTS.get(code - 256).getBytes(StandardCharsets.UTF_8));
                }
              }
              return bytes.toByteArray();
            });
  }

  private static long countLines(byte[] input) {
    long lines = 0;
    for (byte b : input) {
      if (b == '\n') {
        lines++;
      }
    }
    if (input.length > 0 && input[input.length - 1] != '\n') {
      lines++;
    }
    return lines;
  }

  @Test
  void parserNeverThrowsOnArbitraryBytes() {
    qt().forAll(
            inputs(),
            integers().between(1, 200),
            integers().between(1, 50),
            integers().between(1, 5))
        .checkAssert(
            (input, maxLineBytes, maxFieldChars, maxOpenEvents) -> {
              ParseLimits limits = new ParseLimits(maxLineBytes, maxFieldChars, maxOpenEvents, 12);
              RecordingSink sink = new RecordingSink();
              long lines;
              try {
                lines =
                    new AuditdParser()
                        .parse(new ByteArrayInputStream(input), "generated.log", limits, sink);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }

              assertEquals(countLines(input), lines);
              for (RecordingSink.Skipped skipped : sink.skipped) {
                assertTrue(skipped.line() >= 1, "skipped " + skipped);
                assertTrue(skipped.line() <= lines, "skipped " + skipped);
              }
              for (RecordingSink.Truncated truncated : sink.truncated) {
                assertTrue(truncated.line() >= 1, "cut " + truncated);
                assertTrue(truncated.line() <= lines, "cut " + truncated);
              }
              for (SimpleEvent event : sink.events) {
                long origin = event.origin().line();
                assertTrue(origin >= 1, "origin " + origin);
                assertTrue(origin <= lines, "origin " + origin);
                assertWithinCap(event.processName(), maxFieldChars);
                assertWithinCap(event.processExecutable(), maxFieldChars);
                assertWithinCap(event.commandLine(), maxFieldChars);
                assertWithinCap(event.user(), maxFieldChars);
                assertWithinCap(event.host(), maxFieldChars);
              }
            });
  }

  private static void assertWithinCap(CharSequence value, int maxFieldChars) {
    if (value != null) {
      assertTrue(value.length() <= maxFieldChars, "value longer than the cap: " + value);
    }
  }
}

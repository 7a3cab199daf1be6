package io.github.imdsdetect.zeek;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Property tests: no input makes ZeekParser throw, and its reports stay in order and in range. */
class ZeekPropertyTest {
  /** Fragments of Zeek TSV and JSON syntax mixed into random bytes, so inputs reach the mapping. */
  private static final List<String> FRAGMENTS =
      List.of(
          "#separator \\x09\n",
          "#separator ,\n",
          "#set_separator\t,\n",
          "#set_separator\t\n",
          "#empty_field\t(empty)\n",
          "#unset_field\t-\n",
          "#path\tconn\n",
          "#path\tdns\n",
          "#path\thttp\n",
          "#path\tssl\n",
          "#fields\tts\tid.resp_h\tid.resp_p\tquery\tanswers\n",
          "#fields\tts\tid.resp_h\tid.resp_p\tmethod\thost\turi\n",
          "#fields\t\n",
          "#close\tx\n",
          "### BTest baseline\n",
          "XXXXXXXXXX.XXXXXX",
          "\t",
          "-",
          "(empty)",
          "169.254.169.254",
          "80",
          "GET",
          "/latest/meta-data/?a=b",
          "http://",
          "[fd00:ec2::254]",
          ",",
          "\n",
          "\r\n",
          "{",
          "}",
          "\"ts\":",
          "\"id.resp_h\":\"169.254.169.254\"",
          "\"id_resp_p\":80,",
          "\"_path\":\"http\",",
          "\"uri\":\"/x?y\",",
          "\"host\":\"h\",",
          "\"answers\":[\"a\",\"b\"]",
          "\"query\":\"metadata.google.internal\"",
          "{\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}\n",
          "\u00e9",
          "\ud83d\ude00",
          "\\x41",
          "\\");

  /** Random bytes and Zeek fragments, as a generator of whole inputs. */
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
    return input.length > 0 && input[input.length - 1] != '\n' ? lines + 1 : lines;
  }

  @Test
  void parserNeverThrowsOnArbitraryInput() {
    qt().forAll(inputs(), integers().between(1, 300), integers().between(1, 60))
        .checkAssert(
            (input, maxLineBytes, maxFieldChars) -> {
              ParseLimits limits = new ParseLimits(maxLineBytes, maxFieldChars, 4, 32);
              RecordingSink sink = new RecordingSink();
              long lines;
              try {
                lines =
                    new ZeekParser()
                        .parse(new ByteArrayInputStream(input), "generated.log", limits, sink);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }

              assertEquals(countLines(input), lines, "lines read");
              long previous = 0;
              for (long line : sink.callbackLines) {
                assertTrue(line >= 1, "line " + line);
                assertTrue(line <= lines, "line " + line + " of " + lines);
                assertTrue(line >= previous, "reports out of order: " + sink.callbackLines);
                previous = line;
              }
              for (SimpleEvent event : sink.events) {
                assertWithinCap(event.destinationAddress(), maxFieldChars);
                assertWithinCap(event.dnsQueryName(), maxFieldChars);
                assertWithinCap(event.urlHost(), maxFieldChars);
                assertWithinCap(event.httpMethod(), maxFieldChars);
              }
            });
  }

  /**
   * TSV values: any text without tabs and line breaks and not starting with {@code #} (which
   * would make the line a header), plus the markers Zeek writes.
   */
  private static Gen<String> tsvValues() {
    Gen<String> text =
        strings()
            .betweenCodePoints(0x20, 0x2fff)
            .ofLengthBetween(0, 30)
            .map(value -> value.replace("\t", "").replace("\n", "").replace("\r", ""))
            .map(value -> value.startsWith("#") ? "x" + value : value);
    Gen<String> markers =
        Generate.pick(List.of("-", "(empty)", "", "169.254.169.254", "metadata.google.internal"));
    return Generate.oneOf(text, markers);
  }

  private static String expected(String value) {
    return value.isEmpty() || value.equals("-") || value.equals("(empty)") ? null : value;
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  @Test
  void tsvValuesReachTheEventUnchanged() {
    qt().forAll(lists().of(lists().of(tsvValues()).ofSize(2)).ofSizeBetween(1, 20))
        .checkAssert(
            rows -> {
              StringBuilder log =
                  new StringBuilder("#separator \\x09\n#path\tdns\n#fields\tid.resp_h\tquery\n");
              for (List<String> row : rows) {
                log.append(row.get(0)).append('\t').append(row.get(1)).append('\n');
              }
              RecordingSink sink = new RecordingSink();
              try {
                new ZeekParser()
                    .parse(
                        new ByteArrayInputStream(log.toString().getBytes(StandardCharsets.UTF_8)),
                        "generated.log",
                        ParseLimits.DEFAULTS,
                        sink);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }

              assertEquals(rows.size(), sink.events.size(), "events of " + rows);
              for (int i = 0; i < rows.size(); i++) {
                SimpleEvent event = sink.events.get(i);
                assertEquals(i + 4L, event.origin().line());
                assertEquals(expected(rows.get(i).get(0)), text(event.destinationAddress()));
                assertEquals(expected(rows.get(i).get(1)), text(event.dnsQueryName()));
              }
            });
  }

  private static void assertWithinCap(CharSequence value, int cap) {
    if (value != null) {
      assertTrue(value.length() <= cap, "field of " + value.length() + " chars, cap " + cap);
    }
  }

  @Test
  void sniffNeverThrowsAndStaysInRange() {
    qt().forAll(inputs())
        .checkAssert(
            input -> {
              int score = new ZeekParser().sniff(new String(input, StandardCharsets.UTF_8));

              assertTrue(score >= 0, "score " + score);
              assertTrue(score <= 100, "score " + score);
            });
  }
}

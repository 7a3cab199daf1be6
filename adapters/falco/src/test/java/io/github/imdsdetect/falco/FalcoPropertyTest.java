package io.github.imdsdetect.falco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.imdsdetect.adapter.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Property test: no input makes FalcoParser throw, and its reports stay in order and in range. */
class FalcoPropertyTest {
  /** Fragments of Falco's JSON output mixed into random bytes, so inputs reach the mapping. */
  private static final List<String> FRAGMENTS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ",",
          ":",
          "\"",
          "\n",
          "\r\n",
          "\"rule\":\"r\",",
          "\"priority\":\"Notice\",",
          "\"output\":\"o\",",
          "\"hostname\":\"h\",",
          "\"time\":\"2026-11-30T09:14:02.000000000Z\",",
          "\"output_fields\":{",
          "\"fd.name\":\"10.0.0.5:41234->169.254.169.254:80\"",
          "\"fd.name\":\"a->b:c\"",
          "\"fd.sip\":\"<NA>\",",
          "\"fd.sport\":80,",
          "\"proc.cmdline\":\"curl x\",",
          "null",
          "true",
          "-1",
          "1e999",
          "\"\\u0000\"",
          "\u00e9",
          "\ud83d\ude00",
          "Mon Nov 30 09:10:11 2026: Falco version: 0.41.0 (x86_64)\n",
          "{\"rule\":\"r\",\"priority\":\"p\",\"output_fields\":{\"proc.name\":\"sh\"}}\n");

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
                    new FalcoParser()
                        .parse(new ByteArrayInputStream(input), "generated.json", limits, sink);
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
            });
  }

  @Test
  void sniffNeverThrowsAndStaysInRange() {
    qt().forAll(inputs())
        .checkAssert(
            input -> {
              int score = new FalcoParser().sniff(new String(input, StandardCharsets.UTF_8));

              assertTrue(score >= 0, "score " + score);
              assertTrue(score <= 100, "score " + score);
            });
  }
}

package io.github.imdsdetect.weblog;

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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests: percent-decoding agrees with {@link URLDecoder} on valid input, repeated
 * decoding undoes repeated encoding, and no input makes WebLogParser throw.
 */
class WebLogPropertyTest {
  /**
   * Pieces of query strings: text without {@code %}, {@code +}, valid escapes of any byte, and
   * UTF-8 escape runs. Every {@code %} starts a valid escape, the input URLDecoder accepts.
   */
  private static Gen<String> validEncodedText() {
    Gen<String> text =
        strings()
            .betweenCodePoints(0x20, 0x2fff)
            .ofLengthBetween(0, 8)
            .map(value -> value.replace("%", ""));
    Gen<String> symbols = Generate.pick(List.of("+", "=", "&", "/", ":", "%25", "%2B", "%20"));
    Gen<String> anyByte =
        integers()
            .between(0, 255)
            .map(b -> "%" + HexFormat.of().withUpperCase().toHexDigits((byte) (int) b));
    Gen<String> lowerCaseByte =
        integers().between(0, 255).map(b -> "%" + HexFormat.of().toHexDigits((byte) (int) b));
    Gen<String> utf8 =
        strings()
            .betweenCodePoints(0x80, 0x10ffff)
            .ofLengthBetween(1, 3)
            .map(value -> URLEncoder.encode(value, StandardCharsets.UTF_8));
    Gen<String> piece = Generate.oneOf(text, symbols, anyByte, lowerCaseByte, utf8);
    return lists().of(piece).ofSizeBetween(0, 12).map(pieces -> String.join("", pieces));
  }

  /** Printable ASCII and other text without {@code %}, which decoding leaves alone. */
  private static Gen<String> plainText() {
    return strings()
        .betweenCodePoints(0x20, 0x2fff)
        .ofLengthBetween(0, 40)
        .map(value -> value.replace("%", ""));
  }

  @Test
  void decodingMatchesUrlDecoderOnValidInput() {
    qt().forAll(validEncodedText())
        .checkAssert(
            encoded ->
                assertEquals(
                    URLDecoder.decode(encoded, StandardCharsets.UTF_8),
                    PercentDecoder.decode(encoded, true),
                    "decoding " + encoded));
  }

  @Test
  void repeatedDecodingUndoesRepeatedEncoding() {
    qt().forAll(plainText(), integers().between(1, PercentDecoder.MAX_ROUNDS))
        .checkAssert(
            (plain, rounds) -> {
              String encoded = plain;
              for (int i = 0; i < rounds; i++) {
                encoded = URLEncoder.encode(encoded, StandardCharsets.UTF_8).replace("+", "%20");
              }

              assertEquals(
                  plain, PercentDecoder.decodeRepeatedly(encoded, false), "from " + encoded);
            });
  }

  @Test
  void decodingStopsAfterMaxRounds() {
    String encoded = "/";
    for (int i = 0; i < PercentDecoder.MAX_ROUNDS + 2; i++) {
      encoded = URLEncoder.encode(encoded, StandardCharsets.UTF_8);
    }

    assertEquals("%252F", PercentDecoder.decodeRepeatedly(encoded, false));
  }

  @Test
  void invalidEscapesAreKeptAsText() {
    assertEquals("%", PercentDecoder.decode("%", true));
    assertEquals("%G1 %1", PercentDecoder.decode("%G1+%1", true));
    assertEquals("a%2", PercentDecoder.decode("a%2", false));
    assertEquals("\ufffd", PercentDecoder.decode("%FF", false));
    assertEquals("\u00e9x", PercentDecoder.decode("%C3%A9x", false));
  }

  /** Fragments of access log syntax mixed into random bytes, so inputs reach the mapping. */
  private static final List<String> FRAGMENTS =
      List.of(
          "203.0.113.45 - - ",
          "[30/Nov/2026:09:14:02 +0000] ",
          "\"GET ",
          "/fetch?url=",
          "http%3A%2F%2F",
          "%25",
          "169.254.169.254",
          " HTTP/1.1\" ",
          "200 ",
          "311 ",
          "\"-\" ",
          "\"curl/8.5.0\"",
          "\n",
          "\r\n",
          "\"",
          "[",
          "]",
          "\\\"",
          "\\x41",
          "\\",
          "http ",
          "2026-11-30T09:14:05.123456Z ",
          "app/a/b ",
          "1.2.3.4:5 ",
          "- ",
          "-1 ",
          "://",
          "?",
          "&",
          "=",
          "+",
          "\u00e9",
          "\ud83d\ude00",
          "CONNECT ",
          "[fd00:ec2::254]:443 ",
          "* ");

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
                    new WebLogParser()
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
                assertWithinCap(event.url(), maxFieldChars);
                assertWithinCap(event.urlPath(), maxFieldChars);
                assertWithinCap(event.urlQuery(), maxFieldChars);
                assertWithinCap(event.urlHost(), maxFieldChars);
                assertWithinCap(event.httpMethod(), maxFieldChars);
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
              int score = new WebLogParser().sniff(new String(input, StandardCharsets.UTF_8));

              assertTrue(score >= 0, "score " + score);
              assertTrue(score <= 100, "score " + score);
            });
  }
}

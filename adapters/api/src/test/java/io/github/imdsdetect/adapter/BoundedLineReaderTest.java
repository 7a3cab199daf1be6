package io.github.imdsdetect.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

  private static List<String> lines(String text, int max) throws IOException {
    BoundedLineReader reader =
        new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    List<String> result = new ArrayList<>();
    while (reader.next()) {
      result.add(reader.lineNumber() + ":" + reader.line() + (reader.truncated() ? "+" : ""));
    }
    return result;
  }

  @Test
  void splitsOnNewlineAndDropsCarriageReturn() throws IOException {
    assertEquals(List.of("1:a", "2:b", "3:", "4:c"), lines("a\r\nb\n\nc", 100));
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    assertEquals(List.of(), lines("", 100));
  }

  @Test
  void finalNewlineAddsNoLine() throws IOException {
    assertEquals(List.of("1:a"), lines("a\n", 100));
  }

  @Test
  void longLineIsCutAndCounted() throws IOException {
    BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(
        ("x".repeat(1000) + "\nnext").getBytes(StandardCharsets.US_ASCII)), 10);
    assertTrue(reader.next());
    assertTrue(reader.truncated());
    assertEquals(10, reader.length());
    assertEquals(1000, reader.originalLength());
    assertTrue(reader.next());
    assertEquals("next", reader.line());
    assertFalse(reader.truncated());
  }

  @Test
  void invalidUtf8IsReplacedAndFlagged() throws IOException {
    BoundedLineReader reader = new BoundedLineReader(
        new ByteArrayInputStream(new byte[] {'a', (byte) 0xC3, '(', '\n'}), 100);
    assertTrue(reader.next());
    assertTrue(reader.invalidUtf8());
    assertEquals("a\uFFFD(", reader.line());
  }

  @Test
  void hugeLineStreamsInBoundedMemory() throws IOException {
    long size = 50L * 1024 * 1024;
    InputStream endless = new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 'y' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 'y');
        left -= n;
        return n;
      }
    };
    BoundedLineReader reader = new BoundedLineReader(endless, 4096);
    assertTrue(reader.next());
    assertEquals(size, reader.originalLength());
    assertEquals(4096, reader.bytes().length);
    assertFalse(reader.next());
  }

  @Test
  void linesMatchSplitReference() {
    qt().withExamples(500)
        .forAll(lists().of(integers().between(0, 3)).ofSizeBetween(0, 40), integers().between(1, 8))
        .checkAssert((codes, max) -> {
          StringBuilder text = new StringBuilder();
          for (int code : codes) {
            text.append("ab\n\r".charAt(code));
          }
          List<String> expected = new ArrayList<>();
          String s = text.toString();
          if (!s.isEmpty()) {
            String[] parts = s.split("\n", -1);
            int count = s.endsWith("\n") ? parts.length - 1 : parts.length;
            for (int i = 0; i < count; i++) {
              String line = parts[i];
              boolean cut = line.length() > max;
              String kept = cut ? line.substring(0, max) : line;
              if (!cut && kept.endsWith("\r")) {
                kept = kept.substring(0, kept.length() - 1);
              }
              expected.add((i + 1) + ":" + kept + (cut ? "+" : ""));
            }
          }
          try {
            assertEquals(expected, lines(s, max), () -> "input " + s.replace("\r", "\\r").replace("\n", "\\n"));
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }
}

package io.github.imdsdetect.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Compares the eight-bytes-at-a-time searches of {@link Swar} with plain byte loops. */
class SwarPropertyTest {
  /** Bytes around the ones searched for, with high bytes that could cause borrows. */
  private static final byte[] ALPHABET = {
    '\n', '"', '\\', 0x1F, 0x20, 0x00, 0x7F, (byte) 0x80, (byte) 0xFF, 'a', '0', (byte) 0xA2
  };

  @Test
  void indexOfMatchesAPlainLoop() {
    qt().withExamples(5000)
        .forAll(bytes(), integers().between(0, 40), integers().between(0, 40),
            integers().between(0, ALPHABET.length - 1))
        .checkAssert((text, from, to, which) -> {
          int start = Math.min(from, text.length);
          int end = Math.max(start, Math.min(to, text.length));
          byte b = ALPHABET[which];
          assertEquals(plainIndexOf(text, start, end, b), Swar.indexOf(text, start, end, b));
        });
  }

  @Test
  void firstMarkedByteIsTheFirstStop() {
    qt().withExamples(5000).forAll(bytes()).checkAssert(text -> {
      for (int i = 0; i + Long.BYTES <= text.length; i++) {
        long word = Swar.word(text, i);
        long stops = Swar.equalTo(word, (byte) '"') | Swar.equalTo(word, (byte) '\\')
            | Swar.below(word, 0x20);
        int expected = -1;
        for (int k = 0; k < Long.BYTES; k++) {
          byte b = text[i + k];
          if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
            expected = k;
            break;
          }
        }
        assertEquals(expected, stops == 0 ? -1 : Swar.firstByte(stops));
      }
    });
  }

  private static org.quicktheories.core.Gen<byte[]> bytes() {
    return lists().of(integers().between(0, ALPHABET.length - 1)).ofSizeBetween(0, 40)
        .map(SwarPropertyTest::toBytes);
  }

  private static byte[] toBytes(List<Integer> picks) {
    byte[] bytes = new byte[picks.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = ALPHABET[picks.get(i)];
    }
    return bytes;
  }

  private static int plainIndexOf(byte[] text, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (text[i] == b) {
        return i;
      }
    }
    return -1;
  }
}

package io.github.imdsdetect.adapter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time ("SIMD within a register"). Each mask method returns a
 * word whose bit 7 of byte k is set when byte k of the input word matches. Bits above the first
 * match may be set by a borrow although their bytes do not match, so callers use only the lowest
 * set bit, {@link #firstByte}, which always marks a real match.
 */
final class Swar {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Swar() {}

  /** Reads the eight bytes at {@code index}, the first one in the lowest byte of the word. */
  static long word(byte[] bytes, int index) {
    return (long) LONGS.get(bytes, index);
  }

  /** Marks the bytes of {@code word} equal to {@code b}. */
  static long equalTo(long word, byte b) {
    long x = word ^ (ONES * (b & 0xFF));
    return (x - ONES) & ~x & HIGHS;
  }

  /** Marks the bytes of {@code word} below {@code limit}, which is at most 128. */
  static long below(long word, int limit) {
    return (word - ONES * limit) & ~word & HIGHS;
  }

  /** Returns the index, 0 to 7, of the byte that the lowest set bit of {@code mask} marks. */
  static int firstByte(long mask) {
    return Long.numberOfTrailingZeros(mask) >>> 3;
  }

  /** Returns the index of the first {@code b} in {@code bytes[from, to)}, or -1. */
  static int indexOf(byte[] bytes, int from, int to, byte b) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long mask = equalTo(word(bytes, i), b);
      if (mask != 0) {
        return i + firstByte(mask);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}

package io.github.imdsdetect.zeek;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Passes a JSON-lines input through with two changes for Zeek btest baselines. Lines that start
 * with {@code #}, such as the {@code ### BTest baseline data ...} comment, come out as spaces of
 * the same length, so that the JSON reader skips them as blank lines and line numbers stay the
 * same. Those comment lines are remembered, so that they can count as comments rather than blank
 * lines. Lines that contain a masked timestamp ({@code XXXXXXXXXX.XXXXXX}) are remembered too, so
 * that their skip reason can name the mask as the cause.
 *
 * <p>The filter reads ahead of the JSON reader by as much as the reader buffers. The line numbers
 * it remembers are dropped as the reader reports on them, which keeps the queue bounded by the
 * buffered bytes.
 */
final class BtestLineFilter extends FilterInputStream {
  /** The mask's run of X before the dot. */
  private static final int MASK_SECONDS = 10;

  /** The mask's run of X after the dot. */
  private static final int MASK_FRACTION = 6;

  private static final int MASK_LENGTH = MASK_SECONDS + 1 + MASK_FRACTION;

  private final ArrayDeque<Long> maskedLines = new ArrayDeque<>();
  private final ArrayDeque<Long> commentLines = new ArrayDeque<>();
  private long lineNumber = 1;
  private boolean atLineStart = true;
  private boolean blanking;
  private boolean lineMasked;
  private int maskMatched;

  BtestLineFilter(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    for (int i = offset; i < offset + Math.max(n, 0); i++) {
      buffer[i] = filter(buffer[i]);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be counted, so skip by reading.
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long remaining = n;
    while (remaining > 0) {
      int read = read(scratch, 0, (int) Math.min(scratch.length, remaining));
      if (read < 0) {
        break;
      }
      remaining -= read;
    }
    return n - remaining;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private byte filter(byte b) {
    if (b == '\n') {
      lineNumber++;
      atLineStart = true;
      blanking = false;
      lineMasked = false;
      maskMatched = 0;
      return b;
    }
    if (atLineStart) {
      atLineStart = false;
      blanking = b == '#';
      if (blanking) {
        commentLines.addLast(lineNumber);
      }
    }
    if (!lineMasked) {
      matchMask(b);
    }
    return blanking ? (byte) ' ' : b;
  }

  /** Advances the match of {@code XXXXXXXXXX.XXXXXX} by one byte. */
  private void matchMask(byte b) {
    if (maskMatched < MASK_SECONDS) {
      maskMatched = b == 'X' ? maskMatched + 1 : 0;
    } else if (maskMatched == MASK_SECONDS) {
      // Ten or more X: a further X keeps the last ten matched.
      if (b == '.') {
        maskMatched++;
      } else if (b != 'X') {
        maskMatched = 0;
      }
    } else {
      maskMatched = b == 'X' ? maskMatched + 1 : 0;
    }
    if (maskMatched == MASK_LENGTH) {
      lineMasked = true;
      maskedLines.addLast(lineNumber);
    }
  }

  /**
   * Returns whether line {@code line} contains a masked timestamp, and drops the remembered lines
   * before it. Callers ask in increasing line order.
   */
  boolean isMasked(long line) {
    return isRemembered(maskedLines, line);
  }

  /**
   * Returns whether line {@code line} starts with {@code #} and was blanked, and drops the
   * remembered comment lines before it. Callers ask in increasing line order.
   */
  boolean isComment(long line) {
    return isRemembered(commentLines, line);
  }

  private static boolean isRemembered(ArrayDeque<Long> lines, long line) {
    while (!lines.isEmpty() && lines.peekFirst() < line) {
      lines.removeFirst();
    }
    return !lines.isEmpty() && lines.peekFirst() == line;
  }
}

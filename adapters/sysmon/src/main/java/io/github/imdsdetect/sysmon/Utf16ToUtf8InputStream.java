package io.github.imdsdetect.sysmon;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a UTF-16 input that starts with a byte order mark as UTF-8, so that files written by
 * Windows PowerShell 5 redirection ({@code Get-WinEvent ... > events.xml}) read like any other
 * input. Invalid UTF-16 becomes U+FFFD. The byte order mark itself is dropped.
 */
final class Utf16ToUtf8InputStream extends InputStream {
  private final Reader reader;
  private final char[] chars = new char[8192];
  private int carriedChars;
  private byte[] pending = new byte[0];
  private int pendingPos;
  private boolean endOfInput;

  Utf16ToUtf8InputStream(InputStream in) {
    // The UTF-16 decoder reads the byte order from the mark.
    this.reader = new InputStreamReader(in, StandardCharsets.UTF_16);
  }

  /** Returns whether {@code head} starts with a UTF-16 byte order mark of either byte order. */
  static boolean startsWithBom(byte[] head, int length) {
    if (length < 2) {
      return false;
    }
    int first = head[0] & 0xff;
    int second = head[1] & 0xff;
    return (first == 0xFF && second == 0xFE) || (first == 0xFE && second == 0xFF);
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return pending[pendingPos++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int count = Math.min(length, pending.length - pendingPos);
    System.arraycopy(pending, pendingPos, buffer, offset, count);
    pendingPos += count;
    return count;
  }

  /** Encodes the next chars when the pending bytes are used up; returns false at the end. */
  private boolean fill() throws IOException {
    while (pendingPos == pending.length) {
      if (endOfInput) {
        return false;
      }
      int n = reader.read(chars, carriedChars, chars.length - carriedChars);
      int total = carriedChars;
      if (n < 0) {
        endOfInput = true;
      } else {
        total += n;
      }
      // A high surrogate at the end waits for its low half, which the next read returns.
      int carried = !endOfInput && total > 0 && Character.isHighSurrogate(chars[total - 1]) ? 1 : 0;
      pending = new String(chars, 0, total - carried).getBytes(StandardCharsets.UTF_8);
      pendingPos = 0;
      if (carried == 1) {
        chars[0] = chars[total - 1];
      }
      carriedChars = carried;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}

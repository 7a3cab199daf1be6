package io.github.imdsdetect.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code \n}, keeping at most a fixed number of bytes of each
 * line so that memory stays bounded on a line of any length. A {@code \r} before the {@code \n}
 * is dropped. The last line counts even without a final newline; an empty input has no lines.
 *
 * <p>Not thread-safe: one reader serves one parse.
 */
public final class BoundedLineReader {
  private static final int READ_BUFFER = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] readBuffer = new byte[READ_BUFFER];
  private int readPos;
  private int readLimit;
  private boolean endOfInput;

  private byte[] line = new byte[256];
  private int lineLength;
  private long lineNumber;
  private long originalLength;
  private boolean invalidUtf8;
  private String decoded;

  /**
   * Creates a reader over {@code in}.
   *
   * @param in the stream to read; this reader never closes it
   * @param maxLineBytes the most bytes kept of one line
   * @throws IllegalArgumentException if {@code maxLineBytes} is below 1
   */
  public BoundedLineReader(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1, was " + maxLineBytes);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Advances to the next line.
   *
   * @return false at the end of the input
   * @throws IOException when reading the stream fails
   */
  public boolean next() throws IOException {
    lineLength = 0;
    originalLength = 0;
    decoded = null;
    invalidUtf8 = false;
    boolean sawAnything = false;
    while (true) {
      if (readPos == readLimit) {
        if (endOfInput || !fill()) {
          if (!sawAnything) {
            return false;
          }
          break;
        }
      }
      sawAnything = true;
      int newline = Swar.indexOf(readBuffer, readPos, readLimit, (byte) '\n');
      int end = newline < 0 ? readLimit : newline;
      append(readPos, end - readPos);
      readPos = newline < 0 ? readLimit : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    if (originalLength == lineLength && lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
      originalLength--;
    }
    lineNumber++;
    return true;
  }

  private boolean fill() throws IOException {
    int n = in.read(readBuffer, 0, readBuffer.length);
    while (n == 0) {
      n = in.read(readBuffer, 0, readBuffer.length);
    }
    if (n < 0) {
      endOfInput = true;
      readPos = readLimit = 0;
      return false;
    }
    readPos = 0;
    readLimit = n;
    return true;
  }

  private void append(int from, int count) {
    originalLength += count;
    int room = maxLineBytes - lineLength;
    int kept = Math.min(room, count);
    if (kept <= 0) {
      return;
    }
    if (lineLength + kept > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + kept)));
    }
    System.arraycopy(readBuffer, from, line, lineLength, kept);
    lineLength += kept;
  }

  /**
   * Returns the 1-based number of the current line.
   *
   * @return the line number, or 0 before the first call of {@link #next}
   */
  public long lineNumber() {
    return lineNumber;
  }

  /**
   * Returns whether the current line was longer than the cap and was cut.
   *
   * @return true if bytes of the current line were discarded
   */
  public boolean truncated() {
    return originalLength > lineLength;
  }

  /**
   * Returns the length of the current line in bytes before it was cut, without the line end.
   *
   * @return the original length in bytes
   */
  public long originalLength() {
    return originalLength;
  }

  /**
   * Returns the buffer holding the kept bytes of the current line; valid until {@link #next}.
   *
   * @return the internal buffer, not a copy; only the first {@link #length()} bytes belong to the
   *     current line
   */
  public byte[] bytes() {
    return line;
  }

  /**
   * Returns the number of kept bytes of the current line.
   *
   * @return the kept length in bytes, at most the cap
   */
  public int length() {
    return lineLength;
  }

  /**
   * Returns the kept part of the current line decoded as UTF-8. Invalid byte sequences become
   * U+FFFD, and {@link #invalidUtf8()} then returns true.
   *
   * @return the decoded line, without the line end
   */
  public String line() {
    if (decoded == null) {
      decoded = decode();
    }
    return decoded;
  }

  /**
   * Returns whether the current line held bytes that are not valid UTF-8.
   *
   * @return true if the kept bytes are not valid UTF-8
   */
  public boolean invalidUtf8() {
    line();
    return invalidUtf8;
  }

  private String decode() {
    boolean ascii = true;
    for (int i = 0; i < lineLength; i++) {
      if (line[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return strict.decode(ByteBuffer.wrap(line, 0, lineLength)).toString();
    } catch (CharacterCodingException e) {
      invalidUtf8 = true;
      return new String(line, 0, lineLength, StandardCharsets.UTF_8);
    }
  }
}

package io.github.imdsdetect.adapter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Counts the line breaks of the bytes that pass through, so that a JSON document reports its
 * line count, and keeps the runs of blank lines that {@link DocumentLines} has not yet assigned.
 * A line is blank when it contains only spaces, tabs, carriage returns and the bytes of a UTF-8
 * byte order mark.
 *
 * <p>Every CR becomes a space, so that jackson counts lines at LF only, as this stream does. A
 * raw CR is not allowed inside a JSON string, so no valid value changes.
 */
final class LineCountingStream extends FilterInputStream {
  /** Runs of blank lines as {first, last} line numbers, oldest first. */
  private final ArrayDeque<long[]> blankRuns = new ArrayDeque<>();
  private long newlines;
  private boolean anyByte;
  private int lastByte = -1;
  private boolean lineBlank = true;
  private boolean lastLineRecorded;

  LineCountingStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(b);
    }
    return b == '\r' ? ' ' : b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = 0; i < n; i++) {
      count(buffer[offset + i]);
      if (buffer[offset + i] == '\r') {
        buffer[offset + i] = ' ';
      }
    }
    return n;
  }

  private void count(int b) {
    anyByte = true;
    lastByte = b & 0xff;
    if (lastByte == '\n') {
      newlines++;
      endLine(newlines);
      return;
    }
    if (lastByte != ' ' && lastByte != '\t' && lastByte != '\r'
        && lastByte != 0xEF && lastByte != 0xBB && lastByte != 0xBF) {
      lineBlank = false;
    }
  }

  private void endLine(long line) {
    if (lineBlank) {
      long[] last = blankRuns.peekLast();
      if (last != null && last[1] == line - 1) {
        last[1] = line;
      } else {
        blankRuns.addLast(new long[] {line, line});
      }
    }
    lineBlank = true;
  }

  /** Reads the rest of the input, counting its lines and noting whether the last one is blank. */
  void drain() throws IOException {
    byte[] scratch = new byte[8192];
    while (read(scratch, 0, scratch.length) >= 0) {
      // counted by read
    }
    if (!lastLineRecorded && anyByte && lastByte != '\n') {
      lastLineRecorded = true;
      endLine(newlines + 1);
    }
  }

  long lines() {
    return newlines;
  }

  long linesIncludingLast() {
    return anyByte && lastByte != '\n' ? newlines + 1 : newlines;
  }

  /** Returns the number of runs of blank lines kept, which grows until lines are assigned. */
  int blankRunCount() {
    return blankRuns.size();
  }

  /**
   * Returns the number of blank lines from {@code from} to {@code to}, both inclusive, and
   * drops the blank lines up to {@code to}.
   */
  long takeBlankLines(long from, long to) {
    dropBlankLinesBefore(from);
    long count = 0;
    while (!blankRuns.isEmpty() && blankRuns.peekFirst()[0] <= to) {
      long[] run = blankRuns.peekFirst();
      long last = Math.min(run[1], to);
      count += last - run[0] + 1;
      if (run[1] <= to) {
        blankRuns.removeFirst();
      } else {
        run[0] = to + 1;
      }
    }
    return count;
  }

  /** Drops the blank lines before {@code line}. */
  void dropBlankLinesBefore(long line) {
    while (!blankRuns.isEmpty() && blankRuns.peekFirst()[0] < line) {
      long[] run = blankRuns.peekFirst();
      if (run[1] < line) {
        blankRuns.removeFirst();
      } else {
        run[0] = line;
      }
    }
  }
}

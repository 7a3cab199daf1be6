package io.github.imdsdetect.adapter;

import java.util.ArrayDeque;

/**
 * Gives every line of a JSON document one {@link LineUse}, as {@link ParseSink} describes, while
 * {@link JsonRecords} reads it. Lines are assigned in reading order. When a record starts, the
 * lines before it that are still unassigned go to the record around it, or count as {@link
 * LineUse#BLANK} or {@link LineUse#HEADER} outside any record, and its first line goes to it if
 * still unassigned. When a record ends, the unassigned lines up to its last one go to it.
 *
 * <p>The lines of an open record are only counted, so memory grows with the nesting depth, not
 * with the size of a record.
 */
final class DocumentLines {
  /**
   * Number of runs of blank lines that {@link LineCountingStream} may keep before {@link
   * #advanceIfLong} assigns the lines read so far. Runs outside records are few (between two
   * records there are at most a comma and brackets), so only runs inside a long record reach it.
   */
  private static final int MAX_BLANK_RUNS = 64;

  private final CountingSink sink;
  private final LineCountingStream stream;
  private final ArrayDeque<long[]> openRecordLines = new ArrayDeque<>();
  private long nextLine = 1;

  DocumentLines(CountingSink sink, LineCountingStream stream) {
    this.sink = sink;
    this.stream = stream;
  }

  /** Notes that a record, or a value skipped in place of one, starts on {@code line}. */
  void open(long line) {
    assignBefore(line);
    long[] lines = {0};
    if (line >= nextLine) {
      lines[0] = 1;
      nextLine = line + 1;
    }
    openRecordLines.push(lines);
  }

  /**
   * Notes that the innermost open record ends on {@code line}, and reports its lines with {@code
   * use}. When {@code use} is null, its lines go to the record around it instead.
   */
  void close(long line, LineUse use) {
    long[] lines = openRecordLines.pop();
    if (line >= nextLine) {
      lines[0] += line - nextLine + 1;
      nextLine = line + 1;
      stream.dropBlankLinesBefore(nextLine);
    }
    if (use == null && !openRecordLines.isEmpty()) {
      openRecordLines.peek()[0] += lines[0];
    } else {
      sink.lines(use == null ? LineUse.IGNORED : use, lines[0]);
    }
  }

  /**
   * Assigns the lines before {@code line} when the stream keeps many runs of blank lines, which
   * only a long record causes. Call it with the line of the token just read.
   */
  void advanceIfLong(long line) {
    if (stream.blankRunCount() > MAX_BLANK_RUNS) {
      assignBefore(line);
    }
  }

  /**
   * Assigns the lines that are left once the document has been read to its end: those after the
   * last record. After a syntax error, the lines of records still open and every line from the
   * first unassigned one to the end count as {@link LineUse#SKIPPED}.
   *
   * @param totalLines the number of lines of the input
   * @param failed whether a syntax error ended the reading
   */
  void finish(long totalLines, boolean failed) {
    if (!failed) {
      assignBefore(totalLines + 1);
      return;
    }
    long skipped = Math.max(0, totalLines - nextLine + 1);
    while (!openRecordLines.isEmpty()) {
      skipped += openRecordLines.pop()[0];
    }
    nextLine = Math.max(nextLine, totalLines + 1);
    sink.lines(LineUse.SKIPPED, skipped);
  }

  /** Assigns the unassigned lines before {@code line}. */
  private void assignBefore(long line) {
    if (line <= nextLine) {
      return;
    }
    long count = line - nextLine;
    if (!openRecordLines.isEmpty()) {
      openRecordLines.peek()[0] += count;
      stream.dropBlankLinesBefore(line);
    } else {
      long blank = stream.takeBlankLines(nextLine, line - 1);
      sink.lines(LineUse.BLANK, blank);
      sink.lines(LineUse.HEADER, count - blank);
    }
    nextLine = line;
  }
}

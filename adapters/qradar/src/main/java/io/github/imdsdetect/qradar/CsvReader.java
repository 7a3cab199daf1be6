package io.github.imdsdetect.qradar;

import io.github.imdsdetect.adapter.BoundedLineReader;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV records from UTF-8 bytes. Fields are separated by commas, and a field in
 * double quotes may contain commas, line breaks and doubled double quotes ({@code ""} for one
 * {@code "}).
 *
 * <p>Records end at LF or CRLF. A line break inside a quoted field is returned as {@code \n}
 * whether the input wrote LF or CRLF. A UTF-8 byte order mark at the start of the input is
 * dropped, and blank lines between records are skipped.
 *
 * <p>Memory stays bounded because one record, across all of its lines, may contain at most
 * {@code maxRecordBytes} bytes and {@value #MAX_RECORD_LINES} lines, and each field keeps at most
 * {@code maxFieldChars} chars. A quoted field that is not closed within those bounds, or by the
 * end of the input, probably lacks its closing quote: the record's first line is reported to
 * {@link ParseSink#skipped}, and the lines after it are read again as new records. A longer
 * field is cut and reported to {@link ParseSink#truncated}.
 *
 * <p>The reader reports the use of the lines it passes over: blank lines between records as
 * {@link LineUse#BLANK}, and every line of a record it skips as {@link LineUse#SKIPPED}. The
 * caller reports the lines of each record returned, which {@link #recordLines()} counts.
 *
 * <p>Not thread-safe, so each parse needs its own reader.
 */
final class CsvReader {
  private enum State {
    /** Before the first char of a field. */
    FIELD_START,
    /** Inside a field that did not start with a quote. */
    UNQUOTED,
    /** Inside a quoted field. */
    QUOTED,
    /** After a quote inside a quoted field, which is the closing quote or half of {@code ""}. */
    QUOTE_IN_QUOTED
  }

  /**
   * Most lines one record may span. A quoted field still open after this many lines is taken
   * to lack its closing quote.
   */
  static final int MAX_RECORD_LINES = 1_000;

  private final BoundedLineReader lines;
  /** Lines after the first of the record being read, kept to be read again if it fails. */
  private final List<Line> pending = new ArrayList<>();
  /** Lines to read again before reading new ones. */
  private final java.util.ArrayDeque<Line> replay = new java.util.ArrayDeque<>();
  private final int maxRecordBytes;
  private final int maxFieldChars;
  private final List<String> fields = new ArrayList<>();
  private final StringBuilder field = new StringBuilder();
  private long droppedFieldChars;
  /** Whether the record being read has text right after a closing quote, as in "ab"c. */
  private boolean textAfterQuote;
  private long recordLine;
  private long recordLines;
  private boolean atInputStart = true;

  /**
   * Creates a reader over {@code in}.
   *
   * @param maxRecordBytes the maximum bytes of one record, line breaks included
   * @param maxFieldChars the maximum chars kept of one field
   */
  CsvReader(InputStream in, int maxRecordBytes, int maxFieldChars) {
    this.lines = new BoundedLineReader(in, maxRecordBytes);
    this.maxRecordBytes = maxRecordBytes;
    this.maxFieldChars = maxFieldChars;
  }

  /**
   * Reads the next record. Records that cannot be read are reported to {@code sink} and passed
   * over.
   *
   * @return the fields of the record, or null at the end of the input
   * @throws IOException when reading the stream fails
   */
  List<String> next(ParseSink sink) throws IOException {
    State state = State.FIELD_START;
    boolean inRecord = false;
    long recordBytes = 0;
    while (true) {
      Line line = readLine();
      if (line == null) {
        if (!inRecord) {
          return null;
        }
        abandon(sink, "unterminated quoted field: no closing quote before the end of the input",
            null);
        inRecord = false;
        state = State.FIELD_START;
        continue;
      }

      if (line.truncated()) {
        sink.truncated(line.number(), "line", line.originalLength());
        reportLongLine(sink, inRecord, line);
        sink.lines(LineUse.SKIPPED, inRecord ? recordLines + 1 : 1);
        pending.clear();
        inRecord = false;
        state = State.FIELD_START;
        continue;
      }

      if (inRecord) {
        // The previous line ended inside a quoted field, so its line break is field content.
        recordLines++;
        recordBytes += line.length() + 1;
        if (recordBytes > maxRecordBytes || recordLines > MAX_RECORD_LINES) {
          abandon(sink, "quoted field not closed within " + maxRecordBytes + " bytes or "
              + MAX_RECORD_LINES + " lines, so its closing quote is probably missing", line);
          inRecord = false;
          state = State.FIELD_START;
          continue;
        }
        pending.add(line);
        append('\n');
      } else {
        if (line.text().isEmpty()) {
          sink.lines(LineUse.BLANK, 1);
          continue;
        }
        startRecord(line.number());
        pending.clear();
        inRecord = true;
        recordBytes = line.length();
      }

      state = scan(line.text(), state, sink);
      if (state == State.QUOTED) {
        continue;
      }
      if (textAfterQuote && !pending.isEmpty()) {
        // In a record over several lines, "ab"c means the quote that opened the field was a
        // stray one and this line's first quote closed it: a row merged into the one before.
        abandon(sink, "quoted field closed on line " + line.number() + " by a quote followed by"
            + " text, so the quote on line " + recordLine + " is probably a stray one", null);
        inRecord = false;
        state = State.FIELD_START;
        continue;
      }
      endField(sink);
      pending.clear();
      return List.copyOf(fields);
    }
  }

  /**
   * Gives up the record that starts at {@link #recordLine}: reports its first line as skipped
   * and reads the lines after it again, so that one stray quote costs one line instead of every
   * record up to the end of the input.
   */
  private void abandon(ParseSink sink, String reason, Line current) {
    sink.skipped(recordLine, reason + "; line " + recordLine + " skipped, reading again from"
        + " line " + (recordLine + 1));
    sink.lines(LineUse.SKIPPED, 1);
    if (current != null) {
      replay.addFirst(current);
    }
    for (int i = pending.size() - 1; i >= 0; i--) {
      replay.addFirst(pending.get(i));
    }
    pending.clear();
  }

  /** Returns the next line to read: a line given back by {@link #abandon}, else a new one. */
  private Line readLine() throws IOException {
    if (!replay.isEmpty()) {
      return replay.pollFirst();
    }
    if (!lines.next()) {
      return null;
    }
    String text = lines.line();
    if (atInputStart) {
      atInputStart = false;
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
    }
    return new Line(lines.lineNumber(), text, lines.length(), lines.truncated(),
        lines.originalLength());
  }

  /** One physical line as read. */
  private record Line(
      long number, String text, int length, boolean truncated, long originalLength) {}

  /** Returns the 1-based line on which the record last returned by {@link #next} starts. */
  long recordLine() {
    return recordLine;
  }

  /** Returns the number of lines of the record last returned by {@link #next}. */
  long recordLines() {
    return recordLines;
  }

  /** Returns the number of physical lines read so far. */
  long linesRead() {
    return lines.lineNumber();
  }

  private void reportLongLine(ParseSink sink, boolean inRecord, Line line) {
    String limit = " bytes exceeds the limit of " + maxRecordBytes + " bytes";
    if (inRecord) {
      sink.skipped(
          recordLine,
          "record starting on line " + recordLine + " is cut: line " + line.number() + " of "
              + line.originalLength() + limit);
    } else {
      sink.skipped(line.number(), "line of " + line.originalLength() + limit);
    }
  }

  private void startRecord(long lineNumber) {
    textAfterQuote = false;
    recordLine = lineNumber;
    recordLines = 1;
    fields.clear();
    field.setLength(0);
    droppedFieldChars = 0;
  }

  /** Scans one line from {@code state} and returns the state at its end. */
  private State scan(String text, State state, ParseSink sink) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (state) {
        case FIELD_START:
          if (c == '"') {
            state = State.QUOTED;
          } else if (c == ',') {
            endField(sink);
          } else {
            append(c);
            state = State.UNQUOTED;
          }
          break;
        case UNQUOTED:
          // A quote inside an unquoted field is kept as text, as Python's csv module does.
          if (c == ',') {
            endField(sink);
            state = State.FIELD_START;
          } else {
            append(c);
          }
          break;
        case QUOTED:
          if (c == '"') {
            state = State.QUOTE_IN_QUOTED;
          } else {
            append(c);
          }
          break;
        case QUOTE_IN_QUOTED:
          if (c == '"') {
            append('"');
            state = State.QUOTED;
          } else if (c == ',') {
            endField(sink);
            state = State.FIELD_START;
          } else {
            // RFC 4180 allows no text after a closing quote. Python's csv module keeps it, and
            // so does this reader: "ab"c reads as abc.
            append(c);
            state = State.UNQUOTED;
            textAfterQuote = true;
          }
          break;
        default:
          throw new AssertionError(state);
      }
    }
    return state;
  }

  private void append(char c) {
    if (field.length() < maxFieldChars) {
      field.append(c);
    } else {
      droppedFieldChars++;
    }
  }

  private void endField(ParseSink sink) {
    if (droppedFieldChars > 0) {
      long originalLength = field.length() + droppedFieldChars;
      sink.truncated(recordLine, "column " + (fields.size() + 1), originalLength);
    }
    fields.add(field.toString());
    field.setLength(0);
    droppedFieldChars = 0;
  }
}

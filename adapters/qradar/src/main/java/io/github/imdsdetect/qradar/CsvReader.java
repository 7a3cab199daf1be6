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
 * {@code maxRecordBytes} bytes, and each field keeps at most {@code maxFieldChars} chars. A longer
 * record is reported to {@link ParseSink#skipped} and reading resumes at the next line, and a
 * longer field is cut and reported to {@link ParseSink#truncated}.
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

  private final BoundedLineReader lines;
  private final int maxRecordBytes;
  private final int maxFieldChars;
  private final List<String> fields = new ArrayList<>();
  private final StringBuilder field = new StringBuilder();
  private long droppedFieldChars;
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
    while (lines.next()) {
      long lineNumber = lines.lineNumber();
      String text = lines.line();
      if (atInputStart) {
        atInputStart = false;
        if (text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
      }

      if (lines.truncated()) {
        sink.truncated(lineNumber, "line", lines.originalLength());
        reportLongLine(sink, inRecord, lineNumber);
        sink.lines(LineUse.SKIPPED, inRecord ? recordLines + 1 : 1);
        inRecord = false;
        state = State.FIELD_START;
        continue;
      }

      if (inRecord) {
        // The previous line ended inside a quoted field, so its line break is field content.
        recordLines++;
        recordBytes += lines.length() + 1;
        if (recordBytes > maxRecordBytes) {
          sink.skipped(
              recordLine,
              "record on lines " + recordLine + "-" + lineNumber + " exceeds the limit of "
                  + maxRecordBytes + " bytes; a quoted field may lack its closing quote");
          sink.lines(LineUse.SKIPPED, recordLines);
          inRecord = false;
          state = State.FIELD_START;
          continue;
        }
        append('\n');
      } else {
        if (text.isEmpty()) {
          sink.lines(LineUse.BLANK, 1);
          continue;
        }
        startRecord(lineNumber);
        inRecord = true;
        recordBytes = lines.length();
      }

      state = scan(text, state, sink);
      if (state != State.QUOTED) {
        endField(sink);
        return List.copyOf(fields);
      }
    }
    if (inRecord) {
      sink.skipped(
          recordLine,
          "unterminated quoted field: the record starting on line " + recordLine
              + " reaches the end of the input");
      sink.lines(LineUse.SKIPPED, recordLines);
    }
    return null;
  }

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

  private void reportLongLine(ParseSink sink, boolean inRecord, long lineNumber) {
    String limit = " bytes exceeds the limit of " + maxRecordBytes + " bytes";
    if (inRecord) {
      sink.skipped(
          recordLine,
          "record starting on line " + recordLine + " is cut: line " + lineNumber + " of "
              + lines.originalLength() + limit);
    } else {
      sink.skipped(lineNumber, "line of " + lines.originalLength() + limit);
    }
  }

  private void startRecord(long lineNumber) {
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

package io.github.imdsdetect.zeek;

import io.github.imdsdetect.adapter.BoundedLineReader;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads Zeek logs in the ASCII writer's tab-separated format. A block of header lines names the
 * separator ({@code #separator \x09}), the set separator, the empty and unset markers, the log
 * path and the columns ({@code #fields}), and the data lines that follow use them. A file may hold
 * several blocks, such as logs concatenated after rotation, and each {@code #separator} line
 * starts a new one. Other lines that start with {@code #}, such as {@code #open}, {@code
 * #close}, {@code #types} and the {@code ###} line of a btest baseline, carry nothing to map.
 * Every line that starts with {@code #} counts as {@link LineUse#HEADER}.
 *
 * <p>One reader serves one parse, and it is not thread-safe.
 */
final class ZeekTsvReader {
  private static final String SEPARATOR_DIRECTIVE = "#separator ";

  private final String source;
  private final ParseLimits limits;
  private final ParseSink sink;

  private String separator;
  private String setSeparator;
  private String emptyField;
  private String unsetField;
  private String path;
  private String[] fields;
  private long fieldsLine;
  private Map<String, Integer> columns;
  private LogType logType;

  ZeekTsvReader(String source, ParseLimits limits, ParseSink sink) {
    this.source = source;
    this.limits = limits;
    this.sink = sink;
    startBlock("\t");
  }

  /**
   * Reads every line of {@code in}.
   *
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  long read(InputStream in) throws IOException {
    BoundedLineReader lines = new BoundedLineReader(in, limits.maxLineBytes());
    while (lines.next()) {
      long lineNumber = lines.lineNumber();
      if (lines.truncated()) {
        sink.truncated(lineNumber, "line", lines.originalLength());
        sink.skipped(
            lineNumber,
            "line of "
                + lines.originalLength()
                + " bytes exceeds the limit of "
                + limits.maxLineBytes()
                + " bytes; a cut TSV line cannot be split into columns");
        sink.lines(LineUse.SKIPPED, 1);
        continue;
      }
      String line = stripByteOrderMark(lines.line(), lineNumber);
      if (line.isEmpty()) {
        sink.lines(LineUse.BLANK, 1);
      } else if (line.charAt(0) == '#') {
        readHeader(line, lineNumber);
        sink.lines(LineUse.HEADER, 1);
      } else {
        sink.lines(readRecord(line, lineNumber), 1);
      }
    }
    return lines.lineNumber();
  }

  private static String stripByteOrderMark(String line, long lineNumber) {
    return lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  private void startBlock(String newSeparator) {
    separator = newSeparator;
    setSeparator = ",";
    emptyField = "(empty)";
    unsetField = "-";
    path = null;
    fields = null;
    columns = null;
    logType = null;
  }

  private void readHeader(String line, long lineNumber) {
    if (line.startsWith(SEPARATOR_DIRECTIVE)) {
      String value = unescape(line.substring(SEPARATOR_DIRECTIVE.length()));
      startBlock(value.isEmpty() ? "\t" : value);
      return;
    }
    int split = line.indexOf(separator);
    if (split < 0) {
      return;
    }
    String value = line.substring(split + separator.length());
    switch (line.substring(0, split)) {
      case "#set_separator":
        setSeparator = unescape(value);
        break;
      case "#empty_field":
        emptyField = value;
        break;
      case "#unset_field":
        unsetField = value;
        break;
      case "#path":
        path = value;
        logType = null;
        break;
      case "#fields":
        fields = split(value);
        fieldsLine = lineNumber;
        columns = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
          columns.putIfAbsent(fields[i], i);
        }
        logType = null;
        break;
      default:
        // #open, #close, #types and comments name nothing that the mapping reads.
        break;
    }
  }

  /** Reads one data line and returns the use of its line. */
  private LineUse readRecord(String line, long lineNumber) {
    if (fields == null) {
      sink.skipped(
          lineNumber,
          "data line before any #fields header; a Zeek TSV log names its columns in a #fields"
              + " line first");
      return LineUse.SKIPPED;
    }
    String[] values = split(line);
    if (values.length != fields.length) {
      sink.skipped(
          lineNumber,
          "expected "
              + fields.length
              + " columns as the #fields header on line "
              + fieldsLine
              + " names, found "
              + values.length);
      return LineUse.SKIPPED;
    }
    TsvRecord record = new TsvRecord(values, lineNumber);
    if (logType == null) {
      logType = LogType.resolve(path, record);
    }
    if (logType == LogType.OTHER) {
      sink.ignored(lineNumber, LogType.OTHER_KIND);
      return LineUse.IGNORED;
    }
    sink.event(ZeekEventMapper.map(
        logType, record, new EventOrigin(source, lineNumber), limits.maxFieldChars()));
    return LineUse.EVENT;
  }

  private String[] split(String line) {
    int count = 1;
    int at = line.indexOf(separator);
    while (at >= 0) {
      count++;
      at = line.indexOf(separator, at + separator.length());
    }
    String[] values = new String[count];
    int start = 0;
    for (int i = 0; i < count - 1; i++) {
      int end = line.indexOf(separator, start);
      values[i] = line.substring(start, end);
      start = end + separator.length();
    }
    values[count - 1] = line.substring(start);
    return values;
  }

  /** Replaces each {@code \xHH} escape, as Zeek writes the separators in headers, by its char. */
  private static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\'
          && i + 3 < text.length()
          && text.charAt(i + 1) == 'x'
          && hexValue(text.charAt(i + 2)) >= 0
          && hexValue(text.charAt(i + 3)) >= 0) {
        out.append((char) (hexValue(text.charAt(i + 2)) * 16 + hexValue(text.charAt(i + 3))));
        i += 4;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** One data line, read through the column names of the current {@code #fields} header. */
  private final class TsvRecord implements ZeekRecord {
    private final String[] values;
    private final long lineNumber;

    TsvRecord(String[] values, long lineNumber) {
      this.values = values;
      this.lineNumber = lineNumber;
    }

    @Override
    public boolean has(String field) {
      return columns.containsKey(field);
    }

    @Override
    public String get(String field) {
      Integer index = columns.get(field);
      if (index == null) {
        return null;
      }
      String value = values[index];
      if (value.isEmpty() || value.equals(unsetField) || value.equals(emptyField)) {
        return null;
      }
      if (value.length() > limits.maxFieldChars()) {
        sink.truncated(lineNumber, field, value.length());
        value = value.substring(0, limits.maxFieldChars());
      }
      return value;
    }

    @Override
    public String getList(String field) {
      String value = get(field);
      if (value == null || setSeparator.isEmpty() || setSeparator.equals(",")) {
        return value;
      }
      return value.replace(setSeparator, ",");
    }
  }
}

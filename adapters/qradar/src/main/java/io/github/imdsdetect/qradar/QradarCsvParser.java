package io.github.imdsdetect.qradar;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads QRadar search results exported as CSV: a header row of column names, then one row per
 * event, in RFC 4180 quoting (see {@link CsvReader}). Header names are trimmed and matched to
 * {@link QradarColumns} without regard to case. When a name repeats, its first column is used.
 *
 * <p>A row whose column count differs from the header's is skipped with the reason {@code
 * expected N columns, found M}. A header without any known column still yields one event per
 * row, with every field absent. The header row's lines count as {@link LineUse#HEADER}.
 */
public final class QradarCsvParser implements EventParser {

  /** Creates a parser, which keeps no state between calls. */
  public QradarCsvParser() {}

  @Override
  public String format() {
    return "qradar-csv";
  }

  /**
   * Scores the first line of the head as a header: 90 when it names three or more distinct known
   * QRadar columns, 60 for two, and 0 otherwise.
   */
  @Override
  public int sniff(String head) {
    int start = head.startsWith("\uFEFF") ? 1 : 0;
    int end = head.indexOf('\n', start);
    String firstLine = head.substring(start, end < 0 ? head.length() : end);
    if (firstLine.isBlank() || firstLine.charAt(0) == '{' || firstLine.charAt(0) == '[') {
      return 0;
    }
    Set<String> known = new HashSet<>();
    for (String name : splitHeader(firstLine)) {
      String normalized = name.trim().toLowerCase(Locale.ROOT);
      if (QradarColumns.KNOWN.contains(normalized)) {
        known.add(normalized);
      }
    }
    if (known.size() >= 3) {
      return 90;
    }
    return known.size() == 2 ? 60 : 0;
  }

  /** Splits one header line at commas outside double quotes and removes the quotes. */
  private static List<String> splitHeader(String line) {
    List<String> names = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        names.add(name.toString());
        name.setLength(0);
      } else if (c != '\r') {
        name.append(c);
      }
    }
    names.add(name.toString());
    return names;
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    CsvReader reader = new CsvReader(in, limits.maxLineBytes(), limits.maxFieldChars());
    List<String> header = reader.next(sink);
    if (header == null) {
      return reader.linesRead();
    }
    sink.lines(LineUse.HEADER, reader.recordLines());
    Map<String, Integer> columnIndex = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      columnIndex.putIfAbsent(header.get(i).trim().toLowerCase(Locale.ROOT), i);
    }

    List<String> row;
    while ((row = reader.next(sink)) != null) {
      if (row.size() != header.size()) {
        sink.skipped(
            reader.recordLine(),
            "expected " + header.size() + " columns, found " + row.size());
        sink.lines(LineUse.SKIPPED, reader.recordLines());
        continue;
      }
      List<String> values = row;
      QradarColumns.Row lookup =
          name -> {
            Integer index = columnIndex.get(name);
            return index == null ? null : values.get(index);
          };
      sink.event(QradarColumns.map(lookup, new EventOrigin(source, reader.recordLine())));
      sink.lines(LineUse.EVENT, reader.recordLines());
    }
    return reader.linesRead();
  }
}

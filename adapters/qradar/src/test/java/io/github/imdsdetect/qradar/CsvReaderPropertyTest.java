package io.github.imdsdetect.qradar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property: rows encoded per RFC 4180 and read back by CsvReader give the same fields, with
 * CRLF inside a quoted field read as LF, and each record reports the line it starts on.
 */
class CsvReaderPropertyTest {

  @Test
  void encodedRowsDecodeToTheSameFields() {
    Gen<String> field =
        lists()
            .of(
                arbitrary()
                    .pick(
                        "a", "Z", "0", " ", ",", "\"", "\n", "\r", "\r\n", "\u00e9", "\u20ac",
                        "\ud83d\ude00"))
            .ofSizeBetween(0, 6)
            .map(parts -> String.join("", parts));
    Gen<List<List<String>>> tables =
        integers()
            .between(1, 5)
            .flatMap(columns -> lists().of(lists().of(field).ofSize(columns)).ofSizeBetween(0, 8));

    qt().withExamples(2_000)
        .forAll(tables, booleans().all(), booleans().all())
        .checkAssert(
            (rows, crlf, quoteAll) -> {
              List<Long> startLines = new ArrayList<>();
              String encoded = encode(rows, crlf ? "\r\n" : "\n", quoteAll, startLines);
              RecordingSink sink = new RecordingSink();
              List<List<String>> decoded = new ArrayList<>();
              List<Long> decodedLines = new ArrayList<>();
              CsvReader reader =
                  new CsvReader(
                      new ByteArrayInputStream(encoded.getBytes(StandardCharsets.UTF_8)),
                      1 << 20,
                      1 << 16);
              try {
                List<String> record;
                while ((record = reader.next(sink)) != null) {
                  decoded.add(record);
                  decodedLines.add(reader.recordLine());
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }

              assertEquals(expectedFields(rows), decoded, encoded);
              assertEquals(startLines, decodedLines, encoded);
              assertEquals(List.of(), sink.skipped, encoded);
              assertEquals(List.of(), sink.truncated, encoded);
            });
  }

  /** Returns the rows with every CRLF inside a field read as LF, as CsvReader returns them. */
  private static List<List<String>> expectedFields(List<List<String>> rows) {
    List<List<String>> expected = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> fields = new ArrayList<>();
      for (String value : row) {
        fields.add(value.replace("\r\n", "\n"));
      }
      expected.add(fields);
    }
    return expected;
  }

  /**
   * Encodes rows per RFC 4180 and adds the 1-based line on which each record starts to {@code
   * startLines}. Fields with a comma, quote, CR or LF are quoted, and with {@code quoteAll} every
   * field is. A one-column record whose field is empty is quoted too, because an empty line is
   * not a record.
   */
  private static String encode(
      List<List<String>> rows, String recordEnd, boolean quoteAll, List<Long> startLines) {
    StringBuilder out = new StringBuilder();
    long line = 1;
    for (List<String> row : rows) {
      startLines.add(line);
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        String value = row.get(i);
        boolean needsQuotes =
            quoteAll
                || (row.size() == 1 && value.isEmpty())
                || value.contains(",")
                || value.contains("\"")
                || value.contains("\r")
                || value.contains("\n");
        String text = needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
        out.append(text);
        line += text.chars().filter(c -> c == '\n').count();
      }
      out.append(recordEnd);
      line++;
    }
    return out.toString();
  }
}

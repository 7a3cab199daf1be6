package io.github.imdsdetect.qradar;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads QRadar Ariel search results as the REST API returns them ({@code GET
 * /api/ariel/searches/{id}/results}): an object whose {@code events} array has one flat object
 * per result row, keyed by the query's output column names. The {@code events} array may sit
 * under any wrapper object, and the input may contain several such objects, one per line or as a
 * document. Rows are mapped as {@link QradarColumns} describes.
 *
 * <p>JsonRecords does not say which array a record came from, so each object is classified by
 * its content. It counts as a row when it has a known column, or when it has fields and none of
 * its flattened keys contains a dot (Ariel rows are flat, while wrappers nest objects). Every
 * other object, such as the wrapper around the {@code events} array, goes to {@link
 * ParseSink#ignored}. An input of bare row objects, without an {@code events} array, is read
 * the same way.
 *
 * <p>NOTE: a row whose every column is null flattens to an empty object, which this parser
 * cannot tell from an emptied wrapper, so it is ignored rather than delivered as an empty event.
 */
public final class QradarJsonParser implements EventParser {
  private static final String EVENTS = "events";
  private static final Pattern EVENTS_KEY = Pattern.compile("\"events\"\\s*:\\s*\\[");
  private static final Pattern EVENTS_OF_OBJECTS = Pattern.compile("\"events\"\\s*:\\s*\\[\\s*\\{");
  private static final Pattern JSON_KEY = Pattern.compile("\"([^\"\\\\]{1,64})\"\\s*:");

  /** Creates a parser, which keeps no state between calls. */
  public QradarJsonParser() {}

  @Override
  public String format() {
    return "qradar-json";
  }

  /**
   * Scores the head: 90 for an {@code events} array of objects with at least two known QRadar
   * column names as keys, 75 with one, 50 with none, 40 for JSON without an {@code events} array
   * but with three or more known column names as keys, and 0 otherwise.
   */
  @Override
  public int sniff(String head) {
    int start = 0;
    while (start < head.length()
        && (Character.isWhitespace(head.charAt(start)) || head.charAt(start) == '\uFEFF')) {
      start++;
    }
    if (start == head.length() || (head.charAt(start) != '{' && head.charAt(start) != '[')) {
      return 0;
    }
    int knownKeys = countKnownKeys(head);
    if (EVENTS_OF_OBJECTS.matcher(head).find()) {
      if (knownKeys >= 2) {
        return 90;
      }
      return knownKeys == 1 ? 75 : 50;
    }
    return knownKeys >= 3 ? 40 : 0;
  }

  private static int countKnownKeys(String head) {
    Set<String> found = new HashSet<>();
    Matcher matcher = JSON_KEY.matcher(head);
    while (matcher.find()) {
      String key = matcher.group(1).toLowerCase(Locale.ROOT);
      if (QradarColumns.KNOWN.contains(key)) {
        found.add(key);
      }
    }
    return found.size();
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    JsonRecords records = new JsonRecords(Set.of(EVENTS), limits);
    CountingSink counting = CountingSink.of(sink);
    return records.read(in, record -> deliver(record, source, counting), counting);
  }

  private static void deliver(FlatRecord record, String source, ParseSink sink) {
    if (!isRow(record)) {
      sink.ignored(record.line(), "object without QRadar event columns");
      return;
    }
    EventOrigin origin = new EventOrigin(source, record.line());
    sink.event(QradarColumns.map(record::getIgnoreCase, origin));
  }

  private static boolean isRow(FlatRecord record) {
    if (record.size() == 0) {
      return false;
    }
    for (String key : record.keys()) {
      if (QradarColumns.isKnown(key)) {
        return true;
      }
    }
    for (String key : record.keys()) {
      if (key.indexOf('.') >= 0) {
        return false;
      }
    }
    return true;
  }
}

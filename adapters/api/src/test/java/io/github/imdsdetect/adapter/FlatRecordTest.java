package io.github.imdsdetect.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatRecordTest {

  private static FlatRecord record(String... keysAndValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return FlatRecord.of(1, values);
  }

  @Test
  void getIgnoreCaseAsciiKeys() {
    FlatRecord record = record("http.request.headers.Host", "a", "url.path", "/b");
    assertEquals("a", record.getIgnoreCase("http.request.headers.host"));
    assertEquals("a", record.getIgnoreCase("HTTP.REQUEST.HEADERS.HOST"));
    assertEquals("/b", record.getIgnoreCase("url.path"));
    assertNull(record.getIgnoreCase("url.query"));
  }

  @Test
  void getIgnoreCaseFirstKeyWins() {
    FlatRecord record = record("Host", "first", "HOST", "second");
    assertEquals("first", record.getIgnoreCase("host"));
  }

  @Test
  void getIgnoreCaseNonAsciiKeys() {
    // Locale.ROOT lower-cases U+0130 to two chars, which a per-char comparison cannot match.
    String dotted = "\u0130d";
    FlatRecord record = record(dotted, "turkish", "x", "y");
    assertEquals("turkish", record.getIgnoreCase(dotted.toLowerCase(Locale.ROOT)));
    assertEquals("y", record.getIgnoreCase("X"));
  }
}

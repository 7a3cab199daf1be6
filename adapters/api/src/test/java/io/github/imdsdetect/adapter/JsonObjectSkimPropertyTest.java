package io.github.imdsdetect.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link JsonObjectSkim} with jackson-core reading the same line as {@link JsonRecords}'
 * record path does: decoded to a String first, with the same nesting and number limits. Whatever
 * the skim accepts, jackson must read as one object with the same number of scalars, whose
 * names have the event shape: a top-level {@code @timestamp} string, no top-level name that is
 * empty or starts with {@code _}, and no name that contains {@code headers} in any case. The
 * lines are generated objects, half of them with one token replaced, dropped or doubled.
 */
class JsonObjectSkimPropertyTest {
  private static final Set<String> CONTAINERS = Set.of("hits");
  private static final JsonRecords.EventShape SHAPE =
      JsonRecords.EventShape.of("@timestamp", '_', "headers");

  /** Tokens, valid and not, that a mutation puts in place of a generated one. */
  private static final List<String> TOKENS =
      List.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"hits\"", "\"\"", "\"x\\\"y\"",
          "\"\\u00e9\"", "\"\\u00\"", "\"\\q\"", "\"tab\t\"", "\"caf\u00e9\"", "\"raw\u00ff\"",
          "0", "-0", "007", "-01", "1.5e+3", "1E5", "1.", ".5", "-", "+1", "1e", "2.", "true",
          "truex", "null", "nul", "false", " ", "\t", "\r", "\u0000", "'a'", "NaN", "/*c*/", "#",
          "\u007f", "\"\\/\"", "\"\\\\\"", "1 2");

  private static final List<String> NAMES =
      List.of("@timestamp", "process", "command_line", "hits", "", "_source", "a.b", "x y",
          "caf\u00e9", "q\\\"", "Metadata-Flavor", "headers", "x-HEADERS.y", "head");

  private static final List<String> VALUES =
      List.of("\"2024-05-01T00:00:00Z\"", "\"curl -s\"", "\"\"", "\"a\\\"b\\\\c\\n\"", "0", "-12",
          "3.25", "6.02e23", "1E-7", "true", "false", "null", "\"\u00e9\"", "\"\\u0041\"");

  private final JsonFactory factory =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(JsonRecords.MAX_DEPTH)
              .maxNumberLength(1000)
              .build())
          .build();

  private int accepted;
  private int generatedPlain;
  private int rejectedByShape;

  @Test
  void acceptsOnlyWhatJacksonAccepts() {
    qt().withExamples(20000)
        .forAll(lists().of(integers().between(0, 9999)).ofSizeBetween(1, 60))
        .checkAssert(this::check);
    assertTrue(accepted > 1000, "accepted " + accepted);
    assertTrue(generatedPlain > 1000, "unmutated lines with plain names " + generatedPlain);
    assertTrue(rejectedByShape > 1000, "valid lines without the shape " + rejectedByShape);
  }

  @Test
  void handPickedLines() {
    JsonObjectSkim skim = new JsonObjectSkim(CONTAINERS, SHAPE);
    assertTrue(accept(skim, "{\"@timestamp\":\"t\",\"p\":{\"a\":[1,-0.5e3,true,null]}}  "));
    assertEquals(5, skim.scalars());
    assertFalse(accept(skim, "{\"@timestamp\":1}"));
    assertFalse(accept(skim, "{\"p\":{\"@timestamp\":\"t\"}}"));
    assertFalse(accept(skim, "{\"@timestamp\":\"t\",\"_source\":{}}"));
    assertFalse(accept(skim, "{\"@timestamp\":\"t\",\"\":{\"_index\":\"i\"}}"));
    assertFalse(accept(skim, "{\"@timestamp\":\"t\",\"h\":{\"Headers\":{\"x\":{\"y\":1}}}}"));
    assertTrue(accept(skim, "{\"@timestamp\":\"t\",\"header\":\"headers\"}"));
    String t = "{\"@timestamp\":\"t\",";
    assertFalse(accept(skim, t + "\"a\":007}"));
    assertFalse(accept(skim, t + "\"a\":1,}"));
    assertFalse(accept(skim, t + "\"a\":1} {}"));
    assertFalse(accept(skim, t + "\"x\":{\"hits\":[]}}"));
    assertFalse(accept(skim, t + "\"a\":\"tab\there\"}"));
    assertFalse(accept(skim, t + "\"a\":truex}"));
    assertFalse(accept(skim, "[" + t + "\"a\":1}]"));
    String deep = t + "\"a\":".repeat(JsonRecords.MAX_DEPTH) + "1"
        + "}".repeat(JsonRecords.MAX_DEPTH);
    assertFalse(accept(skim, deep));
    // Invalid UTF-8 inside a string is kept, as the record path keeps it as U+FFFD.
    byte[] invalid = (t + "\"a\":\"x?y\"}").getBytes(StandardCharsets.US_ASCII);
    invalid[t.length() + 7] = (byte) 0xFF;
    assertTrue(skim.accept(invalid, 0, invalid.length));
  }

  @Test
  void shapeNamesMustBePlain() {
    assertThrows(IllegalArgumentException.class, () -> JsonRecords.EventShape.of("", '_', "h"));
    assertThrows(IllegalArgumentException.class,
        () -> JsonRecords.EventShape.of("a\"b", '_', "h"));
    assertThrows(IllegalArgumentException.class, () -> JsonRecords.EventShape.of("t", ' ', "h"));
    assertThrows(IllegalArgumentException.class, () -> JsonRecords.EventShape.of("t", '_', "H"));
  }

  private static boolean accept(JsonObjectSkim skim, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return skim.accept(bytes, 0, bytes.length);
  }

  private void check(List<Integer> choices) {
    Choices c = new Choices(choices);
    List<String> tokens = new ArrayList<>();
    boolean plainNames = object(tokens, c, 0);
    boolean mutated = c.next(2) == 0;
    if (mutated) {
      int at = c.next(tokens.size());
      switch (c.next(3)) {
        case 0 -> tokens.set(at, TOKENS.get(c.next(TOKENS.size())));
        case 1 -> tokens.remove(at);
        default -> tokens.add(at, tokens.get(at));
      }
    }

    String line = String.join(c.next(4) == 0 ? " " : "", tokens);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    if (line.contains("raw\u00ff")) {
      // A lone 0xFF byte, which is not UTF-8.
      bytes = line.replace("raw\u00ff", "raw?").getBytes(StandardCharsets.UTF_8);
      int q = indexOf(bytes, (byte) '?');
      bytes[q] = (byte) 0xFF;
    }

    JsonObjectSkim skim = new JsonObjectSkim(CONTAINERS, SHAPE);
    boolean accepts = skim.accept(bytes, 0, bytes.length);
    Reference reference = reference(bytes);
    if (!mutated && plainNames) {
      generatedPlain++;
      assertEquals(hasShape(reference), accepts, line);
    }
    if (reference != null && !hasShape(reference)) {
      rejectedByShape++;
    }
    if (!accepts) {
      return;
    }
    accepted++;
    assertTrue(reference != null, "jackson rejects what the skim accepts: " + line);
    assertTrue(hasShape(reference), "the skim accepts a line without the shape: " + line);
    assertEquals(reference.scalars, skim.scalars(), line);
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Adds a generated object's tokens and returns whether all its names are plain: printable
   * ASCII without escapes and not a container key.
   */
  private static boolean object(List<String> tokens, Choices c, int depth) {
    tokens.add("{");
    boolean plain = true;
    int fields = c.next(depth == 0 ? 6 : 3);
    boolean timestamp = depth == 0 && c.next(3) > 0;
    if (timestamp) {
      tokens.add("\"@timestamp\"");
      tokens.add(":");
      tokens.add("\"2024-05-01T00:00:00Z\"");
    }
    for (int i = 0; i < fields; i++) {
      if (i > 0 || timestamp) {
        tokens.add(",");
      }
      String name = NAMES.get(c.next(NAMES.size()));
      plain &= name.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F && ch != '\\')
          && !CONTAINERS.contains(name);
      tokens.add("\"" + name + "\"");
      tokens.add(":");
      plain &= value(tokens, c, depth);
    }
    tokens.add("}");
    return plain;
  }

  private static boolean value(List<String> tokens, Choices c, int depth) {
    int kind = depth < 3 ? c.next(6) : 0;
    if (kind == 4) {
      return object(tokens, c, depth + 1);
    }
    if (kind == 5) {
      tokens.add("[");
      boolean plain = true;
      int n = c.next(3);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          tokens.add(",");
        }
        plain &= value(tokens, c, depth + 1);
      }
      tokens.add("]");
      return plain;
    }
    tokens.add(VALUES.get(c.next(VALUES.size())));
    return true;
  }

  /** Returns whether jackson's top-level names have the event shape. */
  private static boolean hasShape(Reference reference) {
    return reference.stringNames.contains("@timestamp")
        && reference.names.stream().noneMatch(n -> n.isEmpty() || n.startsWith("_"))
        && reference.allNames.stream()
            .noneMatch(n -> n.toLowerCase(java.util.Locale.ROOT).contains("headers"));
  }

  /** What jackson reads from a line, or null when it rejects the line. */
  private record Reference(
      List<String> names, List<String> allNames, List<String> stringNames, int scalars) {}

  private Reference reference(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>();
    List<String> allNames = new ArrayList<>();
    List<String> stringNames = new ArrayList<>();
    int scalars = 0;
    try (JsonParser parser = factory.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      int depth = 1;
      while (depth > 0) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          return null;
        }
        switch (token) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> {
            allNames.add(parser.currentName());
            if (depth == 1) {
              names.add(parser.currentName());
            }
          }
          default -> {
            scalars++;
            if (depth == 1 && token == JsonToken.VALUE_STRING) {
              stringNames.add(parser.currentName());
            }
          }
        }
      }
      if (parser.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return new Reference(names, allNames, stringNames, scalars);
  }

  /** Hands out the generated integers one at a time, then zeros. */
  private static final class Choices {
    private final List<Integer> values;
    private int next;

    Choices(List<Integer> values) {
      this.values = values;
    }

    int next(int bound) {
      int value = next < values.size() ? values.get(next++) : 0;
      return value % bound;
    }
  }
}

package io.github.imdsdetect.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the scanner's JSON output back with jackson-core, for assertions. */
final class JsonLines {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonLines() {}

  /**
   * Parses one line that must hold exactly one JSON object. Numbers become {@link Long},
   * nested objects {@link Map}.
   *
   * @throws AssertionError if the line is not exactly one JSON object
   */
  static Map<String, Object> parseObject(String line) {
    try (JsonParser parser = FACTORY.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new AssertionError("not a JSON object: " + line);
      }
      Map<String, Object> object = readObject(parser);
      if (parser.nextToken() != null) {
        throw new AssertionError("more than one JSON value on the line: " + line);
      }
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException("invalid JSON line: " + line, e);
    }
  }

  /** Parses every line of {@code run}'s standard output. */
  static List<Map<String, Object>> parseAll(CliRun run) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String line : run.outLines()) {
      objects.add(parseObject(line));
    }
    return objects;
  }

  private static Map<String, Object> readObject(JsonParser parser) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (value) {
        case START_OBJECT:
          object.put(name, readObject(parser));
          break;
        case START_ARRAY:
          object.put(name, readArray(parser, name));
          break;
        case VALUE_STRING:
          object.put(name, parser.getText());
          break;
        case VALUE_NUMBER_INT:
          object.put(name, parser.getLongValue());
          break;
        case VALUE_TRUE:
        case VALUE_FALSE:
          object.put(name, parser.getBooleanValue());
          break;
        default:
          throw new AssertionError("unexpected " + value + " for field " + name);
      }
    }
    return object;
  }

  /** Reads an array of objects, the only arrays the scanner writes (in explanations). */
  private static List<Object> readArray(JsonParser parser, String name) throws IOException {
    List<Object> values = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.START_OBJECT) {
        throw new AssertionError("unexpected " + token + " in array " + name);
      }
      values.add(readObject(parser));
    }
    return values;
  }
}

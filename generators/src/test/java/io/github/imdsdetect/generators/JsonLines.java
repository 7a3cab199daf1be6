package io.github.imdsdetect.generators;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Parses one line of JSON with jackson's streaming parser. */
final class JsonLines {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonLines() {}

  /**
   * Parses a line that must contain exactly one JSON object.
   *
   * @throws IOException if the line is not valid JSON
   * @throws AssertionError if the line is not one object with nothing after it
   */
  static void parseObject(String line) throws IOException {
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new AssertionError("line does not start with an object: " + line);
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new AssertionError("text after the object: " + line);
      }
    }
  }

  /** Returns the string value of a top-level field, or null. */
  static String field(String line, String name) throws IOException {
    try (JsonParser parser = JSON.createParser(line)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals(name)) {
          return value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT
              ? null : parser.getValueAsString();
        }
        parser.skipChildren();
      }
      return null;
    }
  }
}

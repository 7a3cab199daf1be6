package io.github.imdsdetect.ocsf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into maps, lists, strings, longs, doubles and booleans, for tests that check
 * the writers' output. Duplicate keys fail, so that a test cannot miss one.
 */
final class JsonTree {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonTree() {}

  /** Returns the one JSON value of {@code text}. */
  static Object parse(String text) throws IOException {
    try (JsonParser parser = JSON.createParser(text)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      Object value = read(parser, parser.nextToken());
      if (parser.nextToken() != null) {
        throw new IOException("more than one JSON value in: " + text);
      }
      return value;
    }
  }

  /** Returns the JSON object of {@code text}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) throws IOException {
    return (Map<String, Object>) parse(text);
  }

  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.put(name, read(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY: {
        List<Object> array = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          array.add(read(parser, next));
        }
        return array;
      }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected token " + token);
    }
  }

  /** Returns the value at a dotted path, taking the first element of each array on the way. */
  static Object at(Object root, String path) {
    Object node = root;
    for (String key : path.split("\\.")) {
      if (node instanceof List<?> list) {
        node = list.isEmpty() ? null : list.get(0);
      }
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }
}

package io.github.imdsdetect.sysmon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.ParseLimits;
import java.io.IOException;
import java.util.Set;

/**
 * Reads the event data that Azure Log Analytics stores as a JSON <em>string</em> in the {@code
 * EventData} column, with jackson-core's streaming parser. Two layouts are understood, at any
 * nesting depth:
 *
 * <ul>
 *   <li>named members, as in the {@code WindowsEvent} table: {@code
 *       {"Image":"C:\\...\\curl.exe","CommandLine":"..."}}
 *   <li>arrays of name and text pairs, as XML-to-JSON converters write {@code <Data Name>}: {@code
 *       {"DataItem":{"EventData":{"Data":[{"@Name":"Image","#text":"..."}]}}}}, where the name may
 *       also be {@code Name} or {@code #attributes.Name} and the text {@code text}, {@code Value}
 *       or {@code #value}
 * </ul>
 */
final class EventDataJson {
  private static final Set<String> PAIR_NAME_KEYS = Set.of("@Name", "Name", "name");
  private static final Set<String> PAIR_TEXT_KEYS =
      Set.of("#text", "text", "Value", "value", "#value");

  private final JsonFactory factory;

  EventDataJson(ParseLimits limits) {
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(JsonRecords.MAX_DEPTH)
                    .maxStringLength(limits.maxFieldChars())
                    .maxNumberLength(1000)
                    .build())
            .build();
  }

  /**
   * Adds the event data values of {@code json} to {@code record}. When the text is invalid, the
   * values read before the error stay in the record.
   *
   * @return null when the text was read to its end, otherwise why it is invalid
   */
  String read(String json, WindowsEventRecord record) {
    try (JsonParser parser = factory.createParser(json)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        return "expected a JSON object";
      }
      readObject(parser, record);
      if (parser.nextToken() != null) {
        return "more than one JSON value";
      }
      return null;
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage();
    } catch (IOException e) {
      // A parser over a String reads no stream, so only malformed content gets here.
      return e.getMessage();
    }
  }

  /** Reads the members of the object whose START_OBJECT was just returned. */
  private void readObject(JsonParser parser, WindowsEventRecord record) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == null) {
        return;
      } else if (value == JsonToken.START_OBJECT) {
        readObject(parser, record);
      } else if (value == JsonToken.START_ARRAY) {
        readArray(parser, record);
      } else if (value.isScalarValue()) {
        record.putData(name, scalar(parser, value));
      }
    }
  }

  private void readArray(JsonParser parser, WindowsEventRecord record) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
      if (token == JsonToken.START_OBJECT) {
        readPair(parser, record);
      } else if (token == JsonToken.START_ARRAY) {
        readArray(parser, record);
      }
    }
  }

  /**
   * Reads one array element object. A name and text pair becomes one data value. Any other member
   * is read as in {@link #readObject}, so named members inside array elements still count.
   */
  private void readPair(JsonParser parser, WindowsEventRecord record) throws IOException {
    String pairName = null;
    String pairText = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == null) {
        return;
      } else if (value == JsonToken.START_OBJECT && "#attributes".equals(name)) {
        String attributeName = readAttributeName(parser);
        pairName = attributeName != null ? attributeName : pairName;
      } else if (value == JsonToken.START_OBJECT) {
        readObject(parser, record);
      } else if (value == JsonToken.START_ARRAY) {
        readArray(parser, record);
      } else if (PAIR_NAME_KEYS.contains(name)) {
        pairName = scalar(parser, value);
      } else if (PAIR_TEXT_KEYS.contains(name)) {
        pairText = scalar(parser, value);
      } else if (value.isScalarValue()) {
        record.putData(name, scalar(parser, value));
      }
    }
    if (pairName != null) {
      record.putData(pairName, pairText);
    }
  }

  /** Reads an {@code #attributes} object and returns its {@code Name} member, or null. */
  private static String readAttributeName(JsonParser parser) throws IOException {
    String result = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == null) {
        return result;
      } else if (value.isStructStart()) {
        parser.skipChildren();
      } else if ("Name".equals(name)) {
        result = scalar(parser, value);
      }
    }
    return result;
  }

  private static String scalar(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getText();
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      default:
        return null;
    }
  }
}

package io.github.imdsdetect.sysmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests: one generated Sysmon event gives the same {@link SimpleEvent} fields whether it
 * is rendered as event XML, NXLog JSON, Winlogbeat JSON or an Azure Log Analytics row, and no input
 * makes the parser throw.
 */
class SysmonParserPropertiesTest {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Characters for generated values: letters, path and URL punctuation, the characters that XML and
   * JSON escape, white space including line breaks, and characters outside ASCII, including one
   * outside the Basic Multilingual Plane.
   */
  private static final List<String> ALPHABET =
      List.of(
          "a", "Z", "0", "9", " ", "\\", "/", ":", ".", "-", "_", "\"", "'", "<", ">", "&", ";",
          "=", "?", "%", "{", "}", "[", "]", "é", "漢", "😀", "\t", "\n", "\r");

  private static final Gen<String> TEXT =
      lists()
          .of(Generate.pick(ALPHABET))
          .ofSizeBetween(0, 24)
          .map(SysmonParserPropertiesTest::join);

  private static final Gen<String> PATH =
      lists()
          .of(TEXT)
          .ofSizeBetween(1, 4)
          .zip(
              Generate.booleans(),
              (segments, windows) -> String.join(windows ? "\\" : "/", segments));

  /** A generated Sysmon event; empty strings stand for absent values. */
  record Generated(
      int eventId,
      String image,
      String commandLine,
      String parentImage,
      String user,
      String host,
      String utcTime,
      String destinationIp,
      int port) {

    /** Returns the event data values in Sysmon's order, without the empty ones. */
    Map<String, String> data() {
      Map<String, String> data = new LinkedHashMap<>();
      data.put("RuleName", "-");
      data.put("UtcTime", utcTime);
      data.put("Image", image);
      data.put("User", user);
      if (eventId == 1) {
        data.put("CommandLine", commandLine);
        data.put("ParentImage", parentImage);
      } else {
        data.put("DestinationIp", destinationIp);
        data.put("DestinationPort", Integer.toString(port));
      }
      data.values().removeIf(String::isEmpty);
      return data;
    }

    /** Returns the event fields that every shape must map to. */
    Map<Field, String> expected() {
      Map<Field, String> fields = new EnumMap<>(Field.class);
      putIfPresent(
          fields, Field.TIME, utcTime.isEmpty() ? "2024-01-02T03:04:05.6789012Z" : utcTime);
      putIfPresent(fields, Field.HOST, host);
      putIfPresent(fields, Field.USER, user);
      putIfPresent(fields, Field.PROCESS_EXECUTABLE, image);
      putIfPresent(fields, Field.PROCESS_NAME, SysmonRecord.fileName(image));
      if (eventId == 1) {
        putIfPresent(fields, Field.COMMAND_LINE, commandLine);
        putIfPresent(fields, Field.PARENT_PROCESS_EXECUTABLE, parentImage);
        putIfPresent(fields, Field.PARENT_PROCESS_NAME, SysmonRecord.fileName(parentImage));
      } else {
        putIfPresent(fields, Field.DESTINATION_ADDRESS, destinationIp);
        fields.put(Field.DESTINATION_PORT, Integer.toString(port));
      }
      return fields;
    }
  }

  private static void putIfPresent(Map<Field, String> fields, Field field, String value) {
    if (value != null && !value.isEmpty()) {
      fields.put(field, value);
    }
  }

  private static String join(List<String> parts) {
    return String.join("", parts);
  }

  private static Gen<Generated> generatedEvents() {
    Gen<String> address =
        Generate.pick(
            List.of("169.254.169.254", "10.0.0.1", "fd00:ec2::254", "::ffff:169.254.169.254", ""));
    Gen<String[]> process =
        PATH.zip(
            TEXT,
            PATH,
            TEXT,
            (image, commandLine, parent, user) -> new String[] {image, commandLine, parent, user});
    Gen<String[]> context =
        TEXT.zip(
            Generate.pick(List.of("2024-01-02 03:04:05.678", "")),
            address,
            (host, time, ip) -> new String[] {host, time, ip});
    return Generate.pick(List.of(1, 3))
        .zip(
            process,
            context,
            integers().between(0, 65535),
            (id, p, c, port) -> new Generated(id, p[0], p[1], p[2], p[3], c[0], c[1], c[2], port));
  }

  // --- Renderers ---------------------------------------------------------------------------------

  private static String xmlText(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\r' -> out.append("&#13;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String renderXml(Generated event, boolean pretty) {
    String separator = pretty ? "\n  " : "";
    StringBuilder xml = new StringBuilder();
    xml.append("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>")
        .append(separator)
        .append("<System><Provider Name='Microsoft-Windows-Sysmon'/>")
        .append("<EventID>")
        .append(event.eventId())
        .append("</EventID>")
        .append(separator)
        .append("<TimeCreated SystemTime='2024-01-02T03:04:05.6789012Z'/>")
        .append("<Channel>Microsoft-Windows-Sysmon/Operational</Channel>");
    if (!event.host().isEmpty()) {
      xml.append(separator)
          .append("<Computer>")
          .append(xmlText(event.host()))
          .append("</Computer>");
    }
    xml.append("</System>").append(separator).append("<EventData>");
    for (Map.Entry<String, String> data : event.data().entrySet()) {
      xml.append(separator)
          .append("<Data Name='")
          .append(data.getKey())
          .append("'>")
          .append(xmlText(data.getValue()))
          .append("</Data>");
    }
    return xml.append("</EventData>").append(separator).append("</Event>\n").toString();
  }

  static String renderNxlog(Generated event) {
    return json(
        generator -> {
          generator.writeStartObject();
          generator.writeNumberField("EventID", event.eventId());
          generator.writeStringField("Channel", "Microsoft-Windows-Sysmon/Operational");
          generator.writeStringField("SourceName", "Microsoft-Windows-Sysmon");
          generator.writeStringField("EventTime", "2024-01-02T03:04:05.6789012Z");
          if (!event.host().isEmpty()) {
            generator.writeStringField("Hostname", event.host());
          }
          for (Map.Entry<String, String> data : event.data().entrySet()) {
            generator.writeStringField(data.getKey(), data.getValue());
          }
          generator.writeEndObject();
        });
  }

  static String renderWinlogbeat(Generated event) {
    return json(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("@timestamp", "2024-01-02T03:04:05.6789012Z");
          generator.writeObjectFieldStart("winlog");
          generator.writeStringField("channel", "Microsoft-Windows-Sysmon/Operational");
          generator.writeStringField("provider_name", "Microsoft-Windows-Sysmon");
          generator.writeStringField("event_id", Integer.toString(event.eventId()));
          if (!event.host().isEmpty()) {
            generator.writeStringField("computer_name", event.host());
          }
          generator.writeObjectFieldStart("event_data");
          for (Map.Entry<String, String> data : event.data().entrySet()) {
            generator.writeStringField(data.getKey(), data.getValue());
          }
          generator.writeEndObject();
          generator.writeEndObject();
          generator.writeEndObject();
        });
  }

  /** Renders an Azure Log Analytics {@code WindowsEvent} row, whose EventData is a JSON string. */
  static String renderAzureWindowsEvent(Generated event) {
    String eventData =
        json(generator -> {
              generator.writeStartObject();
              for (Map.Entry<String, String> data : event.data().entrySet()) {
                generator.writeStringField(data.getKey(), data.getValue());
              }
              generator.writeEndObject();
            })
            .strip();
    return json(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("TimeGenerated", "2024-01-02T03:04:05.6789012Z");
          generator.writeStringField("Provider", "Microsoft-Windows-Sysmon");
          generator.writeStringField("Channel", "Microsoft-Windows-Sysmon/Operational");
          if (!event.host().isEmpty()) {
            generator.writeStringField("Computer", event.host());
          }
          generator.writeStringField("EventData", eventData);
          generator.writeNumberField("EventID", event.eventId());
          generator.writeStringField("Type", "WindowsEvent");
          generator.writeEndObject();
        });
  }

  /** Renders an Azure Log Analytics {@code Syslog} row that carries the event as XML. */
  static String renderAzureSyslog(Generated event) {
    String xml = renderXml(event, false).strip();
    return json(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("SourceSystem", "Linux");
          generator.writeStringField("SyslogMessage", xml);
          generator.writeStringField("ProcessName", "sysmon");
          generator.writeStringField("Type", "Syslog");
          generator.writeEndObject();
        });
  }

  @FunctionalInterface
  private interface JsonWriter {
    void write(JsonGenerator generator) throws IOException;
  }

  private static String json(JsonWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      writer.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8) + "\n";
  }

  private static Map<Field, String> fieldsOfOnlyEvent(String input, String shape) {
    CollectingSink sink = CollectingSink.parseText(input);
    assertEquals(List.of(), sink.skipped, () -> shape + " input: " + input);
    assertEquals(1, sink.events.size(), () -> shape + " input: " + input);
    assertEquals(1, sink.events.get(0).origin().line(), shape);
    return SysmonParserSamplesTest.fieldsOf(sink.events.get(0));
  }

  // --- Properties --------------------------------------------------------------------------------

  @Test
  void shapesMapToSameFields() {
    qt().withExamples(400)
        .forAll(generatedEvents(), Generate.booleans())
        .checkAssert(
            (event, pretty) -> {
              Map<Field, String> expected = event.expected();
              assertEquals(expected, fieldsOfOnlyEvent(renderXml(event, pretty), "XML"));
              assertEquals(expected, fieldsOfOnlyEvent(renderNxlog(event), "NXLog"));
              assertEquals(expected, fieldsOfOnlyEvent(renderWinlogbeat(event), "Winlogbeat"));
              assertEquals(
                  expected,
                  fieldsOfOnlyEvent(renderAzureWindowsEvent(event), "Azure WindowsEvent"));
              assertEquals(expected, fieldsOfOnlyEvent(renderAzureSyslog(event), "Azure Syslog"));
            });
  }

  @Test
  void arbitraryBytesNeverThrow() {
    qt().withExamples(400)
        .forAll(
            Generate.byteArrays(
                integers().between(0, 4000),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
        .checkAssert(
            bytes -> assertWellFormedReports(CollectingSink.parse(bytes, ParseLimits.DEFAULTS)));
  }

  /**
   * Cuts each rendering short or overwrites one byte. NOTE: the overwriting byte is never CR,
   * because JsonRecords reports jackson's line numbers in JSON document mode, which count a lone CR
   * as a line break, so a report can point several lines past the last counted line.
   */
  @Test
  void damagedInputNeverThrows() {
    ParseLimits small = new ParseLimits(300, 64, 4, 32);
    qt().withExamples(300)
        .forAll(
            generatedEvents(),
            integers().between(0, 100_000),
            integers().between(0, 255).assuming(b -> b != '\r'))
        .checkAssert(
            (event, position, value) -> {
              for (String input :
                  List.of(
                      renderXml(event, true),
                      renderXml(event, false).repeat(2),
                      renderNxlog(event) + renderNxlog(event),
                      renderWinlogbeat(event),
                      renderAzureWindowsEvent(event),
                      renderAzureSyslog(event))) {
                byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
                int at = position % (bytes.length + 1);
                byte[] cut = java.util.Arrays.copyOf(bytes, at);
                byte[] changed = bytes.clone();
                if (at < changed.length) {
                  changed[at] = (byte) (int) value;
                }
                for (byte[] damaged : List.of(cut, changed)) {
                  assertWellFormedReports(CollectingSink.parse(damaged, ParseLimits.DEFAULTS));
                  assertWellFormedReports(CollectingSink.parse(damaged, small));
                }
              }
            });
  }

  /**
   * Checks that every event and report points at a line of the input. NOTE: the bound allows one
   * line past the last, because JsonRecords reports an error at the end of a JSON document at
   * jackson's location, which is on the line after the final line break.
   */
  private static void assertWellFormedReports(CollectingSink sink) {
    List<Long> lines =
        sink.events.stream().map(e -> e.origin().line()).collect(Collectors.toList());
    sink.skipped.forEach(r -> lines.add(r.line()));
    sink.ignored.forEach(r -> lines.add(r.line()));
    for (long line : lines) {
      assertTrue(line >= 1, () -> "line " + line);
      assertTrue(line <= sink.lines + 1, () -> "line " + line + " of " + sink.lines);
    }
  }
}

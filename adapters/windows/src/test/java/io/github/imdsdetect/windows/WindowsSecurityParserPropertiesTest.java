package io.github.imdsdetect.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.sysmon.WindowsEventRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Property tests: one generated 4688 or 5156 record gives the same event fields whether it is
 * rendered as event XML, NXLog JSON or Winlogbeat JSON, an inbound 5156 gives no event in any
 * shape, and no input makes the parser throw.
 */
class WindowsSecurityParserPropertiesTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String SYSTEM_TIME = "2024-01-02T03:04:05.6789012Z";

  /**
   * Characters for generated values: letters, path and URL punctuation, the characters that XML and
   * JSON escape, white space including line breaks, and characters outside ASCII, including one
   * outside the Basic Multilingual Plane.
   */
  private static final List<String> ALPHABET =
      List.of(
          "a", "Z", "0", "9", " ", "\\", "/", ":", ".", "-", "_", "\"", "'", "<", ">", "&", ";",
          "=", "?", "%", "{", "}", "[", "]", "é", "漢", "😀", "\t", "\n", "\r");

  /** Characters for account names and domains, which never form the placeholder {@code -}. */
  private static final List<String> NAME_ALPHABET =
      List.of("a", "Z", "0", "$", ".", "_", "é", "漢", "😀");

  private static final Gen<String> TEXT =
      lists().of(Generate.pick(ALPHABET)).ofSizeBetween(0, 24).map(parts -> String.join("", parts));

  private static final Gen<String> PATH =
      lists()
          .of(TEXT)
          .ofSizeBetween(1, 4)
          .zip(
              Generate.booleans(),
              (segments, windows) -> String.join(windows ? "\\" : "/", segments));

  /** An account name or domain: a real one, the placeholder {@code -}, or nothing. */
  private static final Gen<String> ACCOUNT_PART =
      Generate.oneOf(
          Generate.pick(List.of("-", "")),
          lists()
              .of(Generate.pick(NAME_ALPHABET))
              .ofSizeBetween(1, 8)
              .map(parts -> String.join("", parts)));

  private static final List<String> OUTBOUND = List.of("%%14593", "Outbound");
  private static final List<String> INBOUND = List.of("%%14592", "Inbound");
  private static final List<String> DIRECTIONS =
      List.of(OUTBOUND.get(0), OUTBOUND.get(1), INBOUND.get(0), INBOUND.get(1));

  /** A generated Security record; empty strings stand for absent values. */
  record Generated(
      int eventId,
      String host,
      String executable,
      String commandLine,
      String parent,
      String[] account,
      String address,
      int port,
      String direction) {

    /** Returns the event data values in the order Windows writes them, without empty ones. */
    Map<String, String> data() {
      Map<String, String> data = new LinkedHashMap<>();
      if (eventId == 4688) {
        data.put("SubjectUserSid", "S-1-5-18");
        data.put("SubjectUserName", account[0]);
        data.put("SubjectDomainName", account[1]);
        data.put("NewProcessName", executable);
        data.put("TokenElevationType", "%%1936");
        data.put("CommandLine", commandLine);
        data.put("TargetUserName", account[2]);
        data.put("TargetDomainName", account[3]);
        data.put("ParentProcessName", parent);
      } else {
        data.put("ProcessID", "4");
        data.put("Application", executable);
        data.put("Direction", direction);
        data.put("SourceAddress", "10.0.0.5");
        data.put("DestAddress", address);
        data.put("DestPort", Integer.toString(port));
        data.put("Protocol", "6");
      }
      data.values().removeIf(String::isEmpty);
      return data;
    }

    /** Returns whether the record is an inbound 5156, which maps to no event. */
    boolean inbound() {
      return eventId == 5156 && INBOUND.contains(direction);
    }

    /** Returns the event fields that every shape must map to. */
    Map<Field, String> expected() {
      Map<Field, String> fields = new EnumMap<>(Field.class);
      fields.put(Field.TIME, SYSTEM_TIME);
      putIfPresent(fields, Field.HOST, host);
      putIfPresent(fields, Field.PROCESS_EXECUTABLE, executable);
      putIfPresent(fields, Field.PROCESS_NAME, WindowsEventRecord.fileName(executable));
      if (eventId == 4688) {
        putIfPresent(fields, Field.USER, expectedUser());
        putIfPresent(fields, Field.COMMAND_LINE, commandLine);
        putIfPresent(fields, Field.PARENT_PROCESS_EXECUTABLE, parent);
        putIfPresent(fields, Field.PARENT_PROCESS_NAME, WindowsEventRecord.fileName(parent));
      } else {
        putIfPresent(fields, Field.DESTINATION_ADDRESS, address);
        fields.put(Field.DESTINATION_PORT, Integer.toString(port));
      }
      return fields;
    }

    /** Returns the target account when it has a name, else the subject account, or null. */
    private String expectedUser() {
      String target = qualified(account[3], account[2]);
      return target != null ? target : qualified(account[1], account[0]);
    }

    private static String qualified(String domain, String name) {
      if (name.isEmpty() || name.equals("-")) {
        return null;
      }
      return domain.isEmpty() || domain.equals("-") ? name : domain + "\\" + name;
    }

    @Override
    public String toString() {
      return "Generated[" + eventId + ", host=" + host + ", exe=" + executable + ", cmd="
          + commandLine + ", parent=" + parent + ", account=" + Arrays.toString(account)
          + ", address=" + address + ", port=" + port + ", direction=" + direction + "]";
    }
  }

  private static void putIfPresent(Map<Field, String> fields, Field field, String value) {
    if (value != null && !value.isEmpty()) {
      fields.put(field, value);
    }
  }

  private static Gen<Generated> generatedRecords() {
    Gen<String[]> account =
        ACCOUNT_PART.zip(
            ACCOUNT_PART,
            ACCOUNT_PART,
            ACCOUNT_PART,
            (subjectName, subjectDomain, targetName, targetDomain) ->
                new String[] {subjectName, subjectDomain, targetName, targetDomain});
    Gen<String[]> process =
        PATH.zip(
            TEXT,
            PATH,
            (executable, commandLine, parent) -> new String[] {executable, commandLine, parent});
    Gen<String> addresses =
        Generate.pick(
            List.of("169.254.169.254", "10.0.0.1", "fd00:ec2::254", "::ffff:169.254.169.254", ""));
    Gen<String[]> connection =
        addresses.zip(
                Generate.pick(DIRECTIONS),
                TEXT,
                (address, direction, host) -> new String[] {address, direction, host});
    return Generate.pick(List.of(4688, 5156))
        .zip(
            process,
            account,
            connection,
            integers().between(0, 65535),
            (id, p, a, c, port) -> new Generated(id, c[2], p[0], p[1], p[2], a, c[0], port, c[1]));
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

  static String renderXml(Generated record, boolean pretty) {
    String separator = pretty ? "\n  " : "";
    StringBuilder xml = new StringBuilder();
    xml.append("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>")
        .append(separator)
        .append("<System><Provider Name='Microsoft-Windows-Security-Auditing'")
        .append(" Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>")
        .append(separator)
        .append("<EventID>")
        .append(record.eventId())
        .append("</EventID>")
        .append(separator)
        .append("<TimeCreated SystemTime='")
        .append(SYSTEM_TIME)
        .append("'/>")
        .append("<Channel>Security</Channel>");
    if (!record.host().isEmpty()) {
      xml.append(separator)
          .append("<Computer>")
          .append(xmlText(record.host()))
          .append("</Computer>");
    }
    xml.append("</System>").append(separator).append("<EventData>");
    for (Map.Entry<String, String> data : record.data().entrySet()) {
      xml.append(separator)
          .append("<Data Name='")
          .append(data.getKey())
          .append("'>")
          .append(xmlText(data.getValue()))
          .append("</Data>");
    }
    return xml.append("</EventData>").append(separator).append("</Event>\n").toString();
  }

  static String renderNxlog(Generated record) {
    return json(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("EventTime", SYSTEM_TIME);
          if (!record.host().isEmpty()) {
            generator.writeStringField("Hostname", record.host());
          }
          generator.writeStringField("SourceName", "Microsoft-Windows-Security-Auditing");
          generator.writeStringField("Channel", "security");
          generator.writeNumberField("EventID", record.eventId());
          for (Map.Entry<String, String> data : record.data().entrySet()) {
            generator.writeStringField(data.getKey(), data.getValue());
          }
          generator.writeEndObject();
        });
  }

  static String renderWinlogbeat(Generated record) {
    return json(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("@timestamp", SYSTEM_TIME);
          generator.writeObjectFieldStart("winlog");
          generator.writeStringField("channel", "Security");
          generator.writeStringField("provider_name", "Microsoft-Windows-Security-Auditing");
          generator.writeStringField("event_id", Integer.toString(record.eventId()));
          if (!record.host().isEmpty()) {
            generator.writeStringField("computer_name", record.host());
          }
          generator.writeObjectFieldStart("event_data");
          for (Map.Entry<String, String> data : record.data().entrySet()) {
            generator.writeStringField(data.getKey(), data.getValue());
          }
          generator.writeEndObject();
          generator.writeEndObject();
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

  /** Parses one rendering and returns the fields of its event, or null when none was mapped. */
  private static Map<Field, String> fieldsOfRecord(String input, String shape) {
    CollectingSink sink = CollectingSink.parseText(input);
    assertEquals(List.of(), sink.skipped, () -> shape + " input: " + input);
    assertEquals(1, sink.events.size() + sink.ignored.size(), () -> shape + " input: " + input);
    if (sink.events.isEmpty()) {
      assertEquals("Security event 5156 inbound", sink.ignored.get(0).text(), shape);
      return null;
    }
    assertEquals(1, sink.events.get(0).origin().line(), shape);
    return WindowsSecurityParserSamplesTest.fieldsOf(sink.events.get(0));
  }

  // --- Properties --------------------------------------------------------------------------------

  @Test
  void shapesMapToSameFields() {
    qt().withExamples(400)
        .forAll(generatedRecords(), Generate.booleans())
        .checkAssert(
            (record, pretty) -> {
              Map<Field, String> expected = record.inbound() ? null : record.expected();
              assertEquals(expected, fieldsOfRecord(renderXml(record, pretty), "XML"));
              assertEquals(expected, fieldsOfRecord(renderNxlog(record), "NXLog"));
              assertEquals(expected, fieldsOfRecord(renderWinlogbeat(record), "Winlogbeat"));
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
            generatedRecords(),
            integers().between(0, 100_000),
            integers().between(0, 255).assuming(b -> b != '\r'))
        .checkAssert(
            (record, position, value) -> {
              for (String input :
                  List.of(
                      renderXml(record, true),
                      renderXml(record, false).repeat(2),
                      renderNxlog(record) + renderNxlog(record),
                      renderWinlogbeat(record))) {
                byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
                int at = position % (bytes.length + 1);
                byte[] cut = Arrays.copyOf(bytes, at);
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

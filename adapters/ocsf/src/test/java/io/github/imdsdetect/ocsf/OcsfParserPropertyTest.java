package io.github.imdsdetect.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/** Properties: OcsfParser never throws, whatever the input, and keeps every event it can read. */
class OcsfParserPropertyTest {
  /** The OCSF attributes that the mapper reads, as dotted paths. */
  private static final List<String> READ_PATHS =
      List.of(
          "time", "time_dt", "activity_id", "type_uid", "device.hostname", "device.name",
          "process.name", "process.cmd_line", "process.file.path", "process.file.name",
          "process.user.name", "process.parent_process.name", "process.parent_process.file.path",
          "actor.user.name", "actor.process.name", "actor.process.cmd_line",
          "actor.process.file.path", "actor.process.user.name", "dst_endpoint.ip",
          "dst_endpoint.port", "dst_endpoint.hostname", "query.hostname", "answers",
          "http_request.http_method", "http_request.url.url_string", "http_request.url.hostname",
          "http_request.url.path", "http_request.url.query_string", "http_request.http_headers");

  private static final int[] CLASSES = {1007, 4001, 4002, 4003};
  private static final JsonFactory JSON = new JsonFactory();

  private final OcsfParser parser = new OcsfParser();

  private RecordingSink parse(byte[] input, ParseLimits limits) {
    RecordingSink sink = new RecordingSink();
    try {
      long lines = parser.parse(new ByteArrayInputStream(input), "p", limits, sink);
      // NOTE: a skipped line has no upper bound here. For a string longer than the field cap
      // inside a multi-line document, JsonRecords reports the line where Jackson's location
      // points, which can be past the last line.
      for (RecordingSink.Notice notice : sink.skipped) {
        assertTrue(notice.line() >= 1, notice.toString());
      }
      for (SimpleEvent event : sink.events) {
        assertTrue(event.origin().line() >= 1, event.toString());
        assertTrue(event.origin().line() <= lines, event + " of " + lines + " lines");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink;
  }

  @Test
  void arbitraryTextNeverThrows() {
    Gen<String> tokens =
        strings()
            .betweenCodePoints(0, 0x10FFFF)
            .ofLengthBetween(0, 40)
            .mix(
                org.quicktheories.generators.SourceDSL.arbitrary()
                    .pick("{", "}", "[", "]", ",", ":", "\"", "\n", "\"class_uid\":", "1007",
                        "\"http_headers\":[", "{\"name\":\"a\",\"value\":\"b\"}", "\\", "\uFEFF"),
                60);
    qt().withExamples(400)
        .forAll(lists().of(tokens).ofSizeBetween(0, 60).map(parts -> String.join("", parts)))
        .checkAssert(
            text -> {
              parse(text.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
              parse(text.getBytes(StandardCharsets.UTF_8), new ParseLimits(16, 8, 1, 4));
            });
  }

  @Test
  void mutatedSamplesNeverThrow() throws IOException {
    List<byte[]> samples = new ArrayList<>();
    for (String name :
        List.of(
            "constructed/http_activity.jsonl",
            "constructed/process_activity.jsonl",
            "ocsf_java_tools_windows_xml_4688_ocsf.json")) {
      samples.add(Files.readAllBytes(OcsfSamplesTest.SAMPLES.resolve(name)));
    }
    Gen<int[]> edit =
        integers().between(0, 1 << 20).zip(integers().between(-128, 127), integers().between(0, 2),
            (position, value, kind) -> new int[] {position, value, kind});
    qt().withExamples(300)
        .forAll(integers().between(0, samples.size() - 1), lists().of(edit).ofSizeBetween(1, 20))
        .checkAssert(
            (sample, edits) -> {
              byte[] mutated = mutate(samples.get(sample), edits);
              parse(mutated, ParseLimits.DEFAULTS);
              parse(mutated, new ParseLimits(64, 16, 1, 8));
            });
  }

  /** Applies each edit as [position, byte, kind]: kind 0 replaces, 1 inserts, 2 deletes. */
  private static byte[] mutate(byte[] input, List<int[]> edits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] current = input;
    for (int[] edit : edits) {
      if (current.length == 0) {
        break;
      }
      int position = edit[0] % current.length;
      out.reset();
      out.write(current, 0, position);
      if (edit[2] == 0) {
        out.write(edit[1]);
        out.write(current, position + 1, current.length - position - 1);
      } else if (edit[2] == 1) {
        out.write(edit[1]);
        out.write(current, position, current.length - position);
      } else {
        out.write(current, position + 1, current.length - position - 1);
      }
      current = out.toByteArray();
    }
    return current;
  }

  @Test
  void anyAttributeTypesGiveOneEventPerLine() {
    Gen<String> events = source -> eventLine(source);
    qt().withExamples(300)
        .forAll(lists().of(events).ofSizeBetween(1, 8))
        .checkAssert(
            lines -> {
              String input = String.join("\n", lines) + "\n";
              RecordingSink sink =
                  parse(input.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);

              List<Long> expectedLines = new ArrayList<>();
              for (long line = 1; line <= lines.size(); line++) {
                expectedLines.add(line);
              }
              assertEquals(expectedLines, sink.eventLines(), input);
              for (RecordingSink.Notice notice : sink.skipped) {
                // Only a header array element that is not an object is reported.
                assertTrue(
                    notice.text().startsWith("array element is not a JSON object"), notice.text());
              }
            });
  }

  /** Writes one event of a mapped class whose read attributes have random JSON types. */
  private static String eventLine(RandomnessSource source) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartObject();
      out.writeNumberField("class_uid", CLASSES[(int) source.next(Constraint.between(0, 3))]);
      for (String path : READ_PATHS) {
        if (source.next(Constraint.between(0, 2)) == 0) {
          continue;
        }
        // A dotted key is read like the nested object that it names.
        out.writeFieldName(path);
        writeValue(out, source, 0);
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void writeValue(JsonGenerator out, RandomnessSource source, int depth)
      throws IOException {
    int kind = (int) source.next(Constraint.between(0, depth < 3 ? 7 : 4));
    switch (kind) {
      case 0 -> out.writeString(randomText(source));
      case 1 -> out.writeNumber(source.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE)));
      case 2 -> out.writeNumber(source.next(Constraint.between(-1000, 1000)) / 7.0);
      case 3 -> out.writeBoolean(source.next(Constraint.between(0, 1)) == 1);
      case 4 -> out.writeNull();
      case 5, 6 -> {
        out.writeStartArray();
        long size = source.next(Constraint.between(0, 3));
        for (int i = 0; i < size; i++) {
          writeValue(out, source, depth + 1);
        }
        out.writeEndArray();
      }
      default -> {
        out.writeStartObject();
        long size = source.next(Constraint.between(0, 3));
        for (int i = 0; i < size; i++) {
          out.writeFieldName(i % 2 == 0 ? "name" : "value");
          writeValue(out, source, depth + 1);
        }
        out.writeEndObject();
      }
    }
  }

  private static String randomText(RandomnessSource source) {
    StringBuilder text = new StringBuilder();
    long length = source.next(Constraint.between(0, 12));
    for (int i = 0; i < length; i++) {
      text.appendCodePoint((int) source.next(Constraint.between(0, 0x2FFF)));
    }
    return text.toString();
  }
}

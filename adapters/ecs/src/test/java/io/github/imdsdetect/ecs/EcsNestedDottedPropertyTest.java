package io.github.imdsdetect.ecs;

import static io.github.imdsdetect.ecs.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.adapter.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property: an ECS document gives the same event whether its keys are written as nested objects,
 * as dotted keys, or as any mix of the two, and that event carries the generated values.
 */
class EcsNestedDottedPropertyTest {
  /** The string fields that the parser maps one to one, and their event field names. */
  private static final List<String> STRING_FIELDS =
      List.of(
          "@timestamp", "host.name", "user.name", "process.name", "process.executable",
          "process.command_line", "process.parent.name", "process.parent.executable",
          "destination.ip", "dns.question.name", "url.full", "url.domain", "url.path",
          "url.query", "http.request.method", "http.request.headers.x-probe");
  private static final Map<String, String> EVENT_FIELD =
      Map.of("destination.ip", "destination.address", "http.request.headers.x-probe", "");

  private static final JsonFactory JSON = new JsonFactory();
  private final EcsParser parser = new EcsParser();

  /** One generated document: values in STRING_FIELDS order, plus the array and number fields. */
  private record Document(
      List<String> values, List<String> args, List<String> answers, int port) {}

  @Test
  void nestedAndDottedWritingsGiveEqualEvents() {
    Gen<String> text =
        strings()
            .betweenCodePoints(0, 0x2FF)
            .ofLengthBetween(0, 12)
            .mix(arbitrary().pick("169.254.169.254", "a.b", "\"", "\\", "\u00e9\ud83d\ude00", ""));
    Gen<Document> documents =
        lists()
            .of(text)
            .ofSize(STRING_FIELDS.size())
            .zip(
                lists().of(text).ofSizeBetween(0, 4),
                lists().of(text).ofSizeBetween(0, 3),
                integers().between(-1, 70_000),
                Document::new);
    Gen<List<Integer>> splits =
        lists().of(integers().between(0, 3)).ofSize(STRING_FIELDS.size() + 3);

    qt().withExamples(500)
        .forAll(documents, splits)
        .checkAssert(
            (document, mixedSplits) -> {
              String nested = write(document, null, Integer.MAX_VALUE);
              String dotted = write(document, null, 0);
              String mixed = write(document, mixedSplits, 0);
              List<Map<String, String>> events = parseLines(nested, dotted, mixed);

              Map<String, String> expected = expectedFields(document);
              assertEquals(expected, events.get(0), "nested: " + nested);
              assertEquals(expected, events.get(1), "dotted: " + dotted);
              assertEquals(expected, events.get(2), "mixed: " + mixed);
            });
  }

  private List<Map<String, String>> parseLines(String... lines) {
    String input = String.join("\n", lines) + "\n";
    RecordingSink sink = new RecordingSink();
    try {
      parser.parse(
          new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
          "generated",
          ParseLimits.DEFAULTS,
          sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(List.of(), sink.skipped, input);
    assertEquals(List.of(1L, 2L, 3L), sink.eventLines(), input);
    return List.of(
        fields(sink.events.get(0)), fields(sink.events.get(1)), fields(sink.events.get(2)));
  }

  private static Map<String, String> expectedFields(Document document) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < STRING_FIELDS.size(); i++) {
      String key = STRING_FIELDS.get(i);
      String value = document.values().get(i);
      if (key.equals("http.request.headers.x-probe")) {
        // A header is kept even when its value is empty, as in "X-Probe:".
        expected.put("http.request.headers", "x-probe: " + value);
      } else if (!value.isEmpty()) {
        expected.put(EVENT_FIELD.getOrDefault(key, key), value);
      }
    }
    if (!expected.containsKey("process.command_line")) {
      String args = String.join(" ", document.args());
      if (!args.isEmpty()) {
        expected.put("process.command_line", args);
      }
    }
    if (document.port() >= 0 && document.port() <= 65535) {
      expected.put("destination.port", Integer.toString(document.port()));
    }
    String answers = String.join(" ", document.answers());
    if (!answers.isEmpty()) {
      expected.put("dns.answers", answers);
    }
    return expected;
  }

  /**
   * Writes the document as one JSON line. Each field's path is split into a nested part and a
   * dotted leaf key: the first {@code split} segments become nested objects, capped at all but
   * the last segment. The split is {@code splits.get(i)} when {@code splits} is given, else
   * {@code fixedSplit}.
   */
  private static String write(Document document, List<Integer> splits, int fixedSplit) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (int i = 0; i < STRING_FIELDS.size(); i++) {
      int split = splits == null ? fixedSplit : splits.get(i);
      put(root, STRING_FIELDS.get(i), split, document.values().get(i));
    }
    int base = STRING_FIELDS.size();
    if (!document.args().isEmpty()) {
      put(root, "process.args", splits == null ? fixedSplit : splits.get(base), document.args());
    }
    if (!document.answers().isEmpty()) {
      List<Map<String, Object>> answers =
          document.answers().stream().map(data -> Map.<String, Object>of("data", data)).toList();
      put(root, "dns.answers", splits == null ? fixedSplit : splits.get(base + 1), answers);
    }
    if (document.port() >= 0) {
      int split = splits == null ? fixedSplit : splits.get(base + 2);
      put(root, "destination.port", split, document.port());
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      writeValue(generator, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, String path, int split, Object value) {
    String[] segments = path.split("\\.");
    int nestedCount = Math.min(split, segments.length - 1);
    Map<String, Object> node = root;
    for (int i = 0; i < nestedCount; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(segments[i], k -> new LinkedHashMap<>());
    }
    String leaf = String.join(".", List.of(segments).subList(nestedCount, segments.length));
    node.put(leaf, value);
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(JsonGenerator generator, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
        generator.writeFieldName(entry.getKey());
        writeValue(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (Object element : list) {
        writeValue(generator, element);
      }
      generator.writeEndArray();
    } else if (value instanceof Integer number) {
      generator.writeNumber(number);
    } else {
      generator.writeString((String) value);
    }
  }
}

package io.github.imdsdetect.ecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.RecordScreen;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Compares a parse with a {@link RecordScreen} against the plain parse that builds every event:
 * the findings, skipped lines, ignored records, truncations and line uses must be the same, and
 * only events without findings may be cleared. The generated lines mix ECS keys, search-hit keys,
 * container keys, literal pieces that could join across values, JSON and percent escapes,
 * non-ASCII text and syntax errors.
 */
class EcsScreenPropertyTest {
  private static final List<String> KEYS =
      List.of("@timestamp", "process.command_line", "process", "command_line", "args", "name",
          "x-goog", "token", "http.request.headers",
          "url.full", "url", "original", "path", "http.request.headers.x-fd00",
          "http.request.headers.Metadata-Flavor", "http", "request", "headers", "Host",
          "destination.ip", "destination", "ip", "event.module", "auditd", "host.name",
          "dns.question.name", "_source", "_index", "_id", "", "hits", "fields", "fields.x",
          "process.args", "user.name", "auditd.data.socket.addr", "message");

  private static final List<String> PIECES =
      List.of("curl -s ", "http://", "169.254.169.254", "169.254", ".169.254", "fd00", ":ec2::254",
          "[fd00:ec2::254]", "latest", "/meta-data/", "latest\\/meta-data", "\\u0031\\u0036\\u0039",
          "\\u002f", "%2F", "%2e", "%", "100%", "%zz", "\\\"", "\\\\", "\\\\/", "\\n", "\\t",
          "metadata", "METADATA.google.internal", "Metadata-Flavor", "Google", "\u00e9",
          "\u212a", "\uff11\uff16\uff19", "x", " ", "2852039166", "0xA9FEA9FE", "iam/",
          "security-credentials", "computeMetadata/v1/", "ec2", "\t", "\\x", "2024-05-01T00:00Z",
          "apt-get install -y nginx", "auditd", "connect", "\\",
          // Indicators that only decoding reveals: an escaped slash, a \\u escape and percent
          // escapes each hide the one literal the indicator has.
          "curl https://example.com/latest\\/meta-data\\/", "\\u0069am/security-credentials/",
          "curl http://169%2e254%2e169%2e254/", "wget 169\\u002e254\\u002e169\\u002e254",
          // Longer than the small field cap.
          "apt-get install -y nginx curl git unzip cron tzdata logrotate ca-certificates jq wget"
              + " rsync htop sudo openssl gnupg locales postgresql-client iproute2 net-tools");

  /**
   * A rules file may give a header literal with a dot, which the parser can build by joining the
   * names of nested header objects.
   */
  private static final Detector DOTTED_HEADER = Detector.create(new RuleSet("dotted", "dotted",
      List.of(Rule.builder("custom.header").title("dotted header").fields(Field.HTTP_HEADERS)
          .indicators(Indicator.contains("x-goog.token")).build())));

  private static final List<Detector> DETECTORS = detectors();

  /** Caps that generated lines often reach: line, field and field count. */
  private static final ParseLimits SMALL = new ParseLimits(400, 120, 16, 6);

  /** Room for long values, but few fields. */
  private static final ParseLimits FEW_FIELDS = new ParseLimits(8192, 8192, 16, 6);

  /** Caps that generated lines do not reach. */
  private static final ParseLimits ROOMY = new ParseLimits(8192, 8192, 16, 4096);

  private static final List<ParseLimits> LIMITS = List.of(SMALL, FEW_FIELDS, ROOMY);

  private static List<Detector> detectors() {
    List<Detector> detectors = new ArrayList<>();
    for (String name : RuleSet.names()) {
      detectors.add(Detector.create(RuleSet.named(name)));
    }
    detectors.add(DOTTED_HEADER);
    return detectors;
  }

  @Test
  void nestedHeaderNamesAreBuilt() {
    String line = "{\"@timestamp\":\"t\",\"http\":{\"request\":{\"headers\":"
        + "{\"x-goog\":{\"token\":\"1\"}}}}}\n";
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    TranscriptSink plain = parse(bytes, DOTTED_HEADER, ROOMY, null);
    TranscriptSink screened = parse(bytes, DOTTED_HEADER, ROOMY, RecordScreen.of(DOTTED_HEADER));
    assertEquals(List.of("event 1 custom.header@HTTP_HEADERS"), plain.entries);
    assertEquals(plain.entries, screened.entries);
  }

  private long clearedTotal;
  private long builtTotal;

  @Test
  void screenedParseMatchesPlainParse() {
    qt().withExamples(1500)
        .forAll(inputs(), integers().between(0, DETECTORS.size() - 1),
            integers().between(0, LIMITS.size() - 1))
        .checkAssert((input, which, limits) ->
            compare(input, DETECTORS.get(which), LIMITS.get(limits)));
    // Without these the property would hold trivially: the screen must have cleared lines, and
    // lines must also have been built.
    assertTrue(clearedTotal > 500, "cleared " + clearedTotal);
    assertTrue(builtTotal > 500, "built " + builtTotal);
  }

  /** ECS fields that the parser maps onto event fields the rules read. */
  private static final List<String> MAPPED_KEYS =
      List.of("process.command_line", "process.args", "url.full", "url.original", "url.path",
          "url.query", "dns.question.name", "destination.ip", "http.request.headers.Host",
          "http.request.headers.X-Custom");

  @Test
  void singleMappedFieldMatchesPlainParse() {
    // Each line contains one mapped field with one piece between benign words, so that a piece
    // that only decoding turns into an indicator is often the only thing on its line.
    // Up to 8 numeric fields more, so that some lines exceed the small field count cap.
    Gen<String> lines = integers().between(0, MAPPED_KEYS.size() - 1)
        .zip(integers().between(0, PIECES.size() - 1), integers().between(0, 35),
            (key, piece, roll) -> {
              String text = PIECES.get(piece);
              StringBuilder line = new StringBuilder("{\"@timestamp\":\"2024-05-01T00:00:00Z\"");
              for (int i = 0; i < roll % 9; i++) {
                line.append(",\"event.sequence").append(i).append("\":").append(i);
              }
              return line.append(",\"").append(MAPPED_KEYS.get(key)).append("\":\"run ")
                  .append(roll < 9 ? text.toUpperCase(java.util.Locale.ROOT) : text)
                  .append(" now\"}").toString();
            });
    qt().withExamples(3000)
        .forAll(lists().of(lines).ofSizeBetween(1, 4), integers().between(0, DETECTORS.size() - 1),
            integers().between(0, LIMITS.size() - 1))
        .checkAssert((input, which, limits) ->
            compare(String.join("\n", input), DETECTORS.get(which), LIMITS.get(limits)));
    assertTrue(clearedTotal > 1000, "cleared " + clearedTotal);
    assertTrue(builtTotal > 1000, "built " + builtTotal);
  }

  @Test
  void bundledSamplesGiveSameTranscript() throws IOException {
    Detector detector = Detector.create(RuleSet.named("default"));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("../../samples/ecs"))) {
      files = walk.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".ndjson"))
          .sorted().toList();
    }
    assertTrue(files.size() >= 5, files.toString());
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      TranscriptSink plain = parse(bytes, detector, ParseLimits.DEFAULTS, null);
      TranscriptSink screened =
          parse(bytes, detector, ParseLimits.DEFAULTS, RecordScreen.of(detector));
      assertEquals(plain.entries, screened.entries, file.toString());
      assertEquals(plain.lineUses, screened.lineUses, file.toString());
    }
  }

  private void compare(String input, Detector detector, ParseLimits limits) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    TranscriptSink plain = parse(bytes, detector, limits, null);
    TranscriptSink screened = parse(bytes, detector, limits, RecordScreen.of(detector));
    assertEquals(plain.entries, screened.entries, input);
    assertEquals(plain.lineUses, screened.lineUses, input);
    clearedTotal += screened.cleared;
    builtTotal += screened.built;
  }

  private static TranscriptSink parse(
      byte[] bytes, Detector detector, ParseLimits limits, RecordScreen screen) {
    TranscriptSink sink = new TranscriptSink(detector);
    EcsParser parser = new EcsParser();
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      if (screen == null) {
        parser.parse(in, "gen", limits, sink);
      } else {
        parser.parse(in, "gen", limits, screen, sink);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink;
  }

  /** Several JSON lines, each built from a list of choices. */
  private static Gen<String> inputs() {
    Gen<String> line = lists().of(integers().between(0, 9999)).ofSizeBetween(1, 40)
        .map(EcsScreenPropertyTest::line);
    return lists().of(line).ofSizeBetween(2, 6).map(lines -> String.join("\n", lines) + "\n");
  }

  /** Builds one line: mostly an ECS object with a timestamp, sometimes broken on purpose. */
  private static String line(List<Integer> choices) {
    Choices c = new Choices(choices);
    StringBuilder sb = new StringBuilder();
    boolean withTimestamp = c.next(5) > 0;
    sb.append('{');
    int fields = 0;
    if (withTimestamp) {
      sb.append("\"@timestamp\":\"2024-05-01T00:00:00Z\"");
      fields++;
    }
    int count = c.next(c.next(4) == 0 ? 16 : 6);
    for (int i = 0; i < count; i++) {
      if (fields++ > 0) {
        sb.append(',');
      }
      appendField(sb, c, 0);
    }
    sb.append('}');
    switch (c.next(12)) {
      case 0:
        sb.append(" {}");
        break;
      case 1:
        sb.setLength(sb.length() - 1);
        break;
      case 2:
        sb.insert(0, "  ");
        break;
      default:
        break;
    }
    return sb.toString();
  }

  private static void appendField(StringBuilder sb, Choices c, int depth) {
    sb.append('"').append(KEYS.get(c.next(KEYS.size()))).append("\":");
    appendValue(sb, c, depth);
  }

  private static void appendValue(StringBuilder sb, Choices c, int depth) {
    switch (depth < 2 ? c.next(9) : c.next(5)) {
      case 0:
        sb.append(c.next(2) == 0 ? "2852039166" : "007");
        break;
      case 1:
        sb.append(c.next(2) == 0 ? "null" : "true");
        break;
      case 5:
      case 6: {
        sb.append('{');
        int n = c.next(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          appendField(sb, c, depth + 1);
        }
        sb.append('}');
        break;
      }
      case 7:
      case 8: {
        sb.append('[');
        int n = c.next(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          appendValue(sb, c, depth + 1);
        }
        sb.append(']');
        break;
      }
      default: {
        sb.append('"');
        int n = c.next(4);
        for (int i = 0; i < n; i++) {
          String piece = PIECES.get(c.next(PIECES.size()));
          sb.append(c.next(4) == 0 ? piece.toUpperCase(java.util.Locale.ROOT) : piece);
        }
        sb.append('"');
        break;
      }
    }
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

package io.github.imdsdetect.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Checks {@link RecordScreen} against a plain reference and on hand-picked lines. */
class RecordScreenTest {
  private static final List<String> LITERALS = List.of("metadata", "169.254.", "fd00:", "iam/");

  private static final List<String> PIECES =
      List.of("metadata", "METADATA", "meta", "data", "169.254.", "169.254", "fd00", "fd00:",
          "fd00\"", "FD00\"", "FD00", "iam/", "iam\\/", "\\/", "\\u0041", "\\\\u0041",
          "\\\\", "\\\"", "\\", "%", "%2F", "%2", "%zz", "%%41", "\u00e9", "\u212a",
          "x", " ", ":", "/", "{\"a\":\"", "\"}");

  private static final RecordScreen SCREEN = RecordScreen.of(LITERALS);

  @Test
  void clearsLikeTheReference() {
    qt().withExamples(5000)
        .forAll(lists().of(integers().between(0, PIECES.size() - 1)).ofSizeBetween(0, 8))
        .checkAssert(choices -> {
          StringBuilder sb = new StringBuilder();
          choices.forEach(i -> sb.append(PIECES.get(i)));
          String text = sb.toString();
          byte[] bytes = ("<<" + text + ">>").getBytes(StandardCharsets.UTF_8);
          assertEquals(reference(text), SCREEN.clears(bytes, 2, bytes.length - 2), text);
        });
  }

  @Test
  void handPickedLines() {
    assertTrue(clears("{\"cmd\":\"apt-get install -y nginx\"}"));
    assertFalse(clears("{\"cmd\":\"curl http://169.254.169.254/\"}"));
    assertFalse(clears("{\"url\":\"HTTP://METADATA.google.internal/\"}"));
    // Escapes that spell a literal's chars, and percent escapes, are never cleared.
    assertFalse(clears("{\"cmd\":\"\\u0069am/role\"}"));
    assertFalse(clears("{\"cmd\":\"latest\\/meta-data\"}"));
    assertFalse(clears("{\"url\":\"http://169%2E254%2E169%2E254/\"}"));
    // Escapes of chars that no literal holds, and percent signs without two hex digits, are.
    assertTrue(clears("{\"cmd\":\"echo \\\"100%\\\" \\\\ done\\n\"}"));
    assertTrue(clears("{\"path\":\"C:\\\\\\\\Windows\\\\/x\"}".replace("\\\\/", "\\\\\\\\/")));
    // fd00: is also looked for as fd00", so a header named x-fd00 is not cleared.
    assertFalse(clears("{\"http.request.headers.x-fd00\":\"ec2::254\"}"));
    assertFalse(clears("{\"headers\":{\"X-FD00\":\"ec2::254\"}}"));
    assertTrue(clears("{\"sha\":\"fd00a\"}"));
  }

  @Test
  void colonLiteralsAlsoSearchedWithQuote() {
    assertEquals(List.of("metadata", "169.254.", "fd00:", "fd00\"", "iam/"), SCREEN.literals());
    assertEquals(List.of("a9fe:a9fe"), RecordScreen.of(List.of("a9fe:a9fe")).literals());
  }

  @Test
  void rejectsLiteralsItCannotLookFor() {
    assertThrows(IllegalArgumentException.class, () -> RecordScreen.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> RecordScreen.of(List.of("a b")));
    assertThrows(IllegalArgumentException.class, () -> RecordScreen.of(List.of(":")));
    assertThrows(IllegalArgumentException.class, () -> RecordScreen.of(List.of("")));
    assertThrows(IllegalArgumentException.class, () -> RecordScreen.of(List.of("a%2F")));
    assertThrows(IllegalArgumentException.class, () -> RecordScreen.of(List.of("caf\u00e9")));
    assertThrows(IllegalArgumentException.class, () -> RecordScreen.of(List.of("a\"b")));
  }

  @Test
  void unsearchableLiteralClearsNothing() {
    for (String literal : List.of("ssrf\"payload", "Invoke-WebRequest -UseBasicParsing",
        "c:\\imds\\probe.exe", "m\u00e9tadonn\u00e9es", "100%")) {
      Rule rule = Rule.builder("custom").title("custom").fields(Field.COMMAND_LINE)
          .indicators(Indicator.contains(literal)).build();
      RecordScreen screen =
          RecordScreen.of(Detector.create(new RuleSet("custom", "custom", List.of(rule))));
      assertFalse(clears(screen, "{\"cmd\":\"apt-get install -y nginx\"}"), literal);
      assertEquals(List.of(), screen.literals(), literal);
    }
  }

  @Test
  void detectorWithoutRulesClearsAll() {
    RecordScreen screen = RecordScreen.of(Detector.create(new RuleSet("none", "none", List.of())));
    assertTrue(clears(screen, "{\"url\":\"http://169.254.169.254/latest%2Fmeta-data\"}"));
  }

  @Test
  void everyBuiltInRuleSetGivesAScreen() {
    for (String name : RuleSet.names()) {
      RecordScreen screen = RecordScreen.of(Detector.create(RuleSet.named(name)));
      assertFalse(screen.literals().isEmpty(), name);
      byte[] line = "{\"cmd\":\"curl http://169.254.169.254/latest/meta-data/\"}"
          .getBytes(StandardCharsets.UTF_8);
      assertFalse(screen.clears(line, 0, line.length), name);
    }
  }

  private static boolean clears(String line) {
    return clears(SCREEN, line);
  }

  private static boolean clears(RecordScreen screen, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return screen.clears(bytes, 0, bytes.length);
  }

  /** Lower-cases ASCII letters, looks for each literal without its colons, and parses escapes. */
  private static boolean reference(String text) {
    StringBuilder lower = new StringBuilder();
    for (char c : text.toCharArray()) {
      lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    for (String literal : LITERALS) {
      String searched = literal.toLowerCase(Locale.ROOT);
      if (lower.indexOf(searched) >= 0) {
        return false;
      }
      if (searched.endsWith(":")
          && lower.indexOf(searched.substring(0, searched.length() - 1) + "\"") >= 0) {
        return false;
      }
    }
    for (int i = 0; i + 1 < text.length(); i++) {
      if (text.charAt(i) == '\\') {
        char next = text.charAt(i + 1);
        if (next == 'u' || next == '/') {
          return false;
        }
        // The escaped char is not the start of another escape.
        i++;
      }
    }
    // A percent escape counts wherever it is, even after a backslash.
    for (int i = 0; i + 2 < text.length(); i++) {
      if (text.charAt(i) == '%' && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }
}

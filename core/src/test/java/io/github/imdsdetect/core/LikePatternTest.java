package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class LikePatternTest {

  /** Transcribes an ILIKE pattern into java.util.regex, whose CASE_INSENSITIVE is ASCII-only. */
  static boolean referenceMatches(String like, String text) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : like.toCharArray()) {
      if (c == '%' || c == '_') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '%' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
        .matcher(text)
        .matches();
  }

  @Test
  void underscoreMatchesExactlyOneChar() {
    LikePattern like = new LikePattern("%google_guest_agent%");
    assertTrue(like.matches("/usr/bin/google_guest_agent"));
    assertTrue(like.matches("google-guest-agent --debug"));
    assertTrue(like.matches("GOOGLEXGUESTXAGENT"));
    assertFalse(like.matches("googleguestagent"));
    assertFalse(like.matches("google__guest_agent"));
  }

  @Test
  void percentMatchesAnyRunIncludingEmpty() {
    LikePattern like = new LikePattern("%latest/meta-data%");
    assertTrue(like.matches("latest/meta-data"));
    assertTrue(like.matches("curl http://x/LATEST/META-DATA/iam"));
    assertFalse(like.matches("latest/meta_data"));
  }

  @Test
  void foldsAsciiCaseOnly() {
    assertTrue(new LikePattern("%k%").matches("K"));
    assertFalse(new LikePattern("%k%").matches("\u212A"));
    assertFalse(new LikePattern("%\u00e9%").matches("\u00c9"));
  }

  @Test
  void findReportsSpanOfLeftmostMatch() {
    LikePattern like = new LikePattern("%169.254.169.254%");
    long span = like.find("curl http://169.254.169.254/latest");
    assertEquals(12, (int) (span >>> 32));
    assertEquals(27, (int) span);
    assertEquals(-1, like.find("curl http://169.254.169.25/"));
  }

  @Test
  void findWithWildcardInsideCoversWholeCore() {
    LikePattern like = new LikePattern("%a_c%");
    long span = like.find("xxaBcyy");
    assertEquals(2, (int) (span >>> 32));
    assertEquals(5, (int) span);
  }

  @Test
  void longestLiteralSkipsWildcards() {
    assertEquals("google", new LikePattern("%google_guest_agent%").longestLiteral());
    assertEquals("169.254.169.254", new LikePattern("%169.254.169.254%").longestLiteral());
  }

  @Test
  void emptyPatternRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LikePattern(""));
  }

  private static final String ALPHABET = "ab_%Bk\u212A./";

  private static Gen<String> strings(int maxLength) {
    return strings(0, maxLength);
  }

  private static Gen<String> strings(int minLength, int maxLength) {
    return lists()
        .of(integers().between(0, ALPHABET.length() - 1))
        .ofSizeBetween(minLength, maxLength)
        .map(
            indexes -> {
              StringBuilder sb = new StringBuilder();
              for (int i : indexes) {
                sb.append(ALPHABET.charAt(i));
              }
              return sb.toString();
            });
  }

  @Test
  void matchesAgreesWithRegexTranscription() {
    qt().withExamples(3000)
        .forAll(strings(1, 6), strings(10))
        .checkAssert(
            (pattern, text) ->
                assertEquals(
                    referenceMatches(pattern, text),
                    new LikePattern(pattern).matches(text),
                    () -> "'" + text + "' ILIKE '" + pattern + "'"));
  }

  @Test
  void findSpanIsInsideTextAndNonNegativeOnlyWhenMatching() {
    qt().withExamples(2000)
        .forAll(strings(1, 6), strings(10))
        .checkAssert(
            (pattern, text) -> {
              LikePattern like = new LikePattern(pattern);
              long span = like.find(text);
              assertEquals(like.matches(text), span >= 0);
              if (span >= 0) {
                int start = (int) (span >>> 32);
                int end = (int) span;
                assertTrue(0 <= start && start <= end && end <= text.length(), List.of(start, end)::toString);
              }
            });
  }
}

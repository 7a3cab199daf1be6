package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.imdsdetect.core.AhoCorasick.Match;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

  private static List<Match> findAllInChars(AhoCorasick automaton, String text) {
    List<Match> matches = new ArrayList<>();
    char[] chars = text.toCharArray();
    automaton.findAll(
        chars,
        0,
        chars.length,
        (pattern, start, end) -> {
          matches.add(new Match(pattern, start, end));
          return true;
        });
    return matches;
  }

  private static List<Match> findAllInStringBuilder(AhoCorasick automaton, String text) {
    List<Match> matches = new ArrayList<>();
    automaton.findAll(
        new StringBuilder(text),
        (pattern, start, end) -> {
          matches.add(new Match(pattern, start, end));
          return true;
        });
    return matches;
  }

  /** Asserts that the String, StringBuilder and char[] scans all return {@code expected}. */
  private static void assertMatches(List<Match> expected, AhoCorasick automaton, String text) {
    assertEquals(expected, automaton.findAll(text), "String");
    assertEquals(expected, findAllInStringBuilder(automaton, text), "StringBuilder");
    assertEquals(expected, findAllInChars(automaton, text), "char[]");
    boolean expectedAny = !expected.isEmpty();
    assertEquals(expectedAny, automaton.containsAny(text), "containsAny(String)");
    assertEquals(
        expectedAny, automaton.containsAny(new StringBuilder(text)), "containsAny(StringBuilder)");
    assertEquals(
        expectedAny,
        automaton.containsAny(text.toCharArray(), 0, text.length()),
        "containsAny(char[])");
  }

  @Test
  void classicOverlapsInUshers() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("he", "she", "hers", "his"));

    // "ushers": "she" and "he" both end at 4, "hers" ends at 6.
    assertMatches(
        List.of(new Match(1, 1, 4), new Match(0, 2, 4), new Match(2, 2, 6)),
        automaton,
        "ushers");
  }

  @Test
  void overlappingOccurrencesOfOnePattern() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("aa"));

    List<Match> matches = automaton.findAll("aaaa");

    assertEquals(3, matches.size(), "dropping overlaps would find 2 or fewer: " + matches);
    assertEquals(List.of(new Match(0, 0, 2), new Match(0, 1, 3), new Match(0, 2, 4)), matches);
  }

  @Test
  void patternThatIsPrefixOfAnother() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("169.254", "169.254.169.254"));

    // Both patterns end at 15, the longer one is reported first.
    assertMatches(
        List.of(new Match(0, 0, 7), new Match(1, 0, 15), new Match(0, 8, 15)),
        automaton,
        "169.254.169.254");
  }

  @Test
  void patternThatIsSuffixOfAnother() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("metadata", "data"));

    // Both end at 8, the longer pattern is reported first.
    assertMatches(
        List.of(new Match(0, 0, 8), new Match(1, 4, 8)),
        automaton,
        "metadata");
  }

  @Test
  void patternInsideAnotherViaOutputLink() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("abcd", "bc"));

    // "bc" ends inside "abcd" at a state whose own pattern list is empty.
    assertMatches(List.of(new Match(1, 1, 3)), automaton, "abcx");
    assertMatches(List.of(new Match(1, 1, 3), new Match(0, 0, 4)), automaton, "abcd");
  }

  @Test
  void failureTransitionAfterPartialMatch() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("abab", "bac"));

    // After "aba" fails on 'c', the automaton continues from "ba" and finds "bac".
    assertMatches(List.of(new Match(1, 2, 5)), automaton, "xabac");
    assertMatches(List.of(new Match(0, 1, 5), new Match(1, 4, 7)), automaton, "xababac");
  }

  @Test
  void duplicatePatternsReportEachIndex() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("imds", "other", "IMDS", "imds"));

    assertEquals(4, automaton.patternCount());
    assertMatches(
        List.of(new Match(0, 4, 8), new Match(2, 4, 8), new Match(3, 4, 8)),
        automaton,
        "the imds api");
  }

  @Test
  void asciiLettersMatchCaseInsensitively() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("Metadata.Google.Internal"));

    assertTrue(automaton.containsAny("metadata.google.internal"));
    assertTrue(automaton.containsAny("METADATA.GOOGLE.INTERNAL"));
    assertTrue(automaton.containsAny("mEtAdAtA.gOoGlE.iNtErNaL"));
    assertEquals(List.of(new Match(0, 5, 29)), automaton.findAll("curl METADATA.google.internal/"));
  }

  @Test
  void upperCaseTextMatchesLowerCasePattern() {
    // Fails if the automaton compared chars exactly.
    AhoCorasick automaton = AhoCorasick.compile(List.of("x-aws-ec2-metadata-token"));

    List<Match> matches = automaton.findAll("X-AWS-EC2-METADATA-TOKEN: abc");

    assertEquals(List.of(new Match(0, 0, 24)), matches);
  }

  @Test
  void upperCasePatternMatchesLowerCaseText() {
    // Fails if only the text were folded, or if patterns were compared exactly.
    AhoCorasick automaton = AhoCorasick.compile(List.of("IMDS"));

    assertTrue(automaton.containsAny("imds"));
    assertTrue(automaton.containsAny("ImDs".toCharArray(), 0, 4));
    assertFalse(automaton.containsAny("wxyz"));
  }

  @Test
  void asciiFoldingDoesNotFoldLettersAfterZ() {
    // '[' is 'Z' + 1 and '{' is 'z' + 1, so an off-by-one fold would make them match.
    AhoCorasick automaton = AhoCorasick.compile(List.of("[", "@"));

    assertFalse(automaton.containsAny("{"));
    assertFalse(automaton.containsAny("`"));
    assertTrue(automaton.containsAny("["));
    assertTrue(automaton.containsAny("@"));
  }

  @Test
  void kelvinSignDoesNotMatchAsciiK() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("k"));

    assertFalse(automaton.containsAny("\u212A"));
    assertEquals(List.of(), automaton.findAll("\u212A"));
    assertTrue(automaton.containsAny("K"));
  }

  @Test
  void kelvinSignPatternDoesNotMatchAsciiK() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("\u212A"));

    assertFalse(automaton.containsAny("k"));
    assertFalse(automaton.containsAny("K"));
    assertTrue(automaton.containsAny("\u212A"));
  }

  @Test
  void sharpSDoesNotMatchDoubleS() {
    AhoCorasick sharpS = AhoCorasick.compile(List.of("ß"));
    AhoCorasick doubleS = AhoCorasick.compile(List.of("ss"));

    assertFalse(sharpS.containsAny("ss"));
    assertFalse(sharpS.containsAny("SS"));
    assertFalse(doubleS.containsAny("ß"));
    assertTrue(sharpS.containsAny("straße"));
  }

  @Test
  void nonAsciiLettersMatchOnlyThemselves() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("é"));

    assertFalse(automaton.containsAny("É"));
    assertFalse(automaton.containsAny("e"));
    assertTrue(automaton.containsAny("café"));
  }

  @Test
  void nonAsciiPatterns() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("メタデータ", "ü-ü", "€", "a€b"));

    assertMatches(
        List.of(
            new Match(2, 1, 2), new Match(3, 0, 3), new Match(0, 4, 9), new Match(1, 10, 13)),
        automaton,
        "a€b-メタデータ ü-ü");
  }

  @Test
  void unknownNonAsciiCharResetsMatch() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("ab", "ä"));

    assertEquals(List.of(), automaton.findAll("a\u00E5b"));
    assertEquals(List.of(new Match(0, 1, 3)), automaton.findAll("\u00E5ab"));
  }

  @Test
  void surrogatePairPattern() {
    String grinning = "\uD83D\uDE00";
    AhoCorasick automaton = AhoCorasick.compile(List.of(grinning));

    assertMatches(List.of(new Match(0, 1, 3)), automaton, "a" + grinning + "b");
    assertFalse(automaton.containsAny("\uD83D\uDE01"));
  }

  @Test
  void punctuationAndControlChars() {
    AhoCorasick automaton =
        AhoCorasick.compile(List.of("[fd00:ec2::254]", "\t\n", "\0", "$(curl", "\u007F"));

    assertMatches(
        List.of(
            new Match(3, 0, 6),
            new Match(0, 7, 22),
            new Match(1, 22, 24),
            new Match(2, 24, 25),
            new Match(4, 25, 26)),
        automaton,
        "$(curl [fd00:ec2::254]\t\n\0\u007F)");
  }

  @Test
  void emptyTextHasNoMatches() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("a"));

    assertMatches(List.of(), automaton, "");
    assertEquals(0, automaton.findAll("", (pattern, start, end) -> true));
  }

  @Test
  void findAllWithoutMatchReturnsEmptyList() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("needle"));

    List<Match> matches = automaton.findAll("haystack");

    assertEquals(List.of(), matches);
    assertThrows(UnsupportedOperationException.class, () -> matches.add(new Match(0, 0, 1)));
  }

  @Test
  void findAllReturnsImmutableList() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("a"));

    List<Match> matches = automaton.findAll("aa");

    assertEquals(2, matches.size());
    assertThrows(UnsupportedOperationException.class, () -> matches.add(new Match(0, 0, 1)));
  }

  @Test
  void subRangeFindsOnlyMatchesInsideRange() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("ab"));
    String text = "ab ab ab";
    List<Match> matches = new ArrayList<>();

    int count =
        automaton.findAll(
            text,
            1,
            7,
            (pattern, start, end) -> {
              matches.add(new Match(pattern, start, end));
              return true;
            });

    // Offsets are absolute, and the partial matches at [0, 2) and [6, 8) are excluded.
    assertEquals(1, count);
    assertEquals(List.of(new Match(0, 3, 5)), matches);
  }

  @Test
  void subRangeBoundsAreExact() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("ab"));
    String text = "xabx";
    char[] chars = text.toCharArray();
    StringBuilder builder = new StringBuilder(text);

    assertTrue(automaton.containsAny(text, 1, 3));
    assertTrue(automaton.containsAny(builder, 1, 3));
    assertTrue(automaton.containsAny(chars, 1, 3));
    assertFalse(automaton.containsAny(text, 2, 4));
    assertFalse(automaton.containsAny(builder, 0, 2));
    assertFalse(automaton.containsAny(chars, 1, 2));
    assertFalse(automaton.containsAny(text, 2, 2));
    assertFalse(automaton.containsAny(chars, 4, 4));
  }

  @Test
  void subRangeOfCharArray() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("he", "she"));
    char[] chars = "she she".toCharArray();
    List<Match> matches = new ArrayList<>();

    int count =
        automaton.findAll(
            chars,
            4,
            7,
            (pattern, start, end) -> {
              matches.add(new Match(pattern, start, end));
              return true;
            });

    assertEquals(2, count);
    assertEquals(List.of(new Match(1, 4, 7), new Match(0, 5, 7)), matches);
  }

  @Test
  void otherCharSequenceTypes() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("169.254.169.254"));
    CharBuffer buffer = CharBuffer.wrap("GET http://169.254.169.254/latest/");

    assertTrue(automaton.containsAny(buffer));
    assertEquals(List.of(new Match(0, 11, 26)), automaton.findAll(buffer));
  }

  @Test
  void handlerStopsSearchEarly() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("a"));
    List<Match> matches = new ArrayList<>();

    int count =
        automaton.findAll(
            "aaaa",
            (pattern, start, end) -> {
              matches.add(new Match(pattern, start, end));
              return matches.size() < 2;
            });

    assertEquals(2, count);
    assertEquals(List.of(new Match(0, 0, 1), new Match(0, 1, 2)), matches);
  }

  @Test
  void handlerStopsBetweenMatchesAtSameEnd() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("abc", "bc", "c"));
    List<Integer> patterns = new ArrayList<>();

    int count =
        automaton.findAll(
            "abc".toCharArray(),
            0,
            3,
            (pattern, start, end) -> {
              patterns.add(pattern);
              return patterns.size() < 2;
            });

    assertEquals(2, count);
    assertEquals(List.of(0, 1), patterns);
  }

  @Test
  void handlerStopOnFirstMatchReturnsOne() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("x"));

    assertEquals(1, automaton.findAll(new StringBuilder("xxx"), (pattern, start, end) -> false));
    assertEquals(1, automaton.findAll("xxx", 0, 3, (pattern, start, end) -> false));
  }

  @Test
  void findAllCountsEveryMatch() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("a", "aa"));

    assertEquals(5, automaton.findAll("aaa", (pattern, start, end) -> true));
  }

  @Test
  void patternAccessors() {
    List<String> patterns = new ArrayList<>(List.of("One", "two"));
    AhoCorasick automaton = AhoCorasick.compile(patterns);
    patterns.set(0, "changed");

    assertEquals(2, automaton.patternCount());
    assertEquals("One", automaton.pattern(0));
    assertEquals("two", automaton.pattern(1));
    assertThrows(IndexOutOfBoundsException.class, () -> automaton.pattern(2));
    assertThrows(IndexOutOfBoundsException.class, () -> automaton.pattern(-1));
  }

  @Test
  void compileRejectsEmptyList() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> AhoCorasick.compile(List.of()));

    assertTrue(error.getMessage().contains("empty"), error.getMessage());
  }

  @Test
  void compileRejectsNullList() {
    assertThrows(NullPointerException.class, () -> AhoCorasick.compile(null));
  }

  @Test
  void compileRejectsNullPatternNamingIndex() {
    List<String> patterns = Arrays.asList("a", "b", null);

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> AhoCorasick.compile(patterns));

    assertTrue(error.getMessage().contains("index 2"), error.getMessage());
  }

  @Test
  void compileRejectsEmptyPatternNamingIndex() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> AhoCorasick.compile(List.of("a", "", "b")));

    assertTrue(error.getMessage().contains("index 1"), error.getMessage());
  }

  @Test
  void compileRejectsTooManyPatternChars() {
    String longPattern = "a".repeat(AhoCorasick.MAX_TOTAL_PATTERN_CHARS / 2 + 1);

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> AhoCorasick.compile(List.of(longPattern, longPattern)));

    assertTrue(error.getMessage().contains("1000002"), error.getMessage());
  }

  @Test
  void compileAcceptsMaximumPatternChars() {
    String longPattern = "ab".repeat(AhoCorasick.MAX_TOTAL_PATTERN_CHARS / 2);

    AhoCorasick automaton = AhoCorasick.compile(List.of(longPattern));

    assertTrue(automaton.containsAny(longPattern));
    assertFalse(automaton.containsAny(longPattern.substring(1)));
  }

  @Test
  void compileRejectsTooLargeTransitionTable() {
    // 20,000 distinct non-ASCII chars give 20,001 char classes, so 3,356 or more states exceed
    // the table limit, well below the char limit.
    List<String> patterns = new ArrayList<>();
    StringBuilder pattern = new StringBuilder();
    for (char c = '\u4E00'; c < '\u4E00' + 20_000; c++) {
      pattern.append(c);
    }
    patterns.add(pattern.toString());

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> AhoCorasick.compile(patterns));

    assertTrue(error.getMessage().contains("transition table"), error.getMessage());
  }

  @Test
  void searchMethodsRejectInvalidArguments() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("a"));
    AhoCorasick.MatchHandler handler = (pattern, start, end) -> true;
    char[] chars = "abc".toCharArray();

    assertThrows(NullPointerException.class, () -> automaton.containsAny((CharSequence) null));
    assertThrows(NullPointerException.class, () -> automaton.containsAny((char[]) null, 0, 0));
    assertThrows(NullPointerException.class, () -> automaton.findAll((CharSequence) null));
    assertThrows(NullPointerException.class, () -> automaton.findAll("abc", null));
    assertThrows(NullPointerException.class, () -> automaton.findAll(chars, 0, 3, null));
    assertThrows(IndexOutOfBoundsException.class, () -> automaton.containsAny("abc", -1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> automaton.containsAny("abc", 2, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> automaton.containsAny("abc", 0, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> automaton.containsAny(chars, 0, 4));
    assertThrows(IndexOutOfBoundsException.class, () -> automaton.findAll("abc", 0, 4, handler));
    assertThrows(IndexOutOfBoundsException.class, () -> automaton.findAll(chars, 3, 2, handler));
  }

  @Test
  void searchWithoutMatchAllocatesNothing() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(
        threads instanceof com.sun.management.ThreadMXBean,
        "needs com.sun.management.ThreadMXBean to measure allocation");
    com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
    assumeTrue(allocation.isThreadAllocatedMemorySupported(), "allocation measurement unsupported");
    assumeTrue(allocation.isThreadAllocatedMemoryEnabled(), "allocation measurement disabled");

    AhoCorasick automaton = AhoCorasick.compile(List.of("169.254.169.254", "metadata", "é"));
    String text = "GET /index.html HTTP/1.1 Host: example.com ü 169.254.0.1";
    StringBuilder builder = new StringBuilder(text);
    char[] chars = text.toCharArray();
    AhoCorasick.MatchHandler handler = (pattern, start, end) -> true;

    // The JVM itself allocates now and then, for example during JIT compilation, so a round
    // can show a few bytes. A per-call allocation would show in every round.
    long minBytes = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = allocation.getCurrentThreadAllocatedBytes();
      int matchCount = 0;
      for (int i = 0; i < 1_000; i++) {
        matchCount += automaton.findAll(text, handler);
        matchCount += automaton.findAll(builder, handler);
        matchCount += automaton.findAll(chars, 0, chars.length, handler);
        matchCount += automaton.containsAny(text) ? 1 : 0;
        matchCount += automaton.containsAny(builder) ? 1 : 0;
        matchCount += automaton.containsAny(chars, 0, chars.length) ? 1 : 0;
      }
      long after = allocation.getCurrentThreadAllocatedBytes();
      assertEquals(0, matchCount);
      minBytes = Math.min(minBytes, after - before);
    }

    assertEquals(0, minBytes, "bytes allocated in the round with the fewest");
  }

  @Test
  void automatonIsSafeToShareBetweenThreads() throws InterruptedException {
    AhoCorasick automaton = AhoCorasick.compile(List.of("he", "she", "hers"));
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  if (automaton.findAll("ushers").size() != 3) {
                    failures.add(new AssertionError("wrong match count in iteration " + i));
                    return;
                  }
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertEquals(List.of(), failures);
  }

  @Test
  void toStringShowsSizes() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("ab", "AC"));

    // States: root, "a", "ab", "ac". Classes: other, 'a', 'b', 'c'.
    assertEquals("AhoCorasick[patterns=2, states=4, charClasses=4]", automaton.toString());
  }
}

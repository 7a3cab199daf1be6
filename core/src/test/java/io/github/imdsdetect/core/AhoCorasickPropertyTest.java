package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.github.imdsdetect.core.AhoCorasick.Match;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Compares {@link AhoCorasick} with a naive search on generated texts and pattern sets.
 *
 * <p>The small alphabet makes matches, overlaps and patterns that are prefixes of each other
 * common. It contains both cases of two ASCII letters, a non-ASCII letter in both cases, whose
 * cases must not match each other, and punctuation.
 */
class AhoCorasickPropertyTest {

  private static final String SMALL_ALPHABET = "abAB\u00E9\u00C9-.";

  private static final Comparator<Match> MATCH_ORDER =
      Comparator.comparingInt(Match::pattern)
          .thenComparingInt(Match::start)
          .thenComparingInt(Match::end);

  private static Gen<String> stringsOf(String alphabet, int minLength, int maxLength) {
    List<Character> chars =
        alphabet.chars().mapToObj(c -> (char) c).collect(Collectors.toList());
    return lists()
        .of(Generate.pick(chars))
        .ofSizeBetween(minLength, maxLength)
        .map(AhoCorasickPropertyTest::join);
  }

  private static String join(List<Character> chars) {
    StringBuilder builder = new StringBuilder(chars.size());
    for (char c : chars) {
      builder.append(c);
    }
    return builder.toString();
  }

  private static Gen<List<String>> smallAlphabetPatterns() {
    return lists().of(stringsOf(SMALL_ALPHABET, 1, 4)).ofSizeBetween(1, 8);
  }

  private static Gen<String> smallAlphabetTexts() {
    return stringsOf(SMALL_ALPHABET, 0, 40);
  }

  /** Returns {@code text} with only the ASCII letters A-Z changed to lower case. */
  private static String lowerAscii(String text) {
    StringBuilder builder = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      builder.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return builder.toString();
  }

  /** Finds every match in {@code text[start, end)} by trying each pattern at each offset. */
  private static List<Match> naiveFindAll(List<String> patterns, String text, int start, int end) {
    String foldedText = lowerAscii(text);
    List<Match> matches = new ArrayList<>();
    for (int p = 0; p < patterns.size(); p++) {
      String foldedPattern = lowerAscii(patterns.get(p));
      int length = foldedPattern.length();
      for (int i = start; i + length <= end; i++) {
        if (foldedText.regionMatches(i, foldedPattern, 0, length)) {
          matches.add(new Match(p, i, i + length));
        }
      }
    }
    matches.sort(MATCH_ORDER);
    return matches;
  }

  private static List<Match> sorted(List<Match> matches) {
    List<Match> copy = new ArrayList<>(matches);
    copy.sort(MATCH_ORDER);
    return copy;
  }

  private static List<Match> collect(AhoCorasick automaton, CharSequence text, int start, int end) {
    List<Match> matches = new ArrayList<>();
    int count =
        automaton.findAll(
            text,
            start,
            end,
            (pattern, matchStart, matchEnd) -> {
              matches.add(new Match(pattern, matchStart, matchEnd));
              return true;
            });
    assertEquals(matches.size(), count, "returned count");
    return matches;
  }

  private static List<Match> collect(AhoCorasick automaton, char[] text, int start, int end) {
    List<Match> matches = new ArrayList<>();
    int count =
        automaton.findAll(
            text,
            start,
            end,
            (pattern, matchStart, matchEnd) -> {
              matches.add(new Match(pattern, matchStart, matchEnd));
              return true;
            });
    assertEquals(matches.size(), count, "returned count");
    return matches;
  }

  private static void assertOrderedByEnd(List<Match> matches) {
    for (int i = 1; i < matches.size(); i++) {
      assertTrue(
          matches.get(i - 1).end() <= matches.get(i).end(),
          "matches out of end order at " + i + ": " + matches);
    }
  }

  /** Checks every search method of the automaton against the naive search on one range. */
  private static void assertAgreesWithNaive(
      List<String> patterns, String text, int start, int end) {
    AhoCorasick automaton = AhoCorasick.compile(patterns);
    List<Match> expected = naiveFindAll(patterns, text, start, end);

    List<Match> fromString = collect(automaton, text, start, end);
    List<Match> fromBuilder = collect(automaton, new StringBuilder(text), start, end);
    List<Match> fromChars = collect(automaton, text.toCharArray(), start, end);

    assertEquals(expected, sorted(fromString), "String matches");
    assertOrderedByEnd(fromString);
    assertEquals(fromString, fromBuilder, "StringBuilder matches in String order");
    assertEquals(fromString, fromChars, "char[] matches in String order");

    boolean expectedAny = !expected.isEmpty();
    assertEquals(expectedAny, automaton.containsAny(text, start, end), "containsAny(String)");
    assertEquals(
        expectedAny,
        automaton.containsAny(new StringBuilder(text), start, end),
        "containsAny(StringBuilder)");
    assertEquals(
        expectedAny, automaton.containsAny(text.toCharArray(), start, end), "containsAny(char[])");

    int expectedFirstEnd = expected.stream().mapToInt(Match::end).min().orElse(-1);
    assertEquals(expectedFirstEnd, automaton.firstMatchEnd(text, start, end),
        "firstMatchEnd(String)");
    assertEquals(expectedFirstEnd, automaton.firstMatchEnd(new StringBuilder(text), start, end),
        "firstMatchEnd(StringBuilder)");
  }

  @Test
  void smallAlphabetMatchesNaiveSearch() {
    qt().withExamples(2000)
        .forAll(smallAlphabetPatterns(), smallAlphabetTexts())
        .checkAssert((patterns, text) -> assertAgreesWithNaive(patterns, text, 0, text.length()));
  }

  @Test
  void smallAlphabetSubRangeMatchesNaiveSearch() {
    qt().withExamples(1000)
        .forAll(
            smallAlphabetPatterns(),
            smallAlphabetTexts(),
            integers().between(0, 1000),
            integers().between(0, 1000))
        .checkAssert(
            (patterns, text, startSeed, lengthSeed) -> {
              int start = startSeed % (text.length() + 1);
              int end = start + lengthSeed % (text.length() - start + 1);
              assertAgreesWithNaive(patterns, text, start, end);
            });
  }

  @Test
  void findAllListMatchesNaiveSearch() {
    qt().withExamples(1000)
        .forAll(smallAlphabetPatterns(), smallAlphabetTexts())
        .checkAssert(
            (patterns, text) -> {
              AhoCorasick automaton = AhoCorasick.compile(patterns);
              List<Match> matches = automaton.findAll(text);

              assertEquals(naiveFindAll(patterns, text, 0, text.length()), sorted(matches));
              assertOrderedByEnd(matches);
            });
  }

  @Test
  void stoppedSearchReportsPrefixOfAllMatches() {
    qt().withExamples(1000)
        .forAll(smallAlphabetPatterns(), smallAlphabetTexts(), integers().between(1, 20))
        .checkAssert(
            (patterns, text, limit) -> {
              AhoCorasick automaton = AhoCorasick.compile(patterns);
              List<Match> all = automaton.findAll(text);
              List<Match> reported = new ArrayList<>();

              int count =
                  automaton.findAll(
                      text,
                      (pattern, start, end) -> {
                        reported.add(new Match(pattern, start, end));
                        return reported.size() < limit;
                      });

              int expectedCount = Math.min(limit, all.size());
              assertEquals(expectedCount, count, "returned count");
              assertEquals(all.subList(0, expectedCount), reported);
            });
  }

  @Test
  void arbitraryPatternsAndTextsMatchNaiveSearch() {
    qt().withExamples(1000)
        .forAll(
            lists().of(strings().basicLatinAlphabet().ofLengthBetween(1, 3)).ofSizeBetween(1, 10),
            strings().basicLatinAlphabet().ofLengthBetween(0, 60))
        .checkAssert((patterns, text) -> assertAgreesWithNaive(patterns, text, 0, text.length()));
  }

  @Test
  void arbitraryUnicodeTextsMatchNaiveSearch() {
    qt().withExamples(1000)
        .forAll(
            lists()
                .of(strings().basicMultilingualPlaneAlphabet().ofLengthBetween(1, 3))
                .ofSizeBetween(1, 10),
            strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert((patterns, text) -> assertAgreesWithNaive(patterns, text, 0, text.length()));
  }

  @Test
  void patternsCutFromArbitraryTextAreFound() {
    // Patterns cut from the text itself, with ASCII case flipped, so that arbitrary chars match.
    qt().withExamples(1000)
        .forAll(
            strings().allPossible().ofLengthBetween(1, 40),
            lists().of(integers().between(0, 1000)).ofSizeBetween(2, 8))
        .checkAssert(
            (text, seeds) -> {
              List<String> patterns = new ArrayList<>();
              for (int i = 0; i + 1 < seeds.size(); i += 2) {
                int start = seeds.get(i) % text.length();
                int end = start + 1 + seeds.get(i + 1) % (text.length() - start);
                patterns.add(flipAsciiCase(text.substring(start, end)));
              }

              assertAgreesWithNaive(patterns, text, 0, text.length());
              assertTrue(AhoCorasick.compile(patterns).containsAny(text), "cut pattern not found");
            });
  }

  @Test
  void emptyTextHasNoMatches() {
    qt().withExamples(500)
        .forAll(lists().of(strings().allPossible().ofLengthBetween(1, 5)).ofSizeBetween(1, 5))
        .checkAssert(patterns -> assertAgreesWithNaive(patterns, "", 0, 0));
  }

  private static String flipAsciiCase(String text) {
    StringBuilder builder = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        builder.append((char) (c - ('a' - 'A')));
      } else if (c >= 'A' && c <= 'Z') {
        builder.append((char) (c + ('a' - 'A')));
      } else {
        builder.append(c);
      }
    }
    return builder.toString();
  }
}

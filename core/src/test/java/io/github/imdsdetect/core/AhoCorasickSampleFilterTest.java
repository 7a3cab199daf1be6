package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Tests {@code containsAny} on pattern sets for which the sample filter skips text. Each case
 * checks the String, char[] and StringBuilder scans, because only the first two use the filter
 * and the third must agree with them.
 */
class AhoCorasickSampleFilterTest {

  /** Chars that occur in no pattern of these tests, used to pad texts. */
  private static final String FILLER = "xyz_ 0123456789";

  private static final String PATTERN_ALPHABET = "abAB.-\u00E9";

  private static final List<String> METADATA_NEEDLES =
      List.of("a9.0", "64.0", "opc/v", "fd00:", "169.254.", "metadata", "latest/meta-data",
          "2852039166", "iam/security-credentials", "aws_container_credentials_full_uri", "-j",
          "dnat");

  private static String fill(int length, int seed) {
    StringBuilder builder = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      builder.append(FILLER.charAt(Math.floorMod(seed * 31 + i * 7, FILLER.length())));
    }
    return builder.toString();
  }

  private static String lowerAscii(String text) {
    StringBuilder builder = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      builder.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return builder.toString();
  }

  private static boolean naiveContainsAny(List<String> patterns, String text, int start, int end) {
    String range = lowerAscii(text.substring(start, end));
    for (String pattern : patterns) {
      if (range.contains(lowerAscii(pattern))) {
        return true;
      }
    }
    return false;
  }

  private static void assertContainsAny(
      boolean expected, AhoCorasick automaton, String text, int start, int end) {
    String where = " in [" + start + ", " + end + ") of \"" + text + "\"";
    assertEquals(expected, automaton.containsAny(text, start, end), "String" + where);
    assertEquals(
        expected, automaton.containsAny(text.toCharArray(), start, end), "char[]" + where);
    assertEquals(
        expected,
        automaton.containsAny(new StringBuilder(text), start, end),
        "StringBuilder" + where);
  }

  @Test
  void patternFoundAtEveryOffset() {
    for (int length = 1; length <= 12; length++) {
      String pattern = "jk.-ba.Ab-aB".substring(0, length);
      AhoCorasick automaton = AhoCorasick.compile(List.of(pattern));
      assertTrue(automaton.usesSampleFilter(), "sample filter for " + pattern);
      for (int textLength = length; textLength <= length + 40; textLength++) {
        for (int offset = 0; offset + length <= textLength; offset++) {
          String text =
              fill(offset, length)
                  + pattern.toUpperCase(java.util.Locale.ROOT)
                  + fill(textLength - offset - length, offset);

          assertContainsAny(true, automaton, text, 0, textLength);
          assertContainsAny(true, automaton, text, offset, offset + length);
          assertContainsAny(false, automaton, text, offset + 1, textLength);
          assertContainsAny(false, automaton, text, 0, offset + length - 1);
        }
      }
    }
  }

  @Test
  void fillerWithoutPatternHasNoMatch() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("abc", "ab.-", "-ba.b"));
    assertTrue(automaton.usesSampleFilter());
    for (int textLength = 0; textLength <= 100; textLength++) {
      assertContainsAny(false, automaton, fill(textLength, 3), 0, textLength);
    }
  }

  @Test
  void metadataNeedlesFoundAtEveryOffset() {
    AhoCorasick automaton = AhoCorasick.compile(METADATA_NEEDLES);
    assertTrue(automaton.usesSampleFilter());
    for (String needle : METADATA_NEEDLES) {
      for (int offset = 0; offset <= 20; offset++) {
        String text = fill(offset, 1) + needle.toUpperCase(java.util.Locale.ROOT) + fill(7, 2);
        int needleEnd = offset + needle.length();

        assertContainsAny(true, automaton, text, 0, text.length());
        assertContainsAny(true, automaton, text, offset, needleEnd);
        assertContainsAny(false, automaton, text, offset, needleEnd - 1);
      }
    }
  }

  @Test
  void firstMatchEndMatchesPlainScan() {
    AhoCorasick automaton = AhoCorasick.compile(METADATA_NEEDLES);
    assertTrue(automaton.usesSampleFilter());
    List<String> pieces = new ArrayList<>(METADATA_NEEDLES);
    pieces.addAll(List.of("x", " ", "-o ", "meta", "169.", ".254", "kubectl get pods "));
    qt().withExamples(3000)
        .forAll(lists().of(integers().between(0, pieces.size() - 1)).ofSizeBetween(0, 12),
            integers().between(0, 60), integers().between(0, 200))
        .checkAssert((picks, from, to) -> {
          StringBuilder text = new StringBuilder();
          picks.forEach(i -> text.append(i % 3 == 0
              ? pieces.get(i).toUpperCase(java.util.Locale.ROOT) : pieces.get(i)));
          int start = Math.min(from, text.length());
          int end = Math.max(start, Math.min(to, text.length()));
          // A StringBuilder takes the plain scan, a String the sample filter.
          assertEquals(automaton.firstMatchEnd(text, start, end),
              automaton.firstMatchEnd(text.toString(), start, end), text.toString());
        });
  }

  @Test
  void metadataNeedlesInCommandLines() {
    AhoCorasick automaton = AhoCorasick.compile(METADATA_NEEDLES);

    assertTrue(automaton.containsAny("curl -s http://169.254.169.254/latest/meta-data/"));
    assertTrue(automaton.containsAny("CURL HTTP://0251.0376.0251.0376/ -o /tmp/A9.0X"));
    assertTrue(automaton.containsAny("wget -qO- http://[FD00:ec2::254]/"));
    assertTrue(automaton.containsAny("java -XX:MaxRAMPercentage=75.0 -jar /opt/app/app.jar"));
    assertTrue(automaton.containsAny("iptables -t nat -A OUTPUT -J DNAT"));
    assertFalse(automaton.containsAny("pip install numpy==1.26.4 requests==2.31.0 click"));
    assertFalse(automaton.containsAny("java -XX:MaxRAMPercentage=75.0 -cp /opt/app/lib"));
  }

  @Test
  void charsSharingLowBitsDoNotMatch() {
    // '.' and 'n', '/' and 'o', '-' and 'm' share their low 5 bits, so the filter cannot tell
    // them apart and the automaton must.
    AhoCorasick automaton = AhoCorasick.compile(List.of("a.b/c-d", "\u00E9\u00E9\u00E9"));
    assertTrue(automaton.usesSampleFilter());

    assertFalse(automaton.containsAny("xx anbocmd xx"));
    assertFalse(automaton.containsAny("xx \u00C9\u00C9\u00C9 xx \u00C9\u00E9\u00E9"));
    assertTrue(automaton.containsAny("xx A.B/C-D xx"));
    assertTrue(automaton.containsAny("xx \u00E9\u00E9\u00E9"));
  }

  private static Gen<String> stringsOf(String alphabet, int minLength, int maxLength) {
    List<Character> chars =
        alphabet.chars().mapToObj(c -> (char) c).collect(Collectors.toList());
    return lists()
        .of(Generate.pick(chars))
        .ofSizeBetween(minLength, maxLength)
        .map(AhoCorasickSampleFilterTest::join);
  }

  private static String join(List<Character> chars) {
    StringBuilder builder = new StringBuilder(chars.size());
    for (char c : chars) {
      builder.append(c);
    }
    return builder.toString();
  }

  @Test
  void commonSingleCharPatternUsesPlainScan() {
    AhoCorasick automaton = AhoCorasick.compile(List.of("e", "metadata"));

    assertFalse(automaton.usesSampleFilter());
    assertTrue(automaton.containsAny("xx E xx"));
  }

  @Test
  void longPatternsMatchNaiveSearch() {
    qt().withExamples(2000)
        .forAll(
            lists().of(stringsOf(PATTERN_ALPHABET, 1, 8)).ofSizeBetween(1, 6),
            stringsOf(PATTERN_ALPHABET + FILLER, 0, 200),
            integers().between(0, 1000),
            integers().between(0, 1000))
        .checkAssert(
            (patterns, text, startSeed, lengthSeed) -> {
              AhoCorasick automaton = AhoCorasick.compile(patterns);
              int start = startSeed % (text.length() + 1);
              int end = start + lengthSeed % (text.length() - start + 1);

              assertContainsAny(
                  naiveContainsAny(patterns, text, 0, text.length()),
                  automaton,
                  text,
                  0,
                  text.length());
              assertContainsAny(
                  naiveContainsAny(patterns, text, start, end), automaton, text, start, end);
            });
  }

  @Test
  void patternsCutFromLongTextsAreFound() {
    qt().withExamples(1000)
        .forAll(
            strings().allPossible().ofLengthBetween(1, 200),
            lists().of(integers().between(0, 10_000)).ofSizeBetween(2, 8))
        .checkAssert(
            (text, seeds) -> {
              List<String> patterns = new ArrayList<>();
              for (int i = 0; i + 1 < seeds.size(); i += 2) {
                int start = seeds.get(i) % text.length();
                int end = start + 1 + seeds.get(i + 1) % (text.length() - start);
                patterns.add(text.substring(start, end));
              }
              AhoCorasick automaton = AhoCorasick.compile(patterns);

              assertContainsAny(true, automaton, text, 0, text.length());
            });
  }

  @Test
  void sampledSearchWithoutMatchAllocatesNothing() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeTrue(
        threads instanceof com.sun.management.ThreadMXBean,
        "needs com.sun.management.ThreadMXBean to measure allocation");
    com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
    assumeTrue(allocation.isThreadAllocatedMemorySupported(), "allocation measurement unsupported");
    assumeTrue(allocation.isThreadAllocatedMemoryEnabled(), "allocation measurement disabled");

    AhoCorasick automaton = AhoCorasick.compile(METADATA_NEEDLES);
    String text = "kubectl logs -f deploy/orders -n prod --since=10m --tail=200 ü 169.253.0.1";
    char[] chars = text.toCharArray();

    // The JVM itself allocates now and then, for example during JIT compilation, so a round
    // can show a few bytes. A per-call allocation would show in every round.
    long minBytes = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = allocation.getCurrentThreadAllocatedBytes();
      int matchCount = 0;
      for (int i = 0; i < 1_000; i++) {
        matchCount += automaton.containsAny(text) ? 1 : 0;
        matchCount += automaton.containsAny(chars, 0, chars.length) ? 1 : 0;
      }
      long after = allocation.getCurrentThreadAllocatedBytes();
      assertEquals(0, matchCount);
      minBytes = Math.min(minBytes, after - before);
    }

    assertEquals(0, minBytes, "bytes allocated in the round with the fewest");
  }
}

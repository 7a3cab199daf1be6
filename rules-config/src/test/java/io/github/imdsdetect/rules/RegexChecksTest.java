package io.github.imdsdetect.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegexChecksTest {

  static Stream<Arguments> sizes() {
    return Stream.of(
        Arguments.of("abc", 3L),
        Arguments.of("", 0L),
        Arguments.of("a{3}", 3L),
        Arguments.of("a{0}", 1L),
        Arguments.of("(ab){3}", 6L),
        Arguments.of("(?:ab){2,5}", 10L),
        Arguments.of("(?P<n>ab){4}", 8L),
        Arguments.of("a{2,}", 3L),
        Arguments.of("a{,3}", 5L),
        Arguments.of("a{x}", 4L),
        Arguments.of("[a-z]{10}", 10L),
        Arguments.of("[]a]{4}", 4L),
        Arguments.of("[^]a]{4}", 4L),
        Arguments.of("[[:alpha:]]{4}", 4L),
        Arguments.of("[a\\]]{4}", 4L),
        Arguments.of("\\d{4}", 4L),
        Arguments.of("\\pL{5}", 5L),
        Arguments.of("\\p{Greek}{5}", 5L),
        Arguments.of("\\x{41}{5}", 5L),
        Arguments.of("\\x41{5}", 5L),
        Arguments.of("\\Qa{b\\E{3}", 5L),
        Arguments.of("(?i)ab", 2L),
        Arguments.of("(?i:ab){2}", 4L),
        Arguments.of("a|b{3}", 4L),
        Arguments.of("a*b+c?", 3L),
        Arguments.of("((a{10}){10}){10}", 1000L),
        Arguments.of("((a{1000}){1000}){1000}", 1_000_000_000L),
        Arguments.of("(a{99999999999999999999}){9}", Long.MAX_VALUE),
        Arguments.of("(((", 0L),
        Arguments.of(")))", 3L),
        Arguments.of("\\", 1L),
        Arguments.of("[abc", 1L));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("sizes")
  void expandedSizeCountsCopies(String expression, long expected) {
    assertEquals(expected, RegexChecks.expandedSize(expression));
  }

  @Test
  void literalFoundThroughEscapes() {
    assertTrue(RegexChecks.mentionsLiteral("169\\.254\\.169\\.254", "169.254"));
    assertTrue(RegexChecks.mentionsLiteral("(?i)Metadata-Flavor\\s*:", "metadata-flavor"));
    assertTrue(RegexChecks.mentionsLiteral("a\\\\b", "a\\b"));
  }

  @Test
  void literalMissingFromExpression() {
    assertFalse(RegexChecks.mentionsLiteral("x-test[0-9]+", "x-tset"));
    assertFalse(RegexChecks.mentionsLiteral("\\d+", "d"));
    assertFalse(RegexChecks.mentionsLiteral("a\\sb", "asb"));
  }
}

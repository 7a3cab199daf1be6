package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IndicatorRegexLimitTest {

  @Test
  void tripleNestedRepetitionRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Indicator.regex("((a{1000}){1000}){1000}", "a"));

    assertTrue(e.getMessage().contains("multiply to 1000000000"), e.getMessage());
    assertTrue(e.getMessage().contains("limit of 1000"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "(a{100}){100}",
      "(?:ab{2}){501}",
      "a{2}{501}",
      "(x|(y{40})){40}",
      "a{1001}",
      "(a{10,2000}){1}",
      "(a{99999999999999999999}){2}",
  })
  void nestedProductOverLimitRejected(String expression) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Indicator.regex(expression, "a"));

    assertTrue(e.getMessage().contains("over the limit of 1000"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a{1000}",
      "(a{10}){100}",
      "(a{1000})",
      "a{1000}b{1000}c{1000}",
      "(?i)169\\.254\\.170\\.2(?::\\d+)?/v2/credentials",
      "x\\{1000\\}{2}",
      "[({]{1000}",
      "[]{]{1000}",
      "[[:alpha:]{]{1000}",
      "\\Q(a{1000}\\E{2}",
      "a{,5000}",
      "a{x}",
  })
  void expressionsWithinLimitsAccepted(String expression) {
    Indicator indicator = Indicator.regex(expression, "a");

    assertEquals(Indicator.Kind.REGEX, indicator.kind());
  }

  @Test
  void longestAllowedSideBySideRepetitionsCompile() {
    String expression = "a{1000}".repeat(Indicator.MAX_REGEX_CHARS / "a{1000}".length());

    Indicator indicator = Indicator.regex(expression, "a");

    assertEquals(expression, indicator.pattern());
  }

  @Test
  void overlongExpressionRejected() {
    String expression = "a".repeat(Indicator.MAX_REGEX_CHARS + 1);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Indicator.regex(expression, "a"));

    assertTrue(e.getMessage().contains("1001 chars long"), e.getMessage());
  }

  @Test
  void invalidExpressionStillRejectedByRe2() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Indicator.regex("(a{10}", "a"));

    assertTrue(e.getMessage().startsWith("invalid RE2 expression"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a                        | 1",
      "a{7}                     | 7",
      "a{3,}                    | 3",
      "a{2,9}                   | 9",
      "(a{3}b){4}               | 12",
      "'(a{3}|b{5}){2}'         | 10",
      "((a{2}){3}){4}           | 24",
      "(a{2}){3}b{50}           | 50",
      "a{2}{3}                  | 6",
      "\\(a{2}\\){3}            | 3",
      "[(]a{2}[)]{3}            | 3",
      "(a{2}                    | 2",
      "a{2})){3}                | 3",
  })
  void repetitionProductComputed(String expression, long expected) {
    assertEquals(expected, Indicator.maxRepetitionProduct(expression));
  }

  @Test
  void repetitionProductSaturates() {
    String sevenLevels = "(".repeat(7) + "a" + "){1000}".repeat(7);

    assertEquals(Long.MAX_VALUE, Indicator.maxRepetitionProduct(sevenLevels));
  }
}

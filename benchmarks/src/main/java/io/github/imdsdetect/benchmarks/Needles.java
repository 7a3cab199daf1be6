package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.RuleSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The needle list that every matcher benchmark searches for, and a plain reference search that
 * checks the results of the faster implementations.
 */
public final class Needles {

  private static final List<String> DEFAULT_PROFILE = buildDefaultProfile();

  private Needles() {}

  /**
   * Returns the literal needles of the default rule set: the union over all fields of {@link
   * Detector#prefilterLiterals()}, which are the literals the detector's prefilter searches.
   * Every needle is lower case and the list has no duplicates.
   */
  public static List<String> defaultProfile() {
    return DEFAULT_PROFILE;
  }

  private static List<String> buildDefaultProfile() {
    Set<String> needles = new LinkedHashSet<>();
    byField(RuleSet.defaults()).values().forEach(needles::addAll);
    return List.copyOf(needles);
  }

  /**
   * Returns, for each field that a rule of the set reads, the literals that the detector's
   * prefilter searches in it ({@link Detector#prefilterLiterals()}). Fields are in enum order.
   */
  public static Map<Field, List<String>> byField(RuleSet ruleSet) {
    return Detector.create(ruleSet).prefilterLiterals();
  }

  /**
   * Tests whether {@code text} contains any of the lower-case {@code needles}, comparing ASCII
   * letters case-insensitively, as the library's matcher does. It folds the text once and tries
   * {@link String#indexOf(String)} per needle, which is slow but obviously right.
   */
  public static boolean referenceContainsAny(List<String> needles, String text) {
    String folded = lowerAscii(text);
    for (String needle : needles) {
      if (folded.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** Returns {@code text} with only the ASCII letters A-Z changed to lower case. */
  public static String lowerAscii(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c >= 'A' && c <= 'Z') {
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return new String(chars);
  }
}

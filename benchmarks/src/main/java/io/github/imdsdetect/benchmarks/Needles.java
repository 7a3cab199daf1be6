package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.MetadataAddresses;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import java.util.EnumMap;
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
   * Returns the literal needles of the default rule set: each indicator's required literal plus
   * {@link MetadataAddresses#anchors()}, which the detector feeds its prefilter for the
   * metadata-address indicators. Every needle is lower case and the list has no duplicates.
   */
  public static List<String> defaultProfile() {
    return DEFAULT_PROFILE;
  }

  private static List<String> buildDefaultProfile() {
    Set<String> needles = new LinkedHashSet<>();
    for (Rule rule : RuleSet.defaults().rules()) {
      for (Indicator indicator : rule.indicators()) {
        if (indicator.requiredLiteral() != null) {
          needles.add(indicator.requiredLiteral());
        }
      }
    }
    needles.addAll(MetadataAddresses.anchors());
    return List.copyOf(needles);
  }

  /**
   * Returns, for each field that a rule of the set reads, the needles of the rules that read it,
   * as the detector's prefilter collects them: each indicator's required literal, or {@link
   * MetadataAddresses#anchors()} for a metadata-address indicator. Fields are in enum order.
   */
  public static Map<Field, List<String>> byField(RuleSet ruleSet) {
    Map<Field, Set<String>> needles = new EnumMap<>(Field.class);
    for (Rule rule : ruleSet.rules()) {
      for (Field field : rule.fields()) {
        Set<String> fieldNeedles = needles.computeIfAbsent(field, f -> new LinkedHashSet<>());
        for (Indicator indicator : rule.indicators()) {
          if (indicator.kind() == Indicator.Kind.METADATA_ADDRESS) {
            fieldNeedles.addAll(MetadataAddresses.anchors());
          } else {
            fieldNeedles.add(indicator.requiredLiteral());
          }
        }
      }
    }
    Map<Field, List<String>> lists = new EnumMap<>(Field.class);
    needles.forEach((field, set) -> lists.put(field, List.copyOf(set)));
    return lists;
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

package io.github.imdsdetect.benchmarks;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import io.github.imdsdetect.core.AhoCorasick;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ahocorasick.trie.Trie;

/**
 * One way to test a text for any needle of a fixed list, ignoring ASCII case. {@link
 * MatcherBenchmark} runs each implementation on the same needles and texts.
 *
 * <p>Instances may keep per-thread state, such as a reusable regex matcher, so each benchmark
 * thread builds its own.
 */
public interface TextMatcher {

  /**
   * Scans one text. Returns 1 when the text contains a needle and 0 when not, except that {@link
   * Implementation#READ_ONLY} returns the sum of the chars.
   */
  long scan(String text);

  /** The implementations that {@link MatcherBenchmark} compares, by its parameter value. */
  enum Implementation {
    /** This project's {@link AhoCorasick#containsAny(CharSequence)}. */
    LIBRARY,
    /** {@link String#toLowerCase(Locale)}, then {@link String#contains} per needle. */
    LOWER_CASE_CONTAINS,
    /** One {@code java.util.regex} alternation of the quoted needles, CASE_INSENSITIVE. */
    JDK_REGEX,
    /** One re2j alternation of the quoted needles with the {@code (?i)} flag. */
    RE2J,
    /** {@code org.ahocorasick:ahocorasick} Trie built with {@code ignoreCase()}. */
    ROBERT_BOR_TRIE,
    /**
     * {@code com.hankcs:aho-corasick-double-array-trie}, which has no case folding, on the text
     * after {@link String#toLowerCase(Locale)}.
     */
    HANKCS_DOUBLE_ARRAY_TRIE,
    /** Reads every char once and sums them: the practical floor for any matcher. */
    READ_ONLY;

    /** Builds this implementation for the lower-case {@code needles}. */
    TextMatcher build(List<String> needles) {
      switch (this) {
        case LIBRARY: {
          AhoCorasick automaton = AhoCorasick.compile(needles);
          return text -> automaton.containsAny(text) ? 1 : 0;
        }
        case LOWER_CASE_CONTAINS: {
          String[] array = needles.toArray(new String[0]);
          return text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String needle : array) {
              if (lower.contains(needle)) {
                return 1;
              }
            }
            return 0;
          };
        }
        case JDK_REGEX: {
          Matcher matcher = Pattern.compile(alternation(needles, Pattern::quote),
              Pattern.CASE_INSENSITIVE).matcher("");
          return text -> matcher.reset(text).find() ? 1 : 0;
        }
        case RE2J: {
          com.google.re2j.Matcher matcher = com.google.re2j.Pattern.compile(
              "(?i)" + alternation(needles, com.google.re2j.Pattern::quote)).matcher("");
          return text -> matcher.reset(text).find() ? 1 : 0;
        }
        case ROBERT_BOR_TRIE: {
          Trie trie = Trie.builder().ignoreCase().addKeywords(needles).build();
          return text -> trie.containsMatch(text) ? 1 : 0;
        }
        case HANKCS_DOUBLE_ARRAY_TRIE: {
          TreeMap<String, String> map = new TreeMap<>();
          for (String needle : needles) {
            map.put(needle, needle);
          }
          AhoCorasickDoubleArrayTrie<String> trie = new AhoCorasickDoubleArrayTrie<>();
          trie.build(map);
          return text -> trie.matches(text.toLowerCase(Locale.ROOT)) ? 1 : 0;
        }
        case READ_ONLY:
          return text -> {
            long sum = 0;
            for (int i = 0; i < text.length(); i++) {
              sum += text.charAt(i);
            }
            return sum;
          };
        default:
          throw new AssertionError(this);
      }
    }

    private static String alternation(List<String> needles,
        java.util.function.UnaryOperator<String> quote) {
      StringBuilder pattern = new StringBuilder();
      for (String needle : needles) {
        if (pattern.length() > 0) {
          pattern.append('|');
        }
        pattern.append(quote.apply(needle));
      }
      return pattern.toString();
    }
  }
}

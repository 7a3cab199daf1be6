package io.github.imdsdetect.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Aho-Corasick automaton that finds every occurrence of a fixed set of patterns in one pass over
 * a text.
 *
 * <p>ASCII letters match case-insensitively, so {@code 'A'..'Z'} equal {@code 'a'..'z'}. Every
 * other char, including non-ASCII letters, matches only itself. So the pattern {@code "k"} does
 * not match U+212A KELVIN SIGN, {@code "é"} does not match {@code "É"}, and {@code "ß"} does not
 * match {@code "ss"}. Text and patterns are compared as UTF-16 chars, not code points.
 *
 * <p>{@link #compile} builds a trie of the patterns, computes the failure links breadth-first and
 * folds them into a dense DFA transition table. The table has one row per trie state and one
 * column per char class. The classes are the distinct chars of the patterns after ASCII case
 * folding, plus class 0 for every other char. A scan therefore does one class lookup and one table
 * lookup per char and never follows failure links. To report every pattern that ends at a
 * position, each state stores the patterns it completes and an output link to the nearest state
 * on its failure chain that completes a pattern.
 *
 * <p>{@code containsAny} on a {@code String} or {@code char[]} puts a {@code SampleFilter} in
 * front of the automaton unless the patterns are so short or common that the filter would pass
 * most text. The filter reads a 4-char sample every 3 positions and looks it up in a bit set.
 * Only when a sample could lie inside a pattern does the automaton run, over the few chars
 * around it. So text without candidates costs one bit set lookup per 3 chars instead of one
 * table lookup per char. The {@code findAll} methods and {@code containsAny} on other {@code
 * CharSequence} types always run the plain scan.
 *
 * <p>Limits: the patterns may contain at most {@link #MAX_TOTAL_PATTERN_CHARS} chars in total,
 * and the transition table at most {@link #MAX_TRANSITION_TABLE_ENTRIES} entries (trie states
 * times char classes). A pattern set with many distinct chars, for example thousands of CJK
 * characters, can reach the table limit well before the char limit.
 *
 * <p>Instances are immutable and safe to share between threads. {@code containsAny} and the
 * {@code findAll} methods that take a {@link MatchHandler} allocate no objects themselves. Only
 * {@link #findAll(CharSequence)}, which builds a list, and the exceptions thrown for invalid
 * arguments allocate.
 */
public final class AhoCorasick {

  /** Maximum sum of the lengths of all patterns, in chars, that {@link #compile} accepts. */
  public static final int MAX_TOTAL_PATTERN_CHARS = 1_000_000;

  /**
   * Maximum number of entries (trie states times char classes) in the transition table that
   * {@link #compile} builds. Each entry is an {@code int}, so the table takes at most 256 MiB.
   */
  public static final int MAX_TRANSITION_TABLE_ENTRIES = 1 << 26;

  private static final int ASCII_SIZE = 128;

  /** Class 0 contains every char that occurs in no pattern. */
  private static final int OTHER_CLASS = 0;

  /** Marks the end of an output link chain. */
  private static final int NO_STATE = -1;

  private final String[] patterns;
  private final int[] patternLengths;

  /** Char class of each ASCII char, with upper-case letters mapped to the lower-case class. */
  private final int[] asciiClasses;

  /**
   * Sorted distinct non-ASCII chars of the patterns. Char {@code nonAsciiChars[i]} has class
   * {@code nonAsciiClassBase + i}.
   */
  private final char[] nonAsciiChars;

  private final int nonAsciiClassBase;
  private final int classCount;

  /**
   * DFA transition table, indexed by {@code stateOffset + charClass}. A state offset is the state
   * id times {@link #classCount}, so the scan needs no multiplication. An entry is the target
   * state's offset, negated when the target state completes at least one pattern, directly or
   * through its output link. The root state has offset 0 and completes no pattern, since no
   * pattern is empty. So a negative entry always means a match.
   */
  private final int[] transitions;

  /**
   * Patterns completed by each state, in compressed sparse row form. State {@code s} completes
   * the patterns {@code outputPatterns[outputStarts[s] .. outputStarts[s + 1])}, in ascending index
   * order.
   */
  private final int[] outputStarts;

  private final int[] outputPatterns;

  /**
   * For each state, the nearest state on its failure chain that completes a pattern, or {@link
   * #NO_STATE}.
   */
  private final int[] outputLinks;

  /**
   * Filter that lets {@code containsAny} skip text: null until the first call that uses it, then
   * the filter or {@link SampleFilter#NONE} when it would pass most text. Its bit set takes 128
   * KiB, so automata used only through {@code findAll} never build it. Threads that race to build
   * it build equal filters, and any of them may be kept.
   */
  private volatile SampleFilter filter;

  private AhoCorasick(
      String[] patterns,
      int[] patternLengths,
      int[] asciiClasses,
      char[] nonAsciiChars,
      int nonAsciiClassBase,
      int classCount,
      int[] transitions,
      int[] outputStarts,
      int[] outputPatterns,
      int[] outputLinks) {
    this.patterns = patterns;
    this.patternLengths = patternLengths;
    this.asciiClasses = asciiClasses;
    this.nonAsciiChars = nonAsciiChars;
    this.nonAsciiClassBase = nonAsciiClassBase;
    this.classCount = classCount;
    this.transitions = transitions;
    this.outputStarts = outputStarts;
    this.outputPatterns = outputPatterns;
    this.outputLinks = outputLinks;
  }

  /** Returns the sample filter, building it on first use, or null when the plain scan is used. */
  private SampleFilter sampleFilter() {
    SampleFilter built = filter;
    if (built == null) {
      built = SampleFilter.build(patterns);
      filter = built;
    }
    return built == SampleFilter.NONE ? null : built;
  }

  /**
   * Builds an automaton over the patterns.
   *
   * <p>ASCII letters match case-insensitively ({@code A-Z == a-z}), and every other char,
   * including non-ASCII, matches only itself. Duplicate patterns are allowed, and each of their
   * indices is reported on a match. The list is copied, so later changes to it do not affect the
   * automaton.
   *
   * @param patterns the patterns to search for. Their list indices are the pattern indices that
   *     matches report.
   * @return the compiled automaton
   * @throws NullPointerException if {@code patterns} is null
   * @throws IllegalArgumentException if the list is empty, if a pattern is null or empty (the
   *     message names its index), if the patterns contain more than {@link
   *     #MAX_TOTAL_PATTERN_CHARS} chars in total, or if the transition table would need more than
   *     {@link #MAX_TRANSITION_TABLE_ENTRIES} entries
   */
  public static AhoCorasick compile(List<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    String[] patternArray = patterns.toArray(new String[0]);
    validatePatterns(patternArray);
    return new Builder(patternArray).build();
  }

  private static void validatePatterns(String[] patterns) {
    if (patterns.length == 0) {
      throw new IllegalArgumentException("patterns list is empty. Pass at least one pattern.");
    }
    long totalChars = 0;
    for (int i = 0; i < patterns.length; i++) {
      String pattern = patterns[i];
      if (pattern == null) {
        throw new IllegalArgumentException("pattern at index " + i + " is null");
      }
      if (pattern.isEmpty()) {
        throw new IllegalArgumentException("pattern at index " + i + " is empty");
      }
      totalChars += pattern.length();
    }
    if (totalChars > MAX_TOTAL_PATTERN_CHARS) {
      throw new IllegalArgumentException(
          "patterns contain "
              + totalChars
              + " chars in total, more than the maximum of "
              + MAX_TOTAL_PATTERN_CHARS
              + ". Split them into several automata.");
    }
  }

  /**
   * Returns the number of patterns, including duplicates.
   *
   * @return the number of patterns passed to {@link #compile}
   */
  public int patternCount() {
    return patterns.length;
  }

  /**
   * Returns the pattern with the given index, as passed to {@link #compile}.
   *
   * @param index pattern index, from 0 to {@code patternCount() - 1}
   * @return the pattern, with its original case
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public String pattern(int index) {
    Objects.checkIndex(index, patterns.length);
    return patterns[index];
  }

  /** Returns whether {@code containsAny} on a String or char[] runs the sample filter. */
  boolean usesSampleFilter() {
    return sampleFilter() != null;
  }

  /**
   * Tests whether any pattern occurs in the text.
   *
   * @param text the text to search
   * @return true if at least one pattern occurs in {@code text}
   * @throws NullPointerException if {@code text} is null
   */
  public boolean containsAny(CharSequence text) {
    Objects.requireNonNull(text, "text");
    return containsAny(text, 0, text.length());
  }

  /**
   * Tests whether any pattern occurs entirely within {@code text[start, end)}.
   *
   * @param text the text to search
   * @param start index of the first char to search
   * @param end index after the last char to search
   * @return true if at least one pattern occurs in the range
   * @throws NullPointerException if {@code text} is null
   * @throws IndexOutOfBoundsException unless {@code 0 <= start <= end <= text.length()}
   */
  public boolean containsAny(CharSequence text, int start, int end) {
    Objects.requireNonNull(text, "text");
    Objects.checkFromToIndex(start, end, text.length());
    if (text instanceof String string) {
      return containsAnyInString(string, start, end);
    }
    return containsAnyInCharSequence(text, start, end);
  }

  /**
   * Tests whether any pattern occurs entirely within {@code text[start, end)}.
   *
   * @param text the text to search
   * @param start index of the first char to search
   * @param end index after the last char to search
   * @return true if at least one pattern occurs in the range
   * @throws NullPointerException if {@code text} is null
   * @throws IndexOutOfBoundsException unless {@code 0 <= start <= end <= text.length}
   */
  public boolean containsAny(char[] text, int start, int end) {
    Objects.requireNonNull(text, "text");
    Objects.checkFromToIndex(start, end, text.length);
    SampleFilter sampleFilter = sampleFilter();
    if (sampleFilter == null) {
      return scanForAny(text, start, end);
    }

    long[] bits = sampleFilter.bits;
    int firstSampleOffset = sampleFilter.firstSampleOffset;
    int back = sampleFilter.back;
    int lead = sampleFilter.lead;
    int lastSample = end - SampleFilter.SAMPLE_LENGTH;
    int resolved = start;
    // Checking against lastSample before each addition keeps the indices from overflowing.
    if (start <= lastSample) {
      int sample = start + firstSampleOffset;
      while (true) {
        sample = nextHit(text, sample, lastSample, bits);
        if (sample > lastSample) {
          break;
        }
        int next = runUntilRoot(text, Math.max(resolved, sample - back), sample + lead, end);
        if (next < 0) {
          return true;
        }
        resolved = next;
        if (next > lastSample) {
          break;
        }
        sample = next + firstSampleOffset;
      }
    }

    int tailStart = Math.max(resolved, end - sampleFilter.tailLength);
    return runUntilRoot(text, tailStart, end, end) < 0;
  }

  // The String, char[] and CharSequence scan loops differ only in how they read a char. They are
  // separate so that String.charAt and array reads inline, without a CharSequence interface call
  // per char.
  //
  // The sampling loops of containsAny work as follows, and SampleFilter explains why. An
  // occurrence that starts at or after `resolved` contains a sample that is in the filter, at an
  // index between its start minus `lead` and its start plus `back`. So at each filter hit the
  // automaton runs from `back` chars before the sample until it is back in the root state past
  // `sample + lead`. The root state means that no occurrence is under way, so no occurrence
  // starts before that point, which becomes the new `resolved`. The samples after the last one
  // cannot cover occurrences near the end of the text, so the automaton scans the last
  // `tailLength` chars. The sampling loops step by a constant because C2 compiles such a loop as
  // a counted loop and removes its bounds checks, which it does not for a variable step.

  private boolean containsAnyInString(String text, int start, int end) {
    SampleFilter sampleFilter = sampleFilter();
    if (sampleFilter == null) {
      return scanForAny(text, start, end);
    }

    long[] bits = sampleFilter.bits;
    int firstSampleOffset = sampleFilter.firstSampleOffset;
    int back = sampleFilter.back;
    int lead = sampleFilter.lead;
    int lastSample = end - SampleFilter.SAMPLE_LENGTH;
    int resolved = start;
    // Checking against lastSample before each addition keeps the indices from overflowing.
    if (start <= lastSample) {
      int sample = start + firstSampleOffset;
      while (true) {
        sample = nextHit(text, sample, lastSample, bits);
        if (sample > lastSample) {
          break;
        }
        int next = runUntilRoot(text, Math.max(resolved, sample - back), sample + lead, end);
        if (next < 0) {
          return true;
        }
        resolved = next;
        if (next > lastSample) {
          break;
        }
        sample = next + firstSampleOffset;
      }
    }

    int tailStart = Math.max(resolved, end - sampleFilter.tailLength);
    return runUntilRoot(text, tailStart, end, end) < 0;
  }

  /**
   * Returns the index after the last char of the occurrence that ends first in {@code text[start,
   * end)}, or -1 when no pattern occurs there. On a String it skips text with the sample filter,
   * as {@code containsAny} does, so callers that need only where the first occurrence is avoid
   * the plain scan of {@code findAll}.
   */
  int firstMatchEnd(CharSequence text, int start, int end) {
    Objects.checkFromToIndex(start, end, text.length());
    SampleFilter sampleFilter = text instanceof String ? sampleFilter() : null;
    if (sampleFilter == null) {
      int[] table = transitions;
      int[] ascii = asciiClasses;
      int state = 0;
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
        if (state < 0) {
          return i + 1;
        }
      }
      return -1;
    }

    String string = (String) text;
    long[] bits = sampleFilter.bits;
    int firstSampleOffset = sampleFilter.firstSampleOffset;
    int back = sampleFilter.back;
    int lead = sampleFilter.lead;
    int lastSample = end - SampleFilter.SAMPLE_LENGTH;
    int resolved = start;
    if (start <= lastSample) {
      int sample = start + firstSampleOffset;
      while (true) {
        sample = nextHitForMatchEnd(string, sample, lastSample, bits);
        if (sample > lastSample) {
          break;
        }
        int next = runUntilRootOrMatchEnd(
            string, Math.max(resolved, sample - back), sample + lead, end);
        if (next < 0) {
          return -next - 1;
        }
        resolved = next;
        if (next > lastSample) {
          break;
        }
        sample = next + firstSampleOffset;
      }
    }

    int tailStart = Math.max(resolved, end - sampleFilter.tailLength);
    int last = runUntilRootOrMatchEnd(string, tailStart, end, end);
    return last < 0 ? -last - 1 : -1;
  }

  /**
   * Returns the first sample index from {@code sample} on, in steps of {@link SampleFilter#STEP}
   * up to {@code lastSample}, whose sample is in the filter, or an index above {@code lastSample}.
   */
  private static int nextHit(String text, int sample, int lastSample, long[] bits) {
    for (; sample <= lastSample; sample += SampleFilter.STEP) {
      int key = SampleFilter.key(text.charAt(sample), text.charAt(sample + 1),
          text.charAt(sample + 2), text.charAt(sample + 3));
      if ((bits[key >>> 6] & (1L << key)) != 0) {
        return sample;
      }
    }
    return sample;
  }

  /**
   * Returns the next sample in the filter, as {@link #nextHit(String, int, int, long[])} does. It
   * is a copy for {@link #firstMatchEnd}, because C2 lays out a loop by its branch profile, which
   * callers of one method share: the address anchors hit far more often than the prefilter's
   * needles, and sharing made containsAny about 1.5 times slower in MatcherBenchmark.
   */
  private static int nextHitForMatchEnd(String text, int sample, int lastSample, long[] bits) {
    for (; sample <= lastSample; sample += SampleFilter.STEP) {
      int key = SampleFilter.key(text.charAt(sample), text.charAt(sample + 1),
          text.charAt(sample + 2), text.charAt(sample + 3));
      if ((bits[key >>> 6] & (1L << key)) != 0) {
        return sample;
      }
    }
    return sample;
  }

  /** Returns the next sample in the filter, as {@link #nextHit(String, int, int, long[])} does. */
  private static int nextHit(char[] text, int sample, int lastSample, long[] bits) {
    for (; sample <= lastSample; sample += SampleFilter.STEP) {
      int key =
          SampleFilter.key(text[sample], text[sample + 1], text[sample + 2], text[sample + 3]);
      if ((bits[key >>> 6] & (1L << key)) != 0) {
        return sample;
      }
    }
    return sample;
  }

  /** Runs the automaton over {@code text[start, end)} and stops at the first match. */
  private boolean scanForAny(String text, int start, int end) {
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        return true;
      }
    }
    return false;
  }

  /** Runs the automaton over {@code text[start, end)} and stops at the first match. */
  private boolean scanForAny(char[] text, int start, int end) {
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    for (int i = start; i < end; i++) {
      char c = text[i];
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the automaton from the root state over {@code text[from, end)} until it completes a
   * pattern or is in the root state after reading a char at an index of at least {@code
   * mustPass}.
   *
   * @return -1 if a pattern occurs in {@code text[from, end)}; otherwise the index after the
   *     char that took the automaton back to the root state, or {@code end}. No pattern occurs
   *     in the text from {@code from} to that index, and none starts in that range either.
   */
  private int runUntilRoot(String text, int from, int mustPass, int end) {
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        return -1;
      }
      if (state == 0 && i >= mustPass) {
        return i + 1;
      }
    }
    return end;
  }

  /**
   * Runs the automaton as {@link #runUntilRoot(String, int, int, int)} does, but returns {@code
   * -(i + 2)} when the first occurrence ends with the char at index {@code i}.
   */
  private int runUntilRootOrMatchEnd(String text, int from, int mustPass, int end) {
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        return -(i + 2);
      }
      if (state == 0 && i >= mustPass) {
        return i + 1;
      }
    }
    return end;
  }

  /** Runs the automaton as {@link #runUntilRoot(String, int, int, int)} does, over a char array. */
  private int runUntilRoot(char[] text, int from, int mustPass, int end) {
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    for (int i = from; i < end; i++) {
      char c = text[i];
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        return -1;
      }
      if (state == 0 && i >= mustPass) {
        return i + 1;
      }
    }
    return end;
  }

  private boolean containsAnyInCharSequence(CharSequence text, int start, int end) {
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reports every occurrence of every pattern in the text to the handler.
   *
   * <p>Equivalent to {@code findAll(text, 0, text.length(), handler)}.
   *
   * @param text the text to search
   * @param handler receives each match and returns false to stop the search
   * @return the number of matches reported, including the one for which the handler returned
   *     false. The count stops at {@link Integer#MAX_VALUE}, but the search goes on.
   * @throws NullPointerException if {@code text} or {@code handler} is null
   */
  public int findAll(CharSequence text, MatchHandler handler) {
    Objects.requireNonNull(text, "text");
    return findAll(text, 0, text.length(), handler);
  }

  /**
   * Reports every occurrence of every pattern that lies entirely within {@code text[start, end)}.
   *
   * <p>Overlapping occurrences are all reported, and so is every pattern that ends at the same
   * position. Matches are reported in ascending order of end offset. Matches with the same end
   * offset are reported longest pattern first, and duplicate patterns in ascending index order.
   * Offsets are indices into {@code text}, not relative to {@code start}. The search stops as soon
   * as the handler returns false.
   *
   * @param text the text to search
   * @param start index of the first char to search
   * @param end index after the last char to search
   * @param handler receives each match and returns false to stop the search
   * @return the number of matches reported, including the one for which the handler returned
   *     false. The count stops at {@link Integer#MAX_VALUE}, but the search goes on.
   * @throws NullPointerException if {@code text} or {@code handler} is null
   * @throws IndexOutOfBoundsException unless {@code 0 <= start <= end <= text.length()}
   */
  public int findAll(CharSequence text, int start, int end, MatchHandler handler) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(handler, "handler");
    Objects.checkFromToIndex(start, end, text.length());
    if (text instanceof String string) {
      return findAllInString(string, start, end, handler);
    }
    return findAllInCharSequence(text, start, end, handler);
  }

  /**
   * Reports every occurrence of every pattern that lies entirely within {@code text[start, end)}.
   *
   * <p>Matches are reported in the same order as by {@link #findAll(CharSequence, int, int,
   * MatchHandler)}, and offsets are indices into {@code text}.
   *
   * @param text the text to search
   * @param start index of the first char to search
   * @param end index after the last char to search
   * @param handler receives each match and returns false to stop the search
   * @return the number of matches reported, including the one for which the handler returned
   *     false. The count stops at {@link Integer#MAX_VALUE}, but the search goes on.
   * @throws NullPointerException if {@code text} or {@code handler} is null
   * @throws IndexOutOfBoundsException unless {@code 0 <= start <= end <= text.length}
   */
  public int findAll(char[] text, int start, int end, MatchHandler handler) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(handler, "handler");
    Objects.checkFromToIndex(start, end, text.length);
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    int matchCount = 0;
    for (int i = start; i < end; i++) {
      char c = text[i];
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        state = -state;
        int reported = reportMatches(state, i + 1, handler);
        if (reported < 0) {
          return addSaturated(matchCount, ~reported);
        }
        matchCount = addSaturated(matchCount, reported);
      }
    }
    return matchCount;
  }

  private int findAllInString(String text, int start, int end, MatchHandler handler) {
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    int matchCount = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        state = -state;
        int reported = reportMatches(state, i + 1, handler);
        if (reported < 0) {
          return addSaturated(matchCount, ~reported);
        }
        matchCount = addSaturated(matchCount, reported);
      }
    }
    return matchCount;
  }

  private int findAllInCharSequence(CharSequence text, int start, int end, MatchHandler handler) {
    int[] table = transitions;
    int[] ascii = asciiClasses;
    int state = 0;
    int matchCount = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      state = table[state + (c < ASCII_SIZE ? ascii[c] : nonAsciiClass(c))];
      if (state < 0) {
        state = -state;
        int reported = reportMatches(state, i + 1, handler);
        if (reported < 0) {
          return addSaturated(matchCount, ~reported);
        }
        matchCount = addSaturated(matchCount, reported);
      }
    }
    return matchCount;
  }

  /**
   * Returns every occurrence of every pattern in the text, in the order described at {@link
   * #findAll(CharSequence, int, int, MatchHandler)}.
   *
   * @param text the text to search
   * @return an immutable list of the matches, or {@code List.of()} when there are none
   * @throws NullPointerException if {@code text} is null
   */
  public List<Match> findAll(CharSequence text) {
    Objects.requireNonNull(text, "text");
    List<Match> matches = new ArrayList<>();
    findAll(
        text,
        0,
        text.length(),
        (pattern, start, end) -> {
          matches.add(new Match(pattern, start, end));
          return true;
        });
    return matches.isEmpty() ? List.of() : List.copyOf(matches);
  }

  /**
   * Returns a summary of the automaton's size, for logs and debugging.
   *
   * @return the pattern, state and char class counts
   */
  @Override
  public String toString() {
    return "AhoCorasick[patterns="
        + patterns.length
        + ", states="
        + outputLinks.length
        + ", charClasses="
        + classCount
        + "]";
  }

  /** Adds two non-negative counts, returning {@link Integer#MAX_VALUE} instead of overflowing. */
  private static int addSaturated(int count, int increment) {
    int sum = count + increment;
    return sum < 0 ? Integer.MAX_VALUE : sum;
  }

  /** Returns the class of a char of 128 or above by a binary search of the pattern chars. */
  private int nonAsciiClass(char c) {
    char[] chars = nonAsciiChars;
    if (chars.length == 0) {
      return OTHER_CLASS;
    }
    int index = Arrays.binarySearch(chars, c);
    return index >= 0 ? nonAsciiClassBase + index : OTHER_CLASS;
  }

  /**
   * Calls the handler for each pattern completed by the state at {@code stateOffset}, first its
   * own patterns, then those along its output link chain.
   *
   * <p>Returns the number of matches reported. If the handler returned false, it returns the
   * bitwise complement of that number instead, which is negative, so that the caller can stop.
   */
  private int reportMatches(int stateOffset, int end, MatchHandler handler) {
    int[] starts = outputStarts;
    int[] outputs = outputPatterns;
    int[] lengths = patternLengths;
    int[] links = outputLinks;
    int state = stateOffset / classCount;
    int reported = 0;
    do {
      int stop = starts[state + 1];
      for (int k = starts[state]; k < stop; k++) {
        int pattern = outputs[k];
        reported++;
        if (!handler.onMatch(pattern, end - lengths[pattern], end)) {
          return ~reported;
        }
      }
      state = links[state];
    } while (state != NO_STATE);
    return reported;
  }

  /**
   * Bit set of the 4-char samples that can occur inside a pattern, which lets {@code
   * containsAny} skip text that contains no pattern.
   *
   * <p>For each pattern the filter takes one span of {@value #SPAN_LENGTH} chars. A pattern at
   * least that long contributes the span of its chars that starts at an offset from 0 to {@link
   * #MAX_SPAN_OFFSET} and has the rarest samples by {@link #estimatedBucketShares()}. A shorter
   * pattern is padded with wildcards before and after it, where they give the rarest samples, but
   * with at most 2 before it. The filter contains every 4-char sample inside each span, with
   * a wildcard matching every char.
   *
   * <p>The text is sampled every {@value #STEP} chars, so each run of 3 consecutive positions
   * contains one sample. A span of 6 chars has exactly 3 positions at which a whole sample fits,
   * so every occurrence of a pattern has one sample that lies entirely in its span, and that
   * sample is in the filter. The span starts at most {@link #lead} chars before the occurrence
   * and at most {@code maxOffset} chars after it. So after a hit the automaton has to start at
   * most {@link #back} chars before the sample.
   *
   * <p>Chars are reduced to their low 5 bits, so a sample is a 20-bit key and the bit set takes
   * 128 KiB. This folds ASCII case for free, because 'A' and 'a' differ only in bit 5. Distinct
   * chars that share the low 5 bits, such as '.' and 'n', only cause extra automaton runs. Samples
   * of 4 chars instead of 3 hit far less often on benign text, where 3-char pieces of a pattern,
   * such as {@code dat} of {@code metadata} or {@code sta} of {@code instance}, are common: on
   * the 1% benchmark corpus the matcher took about two thirds of its time with 3-char samples.
   */
  private static final class SampleFilter {

    /** Chars per sample. */
    static final int SAMPLE_LENGTH = 4;

    /** Chars of each pattern, or of a pattern padded with wildcards, that the filter covers. */
    static final int SPAN_LENGTH = 6;

    /** Distance between samples: the number of positions in a span where a sample fits. */
    static final int STEP = SPAN_LENGTH - SAMPLE_LENGTH + 1;

    /** Maximum offset of a span inside its pattern, which bounds how far back a run starts. */
    static final int MAX_SPAN_OFFSET = 4;

    /**
     * Estimated share of samples that hit the filter, by {@link #estimatedBucketShares()}, above
     * which the plain scan is used. A sample costs about as much as 2 of the 3 automaton steps it
     * replaces, while a hit adds an automaton run of about 10 chars and a branch miss. So near
     * this rate the filter stops paying for itself. The value is an estimate from one-off
     * timings on JDK 17, not a measured break-even.
     */
    private static final double MAX_ESTIMATED_HIT_RATE = 0.1;

    private static final int KEY_BITS = 20;

    /** Stands for any char in a sample that reaches beyond its pattern. */
    private static final int WILDCARD = -1;

    private static final double[] BUCKET_SHARES = estimatedBucketShares();

    /** Stands for "no filter": the patterns would pass most text. */
    static final SampleFilter NONE = new SampleFilter(new long[0], 0, 0);

    /** One bit per 20-bit key, set when the sample can lie inside a pattern's span. */
    final long[] bits;

    /** Index of the first sample, relative to the start of the range and of each new range. */
    final int firstSampleOffset;

    /** Maximum number of chars by which an occurrence can start before its sample. */
    final int back;

    /** Maximum number of chars by which an occurrence can start after its sample: 0 to 2. */
    final int lead;

    /** Number of chars at the end of a range that the automaton always scans. */
    final int tailLength;

    private SampleFilter(long[] bits, int maxOffset, int lead) {
      this.bits = bits;
      this.firstSampleOffset = SPAN_LENGTH - SAMPLE_LENGTH - lead;
      this.back = SPAN_LENGTH - SAMPLE_LENGTH + maxOffset;
      this.lead = lead;
      this.tailLength = SPAN_LENGTH + maxOffset;
    }

    static int key(char first, char second, char third, char fourth) {
      return (first & 31) << 15 | (second & 31) << 10 | (third & 31) << 5 | (fourth & 31);
    }

    /**
     * Returns the filter for the patterns, or {@link #NONE} when its estimated hit rate is above
     * {@link #MAX_ESTIMATED_HIT_RATE}, as it is for a pattern of one common char.
     */
    static SampleFilter build(String[] patterns) {
      long[] bits = new long[1 << (KEY_BITS - 6)];
      int maxOffset = 0;
      int lead = 0;
      for (String pattern : patterns) {
        int offset = rarestSpanOffset(pattern);
        maxOffset = Math.max(maxOffset, offset);
        lead = Math.max(lead, -offset);
        for (int sample = 0; sample + SAMPLE_LENGTH <= SPAN_LENGTH; sample++) {
          int[] buckets = new int[SAMPLE_LENGTH];
          for (int k = 0; k < SAMPLE_LENGTH; k++) {
            buckets[k] = bucketAt(pattern, offset + sample + k);
          }
          addSample(bits, buckets, 0, 0);
        }
      }
      if (estimatedHitRate(bits) > MAX_ESTIMATED_HIT_RATE) {
        return NONE;
      }
      return new SampleFilter(bits, maxOffset, lead);
    }

    /**
     * Returns the offset in the pattern at which its span starts: from 0 to {@link
     * #MAX_SPAN_OFFSET} for a pattern at least as long as the span, and from {@code length - 5},
     * but at least -2, to 0 for a shorter one. The span with the lowest sum of estimated sample
     * shares wins, and the lowest offset wins a tie.
     */
    private static int rarestSpanOffset(String pattern) {
      int lowest;
      int highest;
      if (pattern.length() >= SPAN_LENGTH) {
        lowest = 0;
        highest = Math.min(pattern.length() - SPAN_LENGTH, MAX_SPAN_OFFSET);
      } else {
        lowest = Math.max(pattern.length() - SPAN_LENGTH, -(SPAN_LENGTH - SAMPLE_LENGTH));
        highest = 0;
      }
      int best = lowest;
      double bestCost = Double.MAX_VALUE;
      for (int offset = lowest; offset <= highest; offset++) {
        double cost = 0;
        for (int sample = 0; sample + SAMPLE_LENGTH <= SPAN_LENGTH; sample++) {
          double share = 1;
          for (int k = 0; k < SAMPLE_LENGTH; k++) {
            int bucket = bucketAt(pattern, offset + sample + k);
            share *= bucket == WILDCARD ? 1 : BUCKET_SHARES[bucket];
          }
          cost += share;
        }
        if (cost < bestCost) {
          bestCost = cost;
          best = offset;
        }
      }
      return best;
    }

    /** Returns the low 5 bits of {@code pattern.charAt(index)}, or a wildcard outside it. */
    private static int bucketAt(String pattern, int index) {
      return index < 0 || index >= pattern.length() ? WILDCARD : pattern.charAt(index) & 31;
    }

    /**
     * Sets the bit of every key that the sample matches, with a wildcard matching all 32 buckets:
     * the buckets from {@code index} on extend {@code prefix}, the key of the buckets before it.
     */
    private static void addSample(long[] bits, int[] buckets, int index, int prefix) {
      if (index == buckets.length) {
        bits[prefix >>> 6] |= 1L << prefix;
        return;
      }
      for (int bucket = 0; bucket < 32; bucket++) {
        if (buckets[index] == WILDCARD || buckets[index] == bucket) {
          addSample(bits, buckets, index + 1, prefix << 5 | bucket);
        }
      }
    }

    /** Returns the estimated share of samples whose key is set, assuming independent chars. */
    private static double estimatedHitRate(long[] bits) {
      double rate = 0;
      for (int word = 0; word < bits.length; word++) {
        for (long rest = bits[word]; rest != 0; rest &= rest - 1) {
          int key = word << 6 | Long.numberOfTrailingZeros(rest);
          double share = 1;
          for (int k = 0; k < SAMPLE_LENGTH; k++) {
            share *= BUCKET_SHARES[(key >>> (5 * k)) & 31];
          }
          rate += share;
        }
      }
      return rate;
    }

    /**
     * Returns an estimate of the share of each 5-bit bucket among the chars of command lines,
     * URLs and log lines. The weights are rough guesses, not measurements: the space first, then
     * lower-case letters in English letter-frequency order, digits, and the punctuation of paths
     * and options. Upper-case letters count a quarter of their lower-case letter. They only steer
     * the choice of span, so a wrong guess costs speed, never a match.
     */
    private static double[] estimatedBucketShares() {
      double[] charWeights = new double[ASCII_SIZE];
      Arrays.fill(charWeights, 0.2);

      String letters = "etaoinsrlcdupmhgfbvwkyxjqz";
      double[] letterWeights = {
        10, 7, 7, 6, 6, 6, 6, 6, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 1.5, 1.2, 1, 1, 0.8, 0.3, 0.2, 0.3
      };
      for (int i = 0; i < letters.length(); i++) {
        char letter = letters.charAt(i);
        charWeights[letter] = letterWeights[i];
        charWeights[letter - ('a' - 'A')] = letterWeights[i] / 4;
      }

      for (char digit = '0'; digit <= '9'; digit++) {
        charWeights[digit] = digit <= '2' ? 3 : 1.5;
      }
      charWeights[' '] = 15;
      charWeights['/'] = 3;
      charWeights['-'] = 3;
      charWeights['.'] = 3;
      charWeights['='] = 1.5;
      charWeights[':'] = 1;
      charWeights['_'] = 0.8;
      charWeights['"'] = 0.6;
      charWeights['\''] = 0.6;
      charWeights[','] = 0.5;

      double[] shares = new double[32];
      double total = 0;
      for (int c = 0; c < ASCII_SIZE; c++) {
        shares[c & 31] += charWeights[c];
        total += charWeights[c];
      }
      for (int bucket = 0; bucket < shares.length; bucket++) {
        shares[bucket] /= total;
      }
      return shares;
    }
  }

  /**
   * One occurrence of a pattern in a text.
   *
   * @param pattern index of the pattern in the list passed to {@link AhoCorasick#compile}
   * @param start index of the first char of the occurrence in the text
   * @param end index after the last char of the occurrence in the text
   */
  public record Match(int pattern, int start, int end) {}

  /** Callback that receives each match found by {@code findAll}. */
  @FunctionalInterface
  public interface MatchHandler {

    /**
     * Receives one match. The handler runs on the caller's thread, inside the scan.
     *
     * @param pattern index of the pattern in the list passed to {@link AhoCorasick#compile}
     * @param start index of the first char of the occurrence in the text
     * @param end index after the last char of the occurrence in the text
     * @return true to continue the search, false to stop it
     */
    boolean onMatch(int pattern, int start, int end);
  }

  /** Single-use state for {@link #compile}: char classes, trie, failure links and outputs. */
  private static final class Builder {

    private final String[] patterns;
    private final int[] asciiClasses = new int[ASCII_SIZE];
    private char[] nonAsciiChars;
    private int nonAsciiClassBase;
    private int classCount;

    /**
     * Transition table, indexed by {@code stateId * classCount + charClass}. After {@link
     * #buildTrie} it contains the trie edges as state ids, where 0 means no edge because no trie
     * edge leads to the root. {@link #computeFailureTransitions} fills in the missing edges, and
     * {@link #encodeTransitions} rewrites the ids to the encoded offsets that the scan uses.
     */
    private int[] table;

    private int stateCount;

    /** State reached at the end of each pattern. */
    private int[] patternEndStates;

    Builder(String[] patterns) {
      this.patterns = patterns;
    }

    AhoCorasick build() {
      assignCharClasses();
      buildTrie();
      int[] outputStarts = new int[stateCount + 1];
      int[] outputPatterns = collectOutputs(outputStarts);
      int[] outputLinks = new int[stateCount];
      computeFailureTransitions(outputStarts, outputLinks);
      encodeTransitions(outputStarts, outputLinks);

      int[] patternLengths = new int[patterns.length];
      for (int i = 0; i < patterns.length; i++) {
        patternLengths[i] = patterns[i].length();
      }
      return new AhoCorasick(
          patterns,
          patternLengths,
          asciiClasses,
          nonAsciiChars,
          nonAsciiClassBase,
          classCount,
          table,
          outputStarts,
          outputPatterns,
          outputLinks);
    }

    /**
     * Gives each distinct pattern char after ASCII case folding its own class, starting at 1.
     * Upper-case ASCII letters share the class of their lower-case letter.
     */
    private void assignCharClasses() {
      boolean[] asciiUsed = new boolean[ASCII_SIZE];
      int nonAsciiTotal = 0;
      for (String pattern : patterns) {
        for (int i = 0; i < pattern.length(); i++) {
          char c = pattern.charAt(i);
          if (c < ASCII_SIZE) {
            asciiUsed[toLowerAscii(c)] = true;
          } else {
            nonAsciiTotal++;
          }
        }
      }

      int nextClass = OTHER_CLASS + 1;
      for (char c = 0; c < ASCII_SIZE; c++) {
        if (asciiUsed[c]) {
          asciiClasses[c] = nextClass++;
        }
      }
      for (char c = 'A'; c <= 'Z'; c++) {
        asciiClasses[c] = asciiClasses[toLowerAscii(c)];
      }

      char[] allNonAscii = new char[nonAsciiTotal];
      int count = 0;
      for (String pattern : patterns) {
        for (int i = 0; i < pattern.length(); i++) {
          char c = pattern.charAt(i);
          if (c >= ASCII_SIZE) {
            allNonAscii[count++] = c;
          }
        }
      }
      Arrays.sort(allNonAscii);
      int distinct = 0;
      for (int i = 0; i < allNonAscii.length; i++) {
        if (i == 0 || allNonAscii[i] != allNonAscii[i - 1]) {
          allNonAscii[distinct++] = allNonAscii[i];
        }
      }
      nonAsciiChars = Arrays.copyOf(allNonAscii, distinct);
      nonAsciiClassBase = nextClass;
      classCount = nextClass + distinct;
    }

    private int classOf(char c) {
      if (c < ASCII_SIZE) {
        return asciiClasses[c];
      }
      return nonAsciiClassBase + Arrays.binarySearch(nonAsciiChars, c);
    }

    /**
     * Inserts every pattern into the trie. The table is allocated once, with one row per trie
     * state.
     *
     * @throws IllegalArgumentException if the table would exceed {@link
     *     #MAX_TRANSITION_TABLE_ENTRIES}
     */
    private void buildTrie() {
      int states = countTrieStates();
      if ((long) states * classCount > MAX_TRANSITION_TABLE_ENTRIES) {
        throw tableTooLarge(states);
      }
      table = new int[states * classCount];
      stateCount = 1;
      patternEndStates = new int[patterns.length];

      for (int p = 0; p < patterns.length; p++) {
        String pattern = patterns[p];
        int state = 0;
        for (int i = 0; i < pattern.length(); i++) {
          int index = state * classCount + classOf(pattern.charAt(i));
          int next = table[index];
          if (next == 0) {
            next = stateCount++;
            table[index] = next;
          }
          state = next;
        }
        patternEndStates[p] = state;
      }
    }

    /**
     * Counts the trie states, which are the root plus the distinct non-empty prefixes of the
     * case-folded patterns. After sorting, each pattern adds the chars after its longest common
     * prefix with the previous pattern.
     */
    private int countTrieStates() {
      String[] folded = new String[patterns.length];
      for (int p = 0; p < patterns.length; p++) {
        folded[p] = foldAscii(patterns[p]);
      }
      Arrays.sort(folded);
      int states = 1;
      String previous = "";
      for (String pattern : folded) {
        int common = 0;
        int maxCommon = Math.min(previous.length(), pattern.length());
        while (common < maxCommon && previous.charAt(common) == pattern.charAt(common)) {
          common++;
        }
        states += pattern.length() - common;
        previous = pattern;
      }
      return states;
    }

    private IllegalArgumentException tableTooLarge(int states) {
      long entries = (long) states * classCount;
      return new IllegalArgumentException(
          "patterns need a transition table of "
              + entries
              + " entries ("
              + states
              + " trie states times "
              + classCount
              + " char classes), more than the maximum of "
              + MAX_TRANSITION_TABLE_ENTRIES
              + ". Use fewer or shorter patterns or fewer distinct chars,"
              + " or split them into several automata.");
    }

    /**
     * Lists the patterns that end at each state, grouped by state in ascending pattern index order.
     * Fills {@code outputStarts} with each state's first position in the returned array.
     */
    private int[] collectOutputs(int[] outputStarts) {
      for (int endState : patternEndStates) {
        outputStarts[endState + 1]++;
      }
      for (int s = 0; s < stateCount; s++) {
        outputStarts[s + 1] += outputStarts[s];
      }
      int[] outputPatterns = new int[patterns.length];
      int[] nextSlot = Arrays.copyOf(outputStarts, stateCount);
      for (int p = 0; p < patterns.length; p++) {
        outputPatterns[nextSlot[patternEndStates[p]]++] = p;
      }
      return outputPatterns;
    }

    /**
     * Visits the trie breadth-first, computes each state's failure link and output link, and
     * replaces each missing trie edge with the transition of the failure state.
     *
     * <p>A state's failure state is shallower, so its row is already complete when the state is
     * visited. The row of the state being visited still contains only trie edges, so a nonzero
     * entry there is a child.
     */
    private void computeFailureTransitions(int[] outputStarts, int[] outputLinks) {
      int[] failureStates = new int[stateCount];
      int[] queue = new int[stateCount];
      int head = 0;
      int tail = 0;
      outputLinks[0] = NO_STATE;

      // Children of the root fail to the root. Missing root edges are 0, which loops to the root.
      for (int c = 0; c < classCount; c++) {
        int child = table[c];
        if (child != 0) {
          failureStates[child] = 0;
          outputLinks[child] = NO_STATE;
          queue[tail++] = child;
        }
      }

      while (head < tail) {
        int state = queue[head++];
        int row = state * classCount;
        int failureRow = failureStates[state] * classCount;
        for (int c = 0; c < classCount; c++) {
          int child = table[row + c];
          if (child == 0) {
            table[row + c] = table[failureRow + c];
            continue;
          }
          int failure = table[failureRow + c];
          failureStates[child] = failure;
          outputLinks[child] =
              completesOwnPattern(outputStarts, failure) ? failure : outputLinks[failure];
          queue[tail++] = child;
        }
      }
    }

    /**
     * Rewrites the table entries from state ids to state offsets, negated for states that complete
     * a pattern themselves or through their output link.
     */
    private void encodeTransitions(int[] outputStarts, int[] outputLinks) {
      for (int i = 0; i < table.length; i++) {
        int target = table[i];
        int offset = target * classCount;
        boolean matches =
            completesOwnPattern(outputStarts, target) || outputLinks[target] != NO_STATE;
        table[i] = matches ? -offset : offset;
      }
    }

    private static boolean completesOwnPattern(int[] outputStarts, int state) {
      return outputStarts[state + 1] > outputStarts[state];
    }

    private static String foldAscii(String text) {
      char[] chars = text.toCharArray();
      for (int i = 0; i < chars.length; i++) {
        chars[i] = toLowerAscii(chars[i]);
      }
      return new String(chars);
    }

    private static char toLowerAscii(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
  }
}

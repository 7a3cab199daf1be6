package io.github.imdsdetect.adapter;

import io.github.imdsdetect.core.AhoCorasick;
import io.github.imdsdetect.core.Detector;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Tells from the raw UTF-8 text of a record, before any field is built, that no rule of a
 * detector can match the record. A parser given a screen may then count such a record as an
 * event without building it, which is where most of a scan's time goes.
 *
 * <p>A text is <em>cleared</em> when, ignoring ASCII case, it contains none of the literals, no
 * percent escape ({@code %} and two hex digits) and no JSON escape that spells a char of a
 * literal (<code>&#92;u</code> and {@code \/}). The detector looks for its literals in each field
 * and in the field's percent-decoded text ({@link Detector#prefilterLiterals()}). In a cleared
 * JSON line the remaining escapes ({@code \"}, {@code \\}, {@code \n} and the like) stand for
 * chars that no literal contains, so every literal in a decoded value is a verbatim part of the
 * line, and without a percent escape no decoding can reveal one. The literals are ASCII, and in
 * UTF-8 every byte of a non-ASCII char is 0x80 or above, so a literal occurs in the bytes exactly
 * when it occurs in the decoded chars.
 *
 * <p>This is true only for formats whose events take their field values verbatim from the
 * record, or join them with a space, a line break or {@code ": "}. No literal may contain a space
 * or a line break. A literal that ends with a colon is also looked for with a quote in place of
 * that colon, because {@code "name: value"} puts a colon after a name: the literal {@code fd00:}
 * occurs in a header line built from a header named {@code x-fd00}, while the JSON line contains
 * {@code "x-fd00":}. Parsers that decode, normalise or concatenate values otherwise must not use
 * a screen.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class RecordScreen {
  /** A screen that clears no text. */
  private static final RecordScreen CLEARS_NOTHING = new RecordScreen(null, List.of(), false);

  /** A screen that clears every text, for a detector without rules. */
  private static final RecordScreen CLEARS_ALL = new RecordScreen(null, List.of(), true);

  /** The literals' automaton, or null for {@link #CLEARS_NOTHING} and {@link #CLEARS_ALL}. */
  private final AhoCorasick literals;
  private final List<String> literalList;
  private final boolean clearsAll;

  private RecordScreen(AhoCorasick literals, List<String> literalList, boolean clearsAll) {
    this.literals = literals;
    this.literalList = literalList;
    this.clearsAll = clearsAll;
  }

  /**
   * Returns a screen for the literals of every field of {@code detector}. A record that it clears
   * contains none of them in any field, so {@code detector} finds nothing in it and quiets nothing.
   *
   * <p>When a literal has a char that a screen cannot look for, as a rules file may give one
   * with a space, a quote or a non-ASCII letter, the screen clears no text, so every record is
   * built. When the detector has no literals at all, because every rule is disabled, no record
   * can match, and the screen clears every text.
   *
   * @param detector the detector whose rules the screen stands for
   * @return the screen
   */
  public static RecordScreen of(Detector detector) {
    Set<String> union = new LinkedHashSet<>();
    for (List<String> fieldLiterals : detector.prefilterLiterals().values()) {
      union.addAll(fieldLiterals);
    }
    if (union.isEmpty()) {
      return CLEARS_ALL;
    }
    for (String literal : union) {
      if (unsearchable(literal) >= 0 || literal.equals(":")) {
        return CLEARS_NOTHING;
      }
    }
    return of(union);
  }

  /**
   * Returns a screen for the given literals.
   *
   * @param literals the literals, matched ignoring ASCII case
   * @return the screen
   * @throws IllegalArgumentException if {@code literals} is empty, or contains an empty literal, a
   *     lone colon, or a literal with a char outside the printable ASCII chars {@code !} to
   *     {@code ~}, a quote, a backslash or a percent sign
   */
  public static RecordScreen of(Collection<String> literals) {
    Set<String> searched = new LinkedHashSet<>();
    for (String literal : literals) {
      Objects.requireNonNull(literal, "literal");
      int bad = unsearchable(literal);
      if (bad >= 0) {
        // JSON writes a quote or a backslash with an escape, so the raw line never contains it.
        throw new IllegalArgumentException(
            "literal '" + literal + "' has a char a screen cannot look for: U+"
                + String.format("%04X", (int) literal.charAt(bad)));
      }
      if (literal.isEmpty() || literal.equals(":")) {
        throw new IllegalArgumentException("literal '" + literal + "' is empty without its colon");
      }
      searched.add(literal);
      if (literal.endsWith(":")) {
        // The colon of "name: value" can end the literal, after a name that the line closes
        // with a quote.
        searched.add(literal.substring(0, literal.length() - 1) + '"');
      }
    }
    if (searched.isEmpty()) {
      throw new IllegalArgumentException("a screen needs at least one literal");
    }
    List<String> list = List.copyOf(searched);
    return new RecordScreen(AhoCorasick.compile(list), list, false);
  }

  /**
   * Returns the index of the first char of {@code literal} that a screen cannot look for: one
   * outside the printable ASCII chars, a quote, a backslash or a percent sign. Returns -1 when
   * there is none.
   */
  private static int unsearchable(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c <= ' ' || c >= 0x7F || c == '"' || c == '\\' || c == '%') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns the literals this screen looks for: the given ones, and for each that ends with a
   * colon, the same with a quote in place of that colon. Empty for a screen that clears no text
   * or every text.
   *
   * @return the distinct literals, in the order given
   */
  public List<String> literals() {
    return literalList;
  }

  /**
   * Returns whether the UTF-8 bytes {@code text[from, to)} are cleared: they contain no literal
   * (ignoring ASCII case), no percent escape and no <code>&#92;u</code> or {@code \/} escape.
   *
   * @param text the bytes
   * @param from index of the first byte
   * @param to index after the last byte
   * @return true when no literal can occur in any value decoded from the bytes
   * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= text.length}
   */
  public boolean clears(byte[] text, int from, int to) {
    Objects.checkFromToIndex(from, to, text.length);
    if (literals == null) {
      return clearsAll;
    }
    // ISO-8859-1 maps each byte to one char, a plain copy for compact strings, so the literals
    // are found at the same positions as in the bytes. NOTE: the copy allocates once per line;
    // a byte[] search in AhoCorasick would avoid it.
    String chars = new String(text, from, to - from, StandardCharsets.ISO_8859_1);
    return !hasCharEscape(chars) && !hasPercentEscape(chars) && !literals.containsAny(chars);
  }

  /** Returns whether a JSON escape in {@code text} spells a char that a literal may contain. */
  private static boolean hasCharEscape(String text) {
    int n = text.length();
    // indexOf(char) is a vectorized intrinsic, so text without escapes costs little.
    for (int i = text.indexOf('\\'); i >= 0 && i + 1 < n; i = text.indexOf('\\', i + 2)) {
      char escaped = text.charAt(i + 1);
      if (escaped == 'u' || escaped == '/') {
        return true;
      }
    }
    return false;
  }

  /** Returns whether {@code text} contains a {@code %} followed by two hex digits. */
  private static boolean hasPercentEscape(String text) {
    int n = text.length();
    for (int i = text.indexOf('%'); i >= 0 && i + 2 < n; i = text.indexOf('%', i + 1)) {
      if (isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

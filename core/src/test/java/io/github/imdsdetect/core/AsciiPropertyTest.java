package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Compares the String case of {@link Ascii#indexOfIgnoreCase} with its plain CharSequence loop,
 * which a StringBuilder takes.
 */
class AsciiPropertyTest {
  private static final String ALPHABET = "aAbBmM./-0%\u212a\u00e9 kK";

  private static Gen<String> strings(int max) {
    return lists().of(integers().between(0, ALPHABET.length() - 1)).ofSizeBetween(0, max)
        .map(picks -> {
          StringBuilder sb = new StringBuilder();
          picks.forEach(i -> sb.append(ALPHABET.charAt(i)));
          return sb.toString();
        });
  }

  @Test
  void stringSearchMatchesLoop() {
    qt().withExamples(20000)
        .forAll(strings(30), strings(4), integers().between(-2, 32))
        .checkAssert((text, needle, from) -> assertEquals(
            Ascii.indexOfIgnoreCase(new StringBuilder(text), needle, from),
            Ascii.indexOfIgnoreCase(text, needle, from),
            () -> "\"" + needle + "\" in \"" + text + "\" from " + from));
  }

  @Test
  void handPickedSearches() {
    assertEquals(4, Ascii.indexOfIgnoreCase("xx. METADATA", "metadata", 0));
    assertEquals(-1, Ascii.indexOfIgnoreCase("\u212aey", "key", 0));
    assertEquals(3, Ascii.indexOfIgnoreCase("a/b/c", "/c", 2));
    assertEquals(-1, Ascii.indexOfIgnoreCase("abc", "Abc", 0));
  }
}

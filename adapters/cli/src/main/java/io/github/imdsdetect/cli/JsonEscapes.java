package io.github.imdsdetect.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Extends JSON's required escapes so that a JSON line stays safe to view in a terminal. Every
 * JSON writer escapes the C0 controls, the quote and the backslash. This class also escapes DEL
 * and the chars that {@link VisibleText#isUnsafeNonAscii} selects, as JSON unicode escapes.
 *
 * <p>Surrogates are excluded here because jackson-core's UTF-8 generator already writes each
 * surrogate char as its own escape, which keeps an unpaired one intact instead of failing.
 */
final class JsonEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;

  private final int[] asciiEscapes;

  JsonEscapes() {
    asciiEscapes = standardAsciiEscapesForJSON();
    asciiEscapes[0x7f] = ESCAPE_STANDARD;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return asciiEscapes;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    char c = (char) ch;
    if (Character.isSurrogate(c) || !VisibleText.isUnsafeNonAscii(c)) {
      return null;
    }
    return new SerializedString(String.format("\\u%04X", ch));
  }
}

package io.github.imdsdetect.adapter;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Checks, byte by byte, that a JSON line contains exactly one object in the strict grammar of RFC
 * 8259 and that its top-level names have a {@link JsonRecords.EventShape}, without decoding any
 * value or building any string. It accepts a subset
 * of what jackson-core's default parser accepts, so a line it accepts would be read by {@link
 * JsonRecords}' record path without error. Whatever it is unsure of it rejects: names with
 * escapes or non-ASCII bytes, names longer than {@value #MAX_NAME_BYTES} bytes, numbers longer
 * than {@value #MAX_NUMBER_BYTES} bytes, nesting deeper than {@link JsonRecords#MAX_DEPTH}, and
 * any name equal to a container key. A rejected line is read by the record path, which reports
 * what is wrong with it, and a line without the shape is built as usual.
 *
 * <p>Inside strings, bytes of 0x80 and above are accepted as they are: the record path decodes
 * the line to chars first and replaces invalid UTF-8, so such bytes never end a string or make
 * it invalid there either.
 *
 * <p>Not thread-safe: one instance serves one read.
 */
final class JsonObjectSkim {
  static final int MAX_NAME_BYTES = 256;
  static final int MAX_NUMBER_BYTES = 100;

  private final byte[][] containerKeys;
  private final byte[] requiredName;
  private final byte reservedFirst;
  private final byte[] nameWord;

  private byte[] text;
  private int end;
  private int pos;
  private int scalars;
  private boolean sawRequired;

  JsonObjectSkim(Set<String> containerKeys, JsonRecords.EventShape shape) {
    this.requiredName = shape.requiredName();
    this.reservedFirst = shape.reservedFirst();
    this.nameWord = shape.nameWord();
    this.containerKeys = new byte[containerKeys.size()][];
    int i = 0;
    for (String key : containerKeys) {
      this.containerKeys[i++] = key.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Returns the number of strings, numbers, booleans and nulls in the last accepted line. */
  int scalars() {
    return scalars;
  }

  /**
   * Returns whether {@code bytes[start, end)} is one JSON object, optionally followed by
   * whitespace, that this reader is sure of and that has the event shape.
   */
  boolean accept(byte[] bytes, int start, int end) {
    this.text = bytes;
    this.end = end;
    this.pos = start;
    this.scalars = 0;
    this.sawRequired = false;
    try {
      if (pos >= end || text[pos] != '{' || !object(1)) {
        return false;
      }
      skipWhitespace();
      return pos == end && sawRequired;
    } finally {
      this.text = null;
    }
  }

  /** Reads the object whose '{' is at {@code pos}. */
  private boolean object(int depth) {
    if (depth >= JsonRecords.MAX_DEPTH) {
      return false;
    }
    pos++;
    skipWhitespace();
    if (pos < end && text[pos] == '}') {
      pos++;
      return true;
    }
    while (true) {
      if (pos >= end || text[pos] != '"') {
        return false;
      }
      int nameStart = pos + 1;
      if (!name()) {
        return false;
      }
      int nameEnd = pos - 1;
      if (isContainerKey(nameStart, nameEnd) || containsNameWord(nameStart, nameEnd)) {
        return false;
      }
      skipWhitespace();
      if (pos >= end || text[pos] != ':') {
        return false;
      }
      pos++;
      skipWhitespace();
      if (pos >= end) {
        return false;
      }
      if (depth == 1) {
        if (nameStart == nameEnd || text[nameStart] == reservedFirst) {
          return false;
        }
        if (text[pos] == '"' && sameBytes(requiredName, nameStart, nameEnd)) {
          sawRequired = true;
        }
      }
      if (!value(depth)) {
        return false;
      }
      skipWhitespace();
      if (pos >= end) {
        return false;
      }
      byte next = text[pos++];
      if (next == '}') {
        return true;
      }
      if (next != ',') {
        return false;
      }
      skipWhitespace();
    }
  }

  /** Reads the array whose '[' is at {@code pos}. */
  private boolean array(int depth) {
    if (depth >= JsonRecords.MAX_DEPTH) {
      return false;
    }
    pos++;
    skipWhitespace();
    if (pos < end && text[pos] == ']') {
      pos++;
      return true;
    }
    while (true) {
      if (pos >= end || !value(depth)) {
        return false;
      }
      skipWhitespace();
      if (pos >= end) {
        return false;
      }
      byte next = text[pos++];
      if (next == ']') {
        return true;
      }
      if (next != ',') {
        return false;
      }
      skipWhitespace();
    }
  }

  /** Reads the value that starts at {@code pos}, which is before {@code end}. */
  private boolean value(int depth) {
    byte first = text[pos];
    switch (first) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        scalars++;
        return string();
      case 't':
        scalars++;
        return word("true");
      case 'f':
        scalars++;
        return word("false");
      case 'n':
        scalars++;
        return word("null");
      default:
        scalars++;
        return number();
    }
  }

  /** Reads a string value: any byte but '"', '\' and control bytes, or a valid escape. */
  private boolean string() {
    int i = pos + 1;
    byte[] t = text;
    while (i < end) {
      // Skip eight bytes at a time up to the next quote, backslash or control byte.
      while (i + Long.BYTES <= end) {
        long word = Swar.word(t, i);
        long stops = Swar.equalTo(word, (byte) '"') | Swar.equalTo(word, (byte) '\\')
            | Swar.below(word, 0x20);
        if (stops != 0) {
          i += Swar.firstByte(stops);
          break;
        }
        i += Long.BYTES;
      }
      if (i >= end) {
        return false;
      }
      byte b = t[i];
      if (b == '"') {
        pos = i + 1;
        return true;
      }
      if (b == '\\') {
        if (i + 1 >= end) {
          return false;
        }
        byte escaped = t[i + 1];
        if (escaped == 'u') {
          if (i + 5 >= end || !isHex(t[i + 2]) || !isHex(t[i + 3]) || !isHex(t[i + 4])
              || !isHex(t[i + 5])) {
            return false;
          }
          i += 6;
          continue;
        }
        if (escaped != '"' && escaped != '\\' && escaped != '/' && escaped != 'b'
            && escaped != 'f' && escaped != 'n' && escaped != 'r' && escaped != 't') {
          return false;
        }
        i += 2;
        continue;
      }
      if (b >= 0 && b < 0x20) {
        return false;
      }
      i++;
    }
    return false;
  }

  /** Reads a name: printable ASCII without escapes, at most {@value #MAX_NAME_BYTES} bytes. */
  private boolean name() {
    int i = pos + 1;
    int limit = Math.min(end, i + MAX_NAME_BYTES + 1);
    while (i < limit) {
      byte b = text[i];
      if (b == '"') {
        pos = i + 1;
        return true;
      }
      if (b < 0x20 || b == '\\') {
        return false;
      }
      i++;
    }
    return false;
  }

  /** Reads {@code true}, {@code false} or {@code null}. */
  private boolean word(String word) {
    int length = word.length();
    if (pos + length > end) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (text[pos + k] != word.charAt(k)) {
        return false;
      }
    }
    pos += length;
    // The caller checks that a comma, a closing bracket or whitespace follows, so "truex" and
    // "1x" are rejected as jackson rejects them.
    return true;
  }

  /** Reads a number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
  private boolean number() {
    int start = pos;
    int i = pos;
    if (i < end && text[i] == '-') {
      i++;
    }
    if (i >= end || !isDigit(text[i])) {
      return false;
    }
    if (text[i] == '0') {
      i++;
      if (i < end && isDigit(text[i])) {
        // jackson rejects leading zeros by default.
        return false;
      }
    } else {
      while (i < end && isDigit(text[i])) {
        i++;
      }
    }
    if (i < end && text[i] == '.') {
      i++;
      int digits = i;
      while (i < end && isDigit(text[i])) {
        i++;
      }
      if (i == digits) {
        return false;
      }
    }
    if (i < end && (text[i] == 'e' || text[i] == 'E')) {
      i++;
      if (i < end && (text[i] == '+' || text[i] == '-')) {
        i++;
      }
      int digits = i;
      while (i < end && isDigit(text[i])) {
        i++;
      }
      if (i == digits) {
        return false;
      }
    }
    if (i - start > MAX_NUMBER_BYTES) {
      return false;
    }
    pos = i;
    return true;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = text[pos];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      pos++;
    }
  }

  /** Returns whether the name {@code text[from, to)} contains the name word, ignoring case. */
  private boolean containsNameWord(int from, int to) {
    int length = nameWord.length;
    for (int i = from; i + length <= to; i++) {
      int k = 0;
      // Names contain ASCII only, so setting bit 5 lower-cases letters and changes no letter into
      // another.
      while (k < length && (text[i + k] | 0x20) == nameWord[k]) {
        k++;
      }
      if (k == length) {
        return true;
      }
    }
    return false;
  }

  private boolean isContainerKey(int from, int to) {
    for (byte[] key : containerKeys) {
      if (sameBytes(key, from, to)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether {@code text[from, to)} equals {@code bytes}. Names are short, so a plain loop
   * costs less than the call into the vectorized {@code Arrays.equals}.
   */
  private boolean sameBytes(byte[] bytes, int from, int to) {
    if (bytes.length != to - from) {
      return false;
    }
    for (int k = 0; k < bytes.length; k++) {
      if (bytes[k] != text[from + k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }
}

package io.github.imdsdetect.fuzz;

/**
 * Short printable excerpts of inputs and values for failure messages. Control characters,
 * non-ASCII bytes and backslashes are escaped, so an excerpt can be pasted into a Java string
 * literal or read in a terminal without damage.
 */
final class Previews {
  private Previews() {}

  /** Returns the first {@code maxBytes} bytes of {@code bytes}, escaped, with the total length. */
  static String bytes(byte[] bytes, int maxBytes) {
    StringBuilder out = new StringBuilder();
    int excerptLength = Math.min(bytes.length, maxBytes);
    for (int i = 0; i < excerptLength; i++) {
      int b = bytes[i] & 0xff;
      appendEscaped(out, b, b >= 0x80);
    }
    if (excerptLength < bytes.length) {
      out.append("... (").append(bytes.length).append(" bytes in all)");
    }
    return out.toString();
  }

  /** Returns the first {@code maxChars} chars of {@code text}, escaped. */
  static String text(String text, int maxChars) {
    StringBuilder out = new StringBuilder();
    int excerptLength = Math.min(text.length(), maxChars);
    for (int i = 0; i < excerptLength; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        appendEscaped(out, c, false);
      }
    }
    if (excerptLength < text.length()) {
      out.append("... (").append(text.length()).append(" chars in all)");
    }
    return out.toString();
  }

  private static void appendEscaped(StringBuilder out, int c, boolean forceHex) {
    if (forceHex) {
      out.append(String.format("\\x%02X", c));
      return;
    }
    switch (c) {
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\\':
        out.append("\\\\");
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out.append(String.format("\\x%02X", c));
        } else {
          out.append((char) c);
        }
    }
  }
}

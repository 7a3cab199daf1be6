package io.github.imdsdetect.generators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Percent-encoding and command-line text helpers. */
final class UrlText {
  private UrlText() {}

  /**
   * Percent-encodes every byte of the UTF-8 text except the RFC 3986 unreserved characters
   * (letters, digits, {@code - . _ ~}), as a query parameter value is encoded.
   */
  static String percentEncode(String text) {
    StringBuilder out = new StringBuilder(text.length() * 2);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }

  /**
   * Decodes {@code %XX} escapes, repeating while any remain, at most {@code rounds} times. Each
   * escape becomes the char of its byte value, which keeps ASCII text exact.
   */
  static String percentDecode(String text, int rounds) {
    String current = text;
    for (int round = 0; round < rounds && hasEscape(current); round++) {
      StringBuilder out = new StringBuilder(current.length());
      for (int i = 0; i < current.length(); i++) {
        char c = current.charAt(i);
        if (c == '%' && i + 2 < current.length() && isHex(current.charAt(i + 1))
            && isHex(current.charAt(i + 2))) {
          out.append((char) Integer.parseInt(current.substring(i + 1, i + 3), 16));
          i += 2;
        } else {
          out.append(c);
        }
      }
      current = out.toString();
    }
    return current;
  }

  private static boolean hasEscape(String text) {
    for (int i = 0; i + 2 < text.length(); i++) {
      if (text.charAt(i) == '%' && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Joins an argument vector into a command line as process monitors show it: arguments
   * separated by a space, an argument that contains whitespace or is empty in double quotes, and
   * a double quote inside such an argument escaped with a backslash.
   */
  static String commandLine(List<String> arguments) {
    StringBuilder line = new StringBuilder();
    for (String argument : arguments) {
      if (line.length() > 0) {
        line.append(' ');
      }
      boolean quote = argument.isEmpty() || argument.chars().anyMatch(Character::isWhitespace);
      if (quote) {
        line.append('"').append(argument.replace("\"", "\\\"")).append('"');
      } else {
        line.append(argument);
      }
    }
    return line.toString();
  }
}

package io.github.imdsdetect.weblog;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an access log line into fields: runs of non-space characters, {@code [bracketed]}
 * times, and {@code "quoted"} strings, in which a backslash escapes the next character as
 * Apache httpd writes {@code \"} and {@code \\}.
 */
final class LogLineTokenizer {
  /** The delimiters of a field. */
  enum Kind {
    BARE,
    QUOTED,
    BRACKETED
  }

  /**
   * One field, with its text between the quotes or brackets and its escapes left as written.
   *
   * @param text the field text
   * @param kind how the field was delimited
   */
  record Token(String text, Kind kind) {}

  /** Thrown when a quote or bracket is never closed. */
  static final class UnterminatedFieldException extends Exception {
    UnterminatedFieldException(String message) {
      super(message, null, false, false);
    }
  }

  private LogLineTokenizer() {}

  /**
   * Splits {@code line} at spaces outside quotes and brackets.
   *
   * @throws UnterminatedFieldException when a quoted or bracketed field has no end
   */
  static List<Token> tokenize(String line) throws UnterminatedFieldException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int length = line.length();
    while (i < length) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == '"') {
        int end = closingQuote(line, i + 1);
        if (end < 0) {
          throw new UnterminatedFieldException(
              "quoted field that starts at column " + (i + 1) + " has no closing quote");
        }
        tokens.add(new Token(line.substring(i + 1, end), Kind.QUOTED));
        i = end + 1;
      } else if (c == '[') {
        int end = line.indexOf(']', i + 1);
        if (end < 0) {
          throw new UnterminatedFieldException(
              "bracketed field that starts at column " + (i + 1) + " has no closing bracket");
        }
        tokens.add(new Token(line.substring(i + 1, end), Kind.BRACKETED));
        i = end + 1;
      } else {
        int end = i;
        while (end < length && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
          end++;
        }
        tokens.add(new Token(line.substring(i, end), Kind.BARE));
        i = end;
      }
    }
    return tokens;
  }

  private static int closingQuote(String line, int from) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i;
      } else {
        i++;
      }
    }
    return -1;
  }
}

package io.github.imdsdetect.weblog;

import java.nio.charset.StandardCharsets;

/**
 * Decodes URL percent-encoding ({@code %HH}). Each run of consecutive escapes is decoded as
 * UTF-8, with U+FFFD for invalid bytes, and characters outside escapes pass through unchanged,
 * as {@link java.net.URLDecoder} does. Unlike {@code URLDecoder}, a {@code %} that is not
 * followed by two hex digits is kept as text instead of raising an exception, because a log line
 * can hold any bytes a client sent.
 */
final class PercentDecoder {
  /**
   * Decoding rounds applied to one value: enough for the double- and triple-encoded payloads
   * that SSRF filters are tested with ({@code %25252F}), while a value that keeps changing
   * cannot cost more than this many passes.
   */
  static final int MAX_ROUNDS = 3;

  private PercentDecoder() {}

  /**
   * Decodes the escapes of {@code text} once.
   *
   * @param plusAsSpace whether {@code +} stands for a space, as in form-encoded query parameters
   * @return the decoded text, or {@code text} itself when it contains nothing to decode
   */
  static String decode(String text, boolean plusAsSpace) {
    int start = firstSpecial(text, plusAsSpace);
    if (start < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, start);
    byte[] run = null;
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (isEscape(text, i)) {
        if (run == null) {
          run = new byte[(text.length() - i) / 3];
        }
        int length = 0;
        while (isEscape(text, i)) {
          run[length++] = (byte) (hexValue(text.charAt(i + 1)) * 16 + hexValue(text.charAt(i + 2)));
          i += 3;
        }
        out.append(new String(run, 0, length, StandardCharsets.UTF_8));
      } else {
        out.append(c == '+' && plusAsSpace ? ' ' : c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * Decodes {@code text} again and again, at most {@link #MAX_ROUNDS} times, until a round
   * changes nothing. Only the first round reads {@code +} as a space when {@code plusAsSpace}
   * is set, because a {@code +} that decoding produced is a literal plus sign.
   */
  static String decodeRepeatedly(String text, boolean plusAsSpace) {
    String current = text;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      String next = decode(current, plusAsSpace && round == 0);
      if (next == current) {
        break;
      }
      current = next;
    }
    return current;
  }

  private static int firstSpecial(String text, boolean plusAsSpace) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c == '%' && isEscape(text, i)) || (c == '+' && plusAsSpace)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isEscape(String text, int at) {
    return at + 2 < text.length()
        && text.charAt(at) == '%'
        && hexValue(text.charAt(at + 1)) >= 0
        && hexValue(text.charAt(at + 2)) >= 0;
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}

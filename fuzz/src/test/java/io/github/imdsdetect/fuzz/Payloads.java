package io.github.imdsdetect.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hostile byte strings to put into log lines: bad encodings, broken escapes, control bytes,
 * markup fragments, metadata addresses, deep nesting and very long runs. Each payload comes with
 * a short name for the input's description.
 */
final class Payloads {

  /** One payload and what it is. */
  record Payload(String name, byte[] bytes) {}

  /** Restrictions that keep a payload from changing where lines or CSV records end. */
  record Restrictions(boolean noLineFeed, boolean noDoubleQuote) {
    static final Restrictions NONE = new Restrictions(false, false);
  }

  /** Byte sequences that are not valid UTF-8, and a few valid but unusual ones. */
  private static final List<byte[]> UTF8_TROUBLE =
      List.of(
          bytes(0xC0, 0x80), // overlong NUL
          bytes(0xC1, 0xBF), // overlong, never valid
          bytes(0x80), // continuation byte without a lead byte
          bytes(0xBF),
          bytes(0xFE),
          bytes(0xFF),
          bytes(0xE2, 0x82), // three-byte sequence cut after two bytes
          bytes(0xF0, 0x9F, 0x98), // four-byte sequence cut after three bytes
          bytes(0xED, 0xA0, 0x80), // lone high surrogate U+D800 in CESU-8 form
          bytes(0xED, 0xBF, 0xBF), // lone low surrogate U+DFFF
          bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80), // surrogate pair in CESU-8 form
          bytes(0xF4, 0x90, 0x80, 0x80), // above U+10FFFF
          bytes(0xF8, 0x88, 0x80, 0x80, 0x80), // five-byte form
          bytes(0xEF, 0xBB, 0xBF), // byte order mark inside a line
          bytes(0xEF, 0xBF, 0xBE), // U+FFFE, a noncharacter
          bytes(0xE2, 0x80, 0xAE), // U+202E right-to-left override
          bytes(0xC2, 0x85), // U+0085 next line
          bytes(0xE2, 0x80, 0xA8)); // U+2028 line separator

  private static final List<String> ESCAPE_TROUBLE =
      List.of(
          "\\uD800",
          "\\uDC00\\uD800",
          "\\uDBFF",
          "\\u0000",
          "\\u",
          "\\uZZZZ",
          "\\x41",
          "\\x",
          "\\",
          "\\\\\\",
          "\\\"",
          "\\/",
          "\\u00");

  private static final List<String> HEX_TROUBLE =
      List.of(
          "0x",
          "0xZZ",
          "ABC",
          "4G4G",
          "0X",
          "-1",
          "0x1a9fea9fe",
          "ffffffffffffffffffffffffffffffffffffff",
          "0000000000000000",
          "2F62696E2F7368", // "/bin/sh" hex-encoded, as auditd encodes some values
          "2F62696E2F73680", // the same with one digit too many
          "00",
          "a0=00");

  private static final List<String> PERCENT_TROUBLE =
      List.of(
          "%",
          "%2",
          "%zz",
          "%%",
          "%25",
          "%252F",
          "%25252e",
          "%C0%AF",
          "%u0041",
          "%00",
          "%E2%82",
          "%ED%A0%80",
          "%0a",
          "%0d%0a",
          "%FF%FE");

  private static final List<String> CONTROL_TROUBLE =
      List.of("\u0000", "\r", "\r\r", "\n\r", "\r\n", "\f", "\u000B", "\u001B[31m", "\u0007",
          "\u001F");

  private static final List<String> ADDRESSES =
      List.of(
          "169.254.169.254",
          "0xA9FEA9FE",
          "2852039166",
          "[fd00:ec2::254]",
          "metadata.google.internal",
          "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
          "169-254-169-254.nip.io",
          "0251.0376.0251.0376",
          "::ffff:a9fe:a9fe",
          "169.254.170.2",
          "100.100.100.200",
          "http%3A%2F%2F169.254.169.254%2F",
          "7147006462",
          "169.254.169.254.",
          "http://metadata/computeMetadata/v1/",
          "[::ffff:169.254.169.254]:80",
          "fd00:ec2::254%25eth0",
          "instance-data.us-east-1.compute.internal");

  private static final List<String> SYNTAX_FRAGMENTS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          "<",
          ">",
          "\"",
          "'",
          ",",
          ":",
          "=",
          "\t",
          "#",
          "</Event>",
          "<Event>",
          "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>",
          "<![CDATA[",
          "]]>",
          "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>",
          "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
          "&amp;",
          "&#0;",
          "&#xD800;",
          "&#1114112;",
          "&bogus;",
          "<Data Name='CommandLine'>",
          "#fields\t",
          "#separator \\x",
          "#separator \\x09",
          "#set_separator\t",
          "type=EXECVE",
          "msg=audit(",
          "msg=audit(1710254041.337:",
          "): ",
          "argc=2147483648",
          "a0=",
          "a1[0]=",
          "a1_len=99999999",
          "saddr=",
          "saddr=0200005",
          "saddr=0A000050000000000000000000000000000000000000FFFFA9FEA9FE00000000",
          "proctitle=",
          "\u001D",
          "node=",
          "null",
          "true",
          "1e999999",
          "-0",
          "NaN",
          "9223372036854775808",
          "{\"a\":",
          "\"hits\":{\"hits\":[",
          "\"events\":[",
          "\"records\":[",
          "\"_source\":",
          "\"output_fields\":{",
          "\"EventID\":",
          "\"EventData\":\"<",
          "\"@timestamp\":",
          "GET ",
          "CONNECT ",
          " HTTP/1.1\"",
          "\"-\"",
          "[30/Nov/2026:09:13:40 +0000]");

  private static final List<String> LONG_UNITS =
      List.of("A", " ", "%41", "1.", "\\u0041", "\u00E9", "\t", "a=", "\"", "\\", "{\"a\":1,",
          "\u0000", "\r");

  /** Lengths that sit just below, at and above the small field and line caps, and far above. */
  private static final List<Integer> LONG_LENGTHS =
      List.of(511, 512, 513, 4095, 4096, 4097, 65_536, 1 << 20);

  private static final List<String> NESTING_UNITS = List.of("[", "{\"a\":", "<a>", "(", "{");

  private Payloads() {}

  /** Returns a payload that obeys {@code restrictions}. */
  static Payload generate(Choices choices, Restrictions restrictions) {
    Payload payload = unrestricted(choices);
    return restrict(payload, restrictions);
  }

  private static Payload unrestricted(Choices choices) {
    switch (choices.between(0, 11)) {
      case 0:
        return new Payload("empty", new byte[0]);
      case 1:
        return new Payload("printable ASCII", randomBytes(choices, 0x20, 0x7E, 32));
      case 2:
        return new Payload("random bytes", randomBytes(choices, 0x00, 0xFF, 32));
      case 3:
        return repeatedFrom(choices, "invalid UTF-8", UTF8_TROUBLE);
      case 4:
        return fromStrings(choices, "broken escape", ESCAPE_TROUBLE);
      case 5:
        return fromStrings(choices, "bad hex", HEX_TROUBLE);
      case 6:
        return fromStrings(choices, "bad percent-encoding", PERCENT_TROUBLE);
      case 7:
        return fromStrings(choices, "control characters", CONTROL_TROUBLE);
      case 8:
        return fromStrings(choices, "metadata address", ADDRESSES);
      case 9:
        return fromStrings(choices, "syntax fragment", SYNTAX_FRAGMENTS);
      case 10:
        return nesting(choices);
      default:
        return longRun(choices);
    }
  }

  private static Payload nesting(Choices choices) {
    String unit = choices.pick(NESTING_UNITS);
    int depth = choices.pick(List.of(65, 1_000, 10_000));
    return new Payload(
        depth + " x \"" + unit + "\"", unit.repeat(depth).getBytes(StandardCharsets.UTF_8));
  }

  private static Payload longRun(Choices choices) {
    byte[] unit = choices.pick(LONG_UNITS).getBytes(StandardCharsets.UTF_8);
    int length = choices.pick(LONG_LENGTHS);
    byte[] run = new byte[length];
    for (int i = 0; i < length; i++) {
      run[i] = unit[i % unit.length];
    }
    return new Payload(
        length + " bytes of \"" + Previews.bytes(unit, 16) + "\" repeated", run);
  }

  private static Payload fromStrings(Choices choices, String name, List<String> options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int count = choices.between(1, 3);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String option = choices.pick(options);
      out.writeBytes(option.getBytes(StandardCharsets.UTF_8));
      text.append(option);
    }
    return new Payload(name + " \"" + Previews.text(text.toString(), 60) + "\"",
        out.toByteArray());
  }

  private static Payload repeatedFrom(Choices choices, String name, List<byte[]> options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int count = choices.between(1, 4);
    for (int i = 0; i < count; i++) {
      out.writeBytes(choices.pick(options));
    }
    byte[] bytes = out.toByteArray();
    return new Payload(name + " \"" + Previews.bytes(bytes, 40) + "\"", bytes);
  }

  private static byte[] randomBytes(Choices choices, int min, int max, int maxLength) {
    byte[] bytes = new byte[choices.between(1, maxLength)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) choices.between(min, max);
    }
    return bytes;
  }

  private static Payload restrict(Payload payload, Restrictions restrictions) {
    if (!restrictions.noLineFeed() && !restrictions.noDoubleQuote()) {
      return payload;
    }
    byte[] bytes = payload.bytes().clone();
    boolean changed = false;
    for (int i = 0; i < bytes.length; i++) {
      boolean forbidden =
          (restrictions.noLineFeed() && bytes[i] == '\n')
              || (restrictions.noDoubleQuote() && bytes[i] == '"');
      if (forbidden) {
        bytes[i] = '?';
        changed = true;
      }
    }
    return changed ? new Payload(payload.name() + " with line feeds or quotes as ?", bytes)
        : payload;
  }

  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }
}

package io.github.imdsdetect.auditd;

import io.github.imdsdetect.auditd.RawField.Form;
import java.nio.charset.StandardCharsets;

/**
 * Decodes audit field values.
 *
 * <p>The kernel writes text that a process controls (command, executable path, arguments,
 * process title) as an <em>untrusted string</em>: in double quotes when every byte is printable
 * ASCII from 0x21 to 0x7E other than {@code "}, and otherwise as upper-case hex of its bytes
 * without quotes (Linux {@code audit_log_n_untrustedstring}).
 */
final class AuditValues {

  private AuditValues() {}

  /**
   * Decodes an untrusted string field into text. Returns null for an absent value: empty,
   * {@code ?}, {@code (null)} or {@code (none)}. A bare value of hex digits is decoded as UTF-8,
   * with invalid sequences replaced by U+FFFD. Any other bare value is returned as written,
   * because some tools write plain text without quotes.
   *
   * @throws MalformedRecordException if a bare value of hex digits has an odd length and the line
   *     cap did not cut it
   */
  static String untrustedText(RawField field) throws MalformedRecordException {
    if (field.form() != Form.BARE) {
      return field.value();
    }
    String value = field.value();
    if (isAbsent(value)) {
      return null;
    }
    if (!isHexDigits(value)) {
      return value;
    }
    return utf8(hexBytes(field));
  }

  /**
   * Returns the bytes of a value that must be hex: a bare value of an even number of hex digits.
   * The last odd digit of a value cut by the line cap is dropped.
   *
   * @throws MalformedRecordException if the value is not hex or has an odd length
   */
  static byte[] hexBytes(RawField field) throws MalformedRecordException {
    String value = field.value();
    if (!isHexDigits(value)) {
      throw new MalformedRecordException(
          "invalid hex in field " + RecordTokenizer.shorten(field.key())
              + ": expected hex digits, found '" + RecordTokenizer.shorten(value) + "'");
    }
    int length = value.length();
    if (length % 2 != 0) {
      if (!field.cut()) {
        throw new MalformedRecordException(
            "odd-length hex in field " + RecordTokenizer.shorten(field.key()) + ": "
                + length + " digits");
      }
      length--;
    }
    byte[] bytes = new byte[length / 2];
    for (int i = 0; i < bytes.length; i++) {
      int high = Character.digit(value.charAt(2 * i), 16);
      int low = Character.digit(value.charAt(2 * i + 1), 16);
      bytes[i] = (byte) ((high << 4) | low);
    }
    return bytes;
  }

  /** Returns whether {@code value} is one or more ASCII hex digits of either case. */
  static boolean isHexDigits(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
      if (!hex) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether {@code value} is one of auditd's markers for a missing value. */
  static boolean isAbsent(String value) {
    return value.isEmpty() || value.equals("?") || value.equals("(null)") || value.equals("(none)");
  }

  /**
   * Returns whether a numeric user id field means "not set": auditd writes an unset login uid as
   * 4294967295 ((uid_t) -1), and the enriched format names it {@code unset}.
   */
  static boolean isUnsetId(String value) {
    return value == null
        || isAbsent(value)
        || value.equals("4294967295")
        || value.equals("-1")
        || value.equals("unset");
  }

  /** Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD. */
  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

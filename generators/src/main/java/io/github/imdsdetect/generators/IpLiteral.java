package io.github.imdsdetect.generators;

/**
 * Parses the IP literals that connection events carry into the bytes a socket address holds:
 * dotted-decimal IPv4, and IPv6 with "::", a dotted IPv4 tail and an optional zone id. Parsing
 * only reads the text; nothing is resolved.
 */
final class IpLiteral {
  private IpLiteral() {}

  /**
   * Returns the 4 or 16 bytes of the address.
   *
   * @throws IllegalArgumentException if the text is not such a literal
   */
  static byte[] parse(String text) {
    int zone = text.indexOf('%');
    String address = zone < 0 ? text : text.substring(0, zone);
    return address.indexOf(':') >= 0 ? parseIpv6(address, text) : parseIpv4(address, text);
  }

  /** Returns the zone id after '%', or null. */
  static String zone(String text) {
    int zone = text.indexOf('%');
    return zone < 0 ? null : text.substring(zone + 1);
  }

  private static byte[] parseIpv4(String address, String text) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      throw invalid(text);
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = parseNumber(parts[i], 10, 3, text);
      if (value > 255) {
        throw invalid(text);
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  private static byte[] parseIpv6(String address, String text) {
    int gap = address.indexOf("::");
    String head = gap < 0 ? address : address.substring(0, gap);
    String tail = gap < 0 ? "" : address.substring(gap + 2);
    int[] headGroups = groups(head, text);
    int[] tailGroups = groups(tail, text);
    int explicit = headGroups.length + tailGroups.length;
    if (gap < 0 ? explicit != 8 : explicit > 7) {
      throw invalid(text);
    }
    int[] all = new int[8];
    System.arraycopy(headGroups, 0, all, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (all[i] >>> 8);
      bytes[2 * i + 1] = (byte) all[i];
    }
    return bytes;
  }

  /** Parses colon-separated groups, the last of which may be a dotted IPv4 address. */
  private static int[] groups(String part, String text) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] pieces = part.split(":", -1);
    boolean dottedTail = pieces[pieces.length - 1].indexOf('.') >= 0;
    int[] groups = new int[pieces.length + (dottedTail ? 1 : 0)];
    for (int i = 0; i < pieces.length; i++) {
      if (i == pieces.length - 1 && dottedTail) {
        byte[] ipv4 = parseIpv4(pieces[i], text);
        groups[i] = ((ipv4[0] & 0xFF) << 8) | (ipv4[1] & 0xFF);
        groups[i + 1] = ((ipv4[2] & 0xFF) << 8) | (ipv4[3] & 0xFF);
      } else {
        groups[i] = parseNumber(pieces[i], 16, 4, text);
      }
    }
    return groups;
  }

  private static int parseNumber(String digits, int radix, int maxLength, String text) {
    if (digits.isEmpty() || digits.length() > maxLength) {
      throw invalid(text);
    }
    try {
      return Integer.parseInt(digits, radix);
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("not an IP literal: " + text);
  }
}

package io.github.imdsdetect.generators;

import java.util.Locale;

/**
 * Writes addresses and host names in the notations of {@link Encoding}. IPv4 numbers follow
 * glibc {@code inet_aton(3)}: a part is decimal, hexadecimal after "0x", or octal after a leading
 * '0', and the last part fills the remaining bytes. Nothing here resolves a name.
 */
final class AddressWriter {
  private static final String[] REGIONS = {
    "eu-west-1", "us-west-2", "ap-south-1", "ap-northeast-1", "sa-east-1", "us-gov-west-1"
  };
  private static final String[] ZONES = {"eth0", "ens5", "en0", "2"};
  private static final String[] PREFIX_LABELS = {"app", "img", "cdn", "x"};
  private static final String[] REBIND_PARTNERS = {"7f000001", "0a000001", "c0a80001"};

  private AddressWriter() {}

  /** Returns whether {@code encoding} can write {@code endpoint}. */
  static boolean supports(Encoding encoding, MetadataEndpoint endpoint) {
    switch (encoding) {
      case IPV6_COMPRESSED:
      case IPV6_FULL:
      case IPV6_BRACKETS:
      case IPV6_ZONE_ID:
        return endpoint.isIpv6();
      case SSLIP_IO:
        return endpoint.isIpv4() || endpoint.isIpv6();
      case HOST_NAME:
      case SHORT_HOST_NAME:
        return endpoint == MetadataEndpoint.GCP_NAME;
      case INSTANCE_DATA_NAME:
        return endpoint == MetadataEndpoint.AWS_NAME;
      case NONE:
        return false;
      default:
        return endpoint.isIpv4();
    }
  }

  /**
   * Writes {@code endpoint} in {@code encoding}. The URL-level encodings ({@link
   * Encoding#PERCENT_ENCODED_URL}, {@link Encoding#DOUBLE_PERCENT_ENCODED_URL}, {@link
   * Encoding#URL_USER_INFO} and {@link Encoding#BACKSLASH_URL}) return the dotted address, which
   * the URL builder then wraps.
   *
   * @param inUrl whether the text goes into a URL, where a zone id's '%' is written "%25"
   * @throws IllegalArgumentException if the encoding cannot write the endpoint
   */
  static String write(
      MetadataEndpoint endpoint, Encoding encoding, Choices choices, boolean inUrl) {
    if (!supports(encoding, endpoint)) {
      throw new IllegalArgumentException(encoding + " cannot write " + endpoint);
    }
    if (endpoint.isIpv6()) {
      return writeIpv6(endpoint.ipv6Groups(), encoding, choices, inUrl);
    }
    switch (encoding) {
      case HOST_NAME:
        return hostName(choices);
      case SHORT_HOST_NAME:
        return "metadata";
      case INSTANCE_DATA_NAME:
        return choices.pick(
            "instance-data",
            "instance-data.ec2.internal",
            "instance-data." + choices.pick(REGIONS) + ".compute.internal");
      default:
        return writeIpv4(endpoint.ipv4(), encoding, choices);
    }
  }

  /**
   * Writes a 32-bit value in an IPv4 encoding, a wildcard DNS name or an IPv4-in-IPv6 form.
   * Near misses call it with addresses next to the metadata addresses.
   */
  static String writeIpv4(long value, Encoding encoding, Choices choices) {
    switch (encoding) {
      case DOTTED_DECIMAL:
      case PERCENT_ENCODED_URL:
      case DOUBLE_PERCENT_ENCODED_URL:
      case URL_USER_INFO:
      case BACKSLASH_URL:
        return dotted(value);
      case DECIMAL_INTEGER:
        return Long.toString(value);
      case HEX_INTEGER:
        return choices.pick("0x", "0X") + "0".repeat(choices.between(0, 3))
            + randomCase(Long.toHexString(value), choices);
      case OCTAL_INTEGER:
        return "0" + "0".repeat(choices.between(0, 2)) + Long.toOctalString(value);
      case DOTTED_HEX:
        return dottedInBases(value, new int[] {16, 16, 16, 16}, choices);
      case DOTTED_OCTAL:
        return dottedInBases(value, new int[] {8, 8, 8, 8}, choices);
      case DOTTED_MIXED:
        return dottedInBases(value, mixedBases(choices), choices);
      case SHORT_FORM_TWO_PARTS:
        return (value >>> 24) + "." + numberInBase(value & 0xFF_FFFFL, choices.pick(10, 10, 16), choices);
      case SHORT_FORM_THREE_PARTS:
        return (value >>> 24) + "." + ((value >>> 16) & 0xFF) + "."
            + numberInBase(value & 0xFFFFL, choices.pick(10, 10, 16), choices);
      case OUT_OF_RANGE:
        return outOfRange(value, choices);
      case IPV4_MAPPED_DOTTED:
        return choices.pick("::ffff:", "::FFFF:", "0:0:0:0:0:ffff:") + dotted(value);
      case IPV4_MAPPED_HEX:
        return choices.pick("::ffff:", "0:0:0:0:0:ffff:") + hexGroups(value);
      case IPV4_COMPATIBLE_DOTTED:
        return "::" + dotted(value);
      case IPV4_COMPATIBLE_HEX:
        return "::" + hexGroups(value);
      case NIP_IO:
        return wildcardName(value, ".nip.io", choices);
      case SSLIP_IO:
        return wildcardName(value, ".sslip.io", choices);
      case XIP_IO:
        return prefixLabel(choices)
            + (choices.percent(50) ? dotted(value) : dotted(value).replace('.', '-')) + ".xip.io";
      case RBNDR_US:
        String partner = choices.pick(REBIND_PARTNERS);
        String metadata = String.format(Locale.ROOT, "%08x", value);
        return (choices.percent(50) ? partner + "." + metadata : metadata + "." + partner)
            + ".rbndr.us";
      case PERCENT_ENCODED_HOST:
        return dotted(value).replace(".", choices.pick("%2E", "%2e"));
      default:
        throw new IllegalArgumentException(encoding + " does not write an IPv4 address");
    }
  }

  private static String writeIpv6(int[] groups, Encoding encoding, Choices choices, boolean inUrl) {
    switch (encoding) {
      case IPV6_COMPRESSED:
        return randomCase(compressedVariant(groups, choices), choices);
      case IPV6_FULL:
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
          String hex = Integer.toHexString(groups[i]);
          full.append(i == 0 ? "" : ":").append("0".repeat(choices.between(0, 5 - hex.length())))
              .append(hex);
        }
        return randomCase(full.toString(), choices);
      case IPV6_BRACKETS:
        return "[" + compressedIpv6(groups) + "]:" + choices.pick(80, 80, 8080);
      case IPV6_ZONE_ID:
        return compressedIpv6(groups) + (inUrl ? "%25" : "%") + choices.pick(ZONES);
      case SSLIP_IO:
        String dashed = compressedIpv6(groups).replace(':', '-');
        return (choices.percent(50) ? choices.pick(PREFIX_LABELS) + "-" : "") + dashed + ".sslip.io";
      default:
        throw new IllegalArgumentException(encoding + " does not write an IPv6 address");
    }
  }

  /** Returns GCP's metadata host name in one of the cases a resolver accepts. */
  private static String hostName(Choices choices) {
    String name = choices.pick(
        "metadata.google.internal", "METADATA.GOOGLE.INTERNAL", "Metadata.Google.Internal");
    return choices.percent(25) ? name + "." : name;
  }

  /** Returns dotted-decimal text of a 32-bit value. */
  static String dotted(long value) {
    return (value >>> 24) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "."
        + (value & 0xFF);
  }

  /** Returns the two 16-bit halves of a 32-bit value as lower-case IPv6 hex groups. */
  static String hexGroups(long value) {
    return Long.toHexString(value >>> 16) + ":" + Long.toHexString(value & 0xFFFF);
  }

  /**
   * Returns the RFC 5952 text of an IPv6 address: lower case, no leading zeros, and "::" for the
   * longest run of two or more zero groups.
   */
  static String compressedIpv6(int[] groups) {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; i++) {
      int length = 0;
      while (i + length < groups.length && groups[i + length] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = i;
        bestLength = length;
      }
    }
    return bestStart < 0
        ? joinGroups(groups, 0, groups.length)
        : joinGroups(groups, 0, bestStart) + "::"
            + joinGroups(groups, bestStart + bestLength, groups.length);
  }

  /** Returns IPv6 text with "::" over a random run of the zero groups, or over none. */
  private static String compressedVariant(int[] groups, Choices choices) {
    int zeroStart = -1;
    int zeroEnd = -1;
    for (int i = 0; i < groups.length; i++) {
      if (groups[i] == 0) {
        zeroStart = zeroStart < 0 ? i : zeroStart;
        zeroEnd = i + 1;
      }
    }
    if (zeroStart < 0) {
      return joinGroups(groups, 0, groups.length);
    }
    int start = choices.between(zeroStart, zeroEnd);
    int end = choices.between(start + 1, zeroEnd + 1);
    return joinGroups(groups, 0, start) + "::" + joinGroups(groups, end, groups.length);
  }

  private static String joinGroups(int[] groups, int start, int end) {
    StringBuilder text = new StringBuilder();
    for (int i = start; i < end; i++) {
      text.append(i == start ? "" : ":").append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  private static String dottedInBases(long value, int[] bases, Choices choices) {
    StringBuilder text = new StringBuilder();
    for (int part = 0; part < 4; part++) {
      long octet = (value >>> (24 - 8 * part)) & 0xFF;
      text.append(part == 0 ? "" : ".").append(numberInBase(octet, bases[part], choices));
    }
    return text.toString();
  }

  /** Returns bases for four parts, at least two of them different. */
  private static int[] mixedBases(Choices choices) {
    int[] bases = new int[4];
    for (int i = 0; i < 4; i++) {
      bases[i] = choices.pick(10, 16, 8);
    }
    if (bases[0] == bases[1] && bases[1] == bases[2] && bases[2] == bases[3]) {
      bases[choices.between(0, 4)] = bases[0] == 10 ? choices.pick(16, 8) : 10;
    }
    return bases;
  }

  private static String numberInBase(long value, int base, Choices choices) {
    switch (base) {
      case 16:
        return choices.pick("0x", "0X") + randomCase(Long.toHexString(value), choices);
      case 8:
        return "0" + "0".repeat(choices.between(0, 2)) + Long.toOctalString(value);
      default:
        return Long.toString(value);
    }
  }

  /**
   * Writes IPv4 syntax in which some part is above its field but below twice its field, so that
   * reducing each part modulo its field gives {@code value}: a byte plus 256, a 32-bit number
   * plus 2^32, or a 16-bit last part plus 65536.
   */
  private static String outOfRange(long value, Choices choices) {
    switch (choices.between(0, 4)) {
      case 0:
        int part = choices.between(0, 4);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4; i++) {
          long octet = (value >>> (24 - 8 * i)) & 0xFF;
          text.append(i == 0 ? "" : ".").append(i == part ? octet + 256 : octet);
        }
        return text.toString();
      case 1:
        return "0x1" + String.format(Locale.ROOT, "%08x", value);
      case 2:
        return Long.toString(value + (1L << 32));
      default:
        return (value >>> 24) + "." + ((value >>> 16) & 0xFF) + "." + ((value & 0xFFFF) + 65536);
    }
  }

  private static String wildcardName(long value, String domain, Choices choices) {
    String embedded;
    switch (choices.between(0, 3)) {
      case 0:
        embedded = dotted(value);
        break;
      case 1:
        embedded = dotted(value).replace('.', '-');
        break;
      default:
        embedded = String.format(Locale.ROOT, "%08x", value);
        break;
    }
    return prefixLabel(choices) + embedded + domain;
  }

  /** Returns nothing, or a label and '.' or '-' to put before an embedded address. */
  private static String prefixLabel(Choices choices) {
    return choices.percent(40) ? choices.pick(PREFIX_LABELS) + choices.pick(".", "-") : "";
  }

  /** Returns the text in lower case, upper case, or unchanged, at random. */
  private static String randomCase(String text, Choices choices) {
    switch (choices.between(0, 3)) {
      case 0:
        return text.toUpperCase(Locale.ROOT);
      case 1:
        return text.toLowerCase(Locale.ROOT);
      default:
        return text;
    }
  }
}

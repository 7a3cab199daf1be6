package io.github.imdsdetect.auditd;

/**
 * Decodes the {@code saddr=} field of SOCKADDR records: the hex bytes of the {@code struct
 * sockaddr} that a process passed to a system call such as {@code connect}.
 *
 * <p>The first two bytes are the address family in host byte order, so {@code 0200} is AF_INET
 * on little-endian hosts such as x86-64 and {@code 0002} on big-endian hosts such as s390x. Both
 * orders are read. The port and the address are in network byte order.
 */
final class SocketAddresses {
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;

  /** Minimum AF_INET length: sa_family, sin_port and sin_addr. The 8-byte padding may be missing. */
  private static final int INET_MIN_BYTES = 8;

  /** Minimum AF_INET6 length: up to the end of sin6_addr. The 4-byte scope id may be missing. */
  private static final int INET6_MIN_BYTES = 24;

  /**
   * An IP address and port taken from a socket address.
   *
   * @param address the address as dotted IPv4 text or RFC 5952 IPv6 text
   * @param port the port, 0 to 65535
   */
  record Destination(String address, int port) {}

  private SocketAddresses() {}

  /**
   * Returns the IP address and port of an AF_INET or AF_INET6 socket address, or null for any
   * other family, such as AF_UNIX, AF_NETLINK or AF_UNSPEC.
   *
   * @param bytes the decoded {@code saddr=} bytes
   * @throws MalformedRecordException if an AF_INET or AF_INET6 address is too short
   */
  static Destination decode(byte[] bytes) throws MalformedRecordException {
    if (bytes.length < 2) {
      return null;
    }
    int family = family(bytes[0] & 0xff, bytes[1] & 0xff);
    if (family == AF_INET) {
      requireLength(bytes, INET_MIN_BYTES, "AF_INET");
      return new Destination(ipv4(bytes, 4), port(bytes));
    }
    if (family == AF_INET6) {
      requireLength(bytes, INET6_MIN_BYTES, "AF_INET6");
      return new Destination(ipv6(bytes, 8), port(bytes));
    }
    return null;
  }

  private static int family(int first, int second) {
    if (second == 0) {
      return first; // little-endian, or AF_UNSPEC
    }
    if (first == 0) {
      return second; // big-endian
    }
    return -1;
  }

  private static void requireLength(byte[] bytes, int minimum, String family)
      throws MalformedRecordException {
    if (bytes.length < minimum) {
      throw new MalformedRecordException(
          family + " socket address in saddr is " + bytes.length + " bytes, expected at least "
              + minimum);
    }
  }

  private static int port(byte[] bytes) {
    return ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
  }

  private static String ipv4(byte[] bytes, int offset) {
    return (bytes[offset] & 0xff)
        + "."
        + (bytes[offset + 1] & 0xff)
        + "."
        + (bytes[offset + 2] & 0xff)
        + "."
        + (bytes[offset + 3] & 0xff);
  }

  /**
   * Formats 16 address bytes as RFC 5952 text: lower-case hex groups without leading zeros, and
   * the longest run of two or more zero groups (the first one on a tie) written as {@code ::}.
   * IPv4-mapped addresses are written as {@code ::ffff:a.b.c.d}, the form that RFC 5952 section
   * 5 recommends, which dual-stack sockets of Java and other runtimes produce for IPv4 peers.
   */
  static String ipv6(byte[] bytes, int offset) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[offset + 2 * i] & 0xff) << 8) | (bytes[offset + 2 * i + 1] & 0xff);
    }
    if (isIpv4Mapped(groups)) {
      return "::ffff:" + ipv4(bytes, offset + 12);
    }
    int bestStart = -1;
    int bestLength = 1;
    int runStart = -1;
    for (int i = 0; i <= 8; i++) {
      if (i < 8 && groups[i] == 0) {
        if (runStart < 0) {
          runStart = i;
        }
      } else if (runStart >= 0) {
        if (i - runStart > bestLength) {
          bestStart = runStart;
          bestLength = i - runStart;
        }
        runStart = -1;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  private static boolean isIpv4Mapped(int[] groups) {
    for (int i = 0; i < 5; i++) {
      if (groups[i] != 0) {
        return false;
      }
    }
    return groups[5] == 0xffff;
  }
}

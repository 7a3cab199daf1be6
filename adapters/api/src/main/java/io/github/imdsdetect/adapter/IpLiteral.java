package io.github.imdsdetect.adapter;

/**
 * Checks for IP address literals in their standard text form, as opposed to host names or the
 * decimal, hex and octal notations that attackers use to hide a metadata address. Nothing is
 * resolved, so no name lookup can happen. Used by the finding writers to choose between ECS
 * {@code destination.ip} and {@code destination.domain}, and the OCSF equivalents.
 */
public final class IpLiteral {
  private IpLiteral() {}

  /**
   * Returns whether the text is a dotted-decimal IPv4 address without leading zeros, or an IPv6
   * address of hex groups with at most one {@code ::} and an optional dotted-decimal tail. Brackets
   * and zone ids ({@code %eth0}) are not accepted.
   *
   * @param text the address text
   * @return whether it is an IPv4 or IPv6 literal in standard form
   */
  public static boolean isIp(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  /**
   * Returns whether the text is a dotted-decimal IPv4 address without leading zeros.
   *
   * @param text the address text
   * @return whether it is four decimal octets of 0 to 255
   */
  public static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (part.charAt(i) < '0' || part.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String text) {
    if (text.length() < 2 || text.length() > 45 || text.indexOf(':') < 0) {
      return false;
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }

    // A dotted-decimal tail takes the place of two groups. It is checked, then replaced by one
    // group "0" while the number of groups allowed drops to 7.
    String body = text;
    int groupsAllowed = 8;
    int lastColon = text.lastIndexOf(':');
    if (text.indexOf('.') >= 0) {
      if (!isIpv4(text.substring(lastColon + 1))) {
        return false;
      }
      body = text.substring(0, lastColon + 1) + "0";
      groupsAllowed = 7;
    }

    String[] groups = body.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String group = groups[i];
      if (group.isEmpty()) {
        // Empty groups come only from "::", at the start, the end or in the middle.
        continue;
      }
      if (group.length() > 4 || !isHex(group)) {
        return false;
      }
      count++;
    }

    if (doubleColon < 0) {
      return count == groupsAllowed && groups.length == groupsAllowed;
    }
    return count < groupsAllowed && emptyGroupsOnlyAround(body, doubleColon);
  }

  /** Returns whether every empty group of {@code body} comes from its one {@code ::}. */
  private static boolean emptyGroupsOnlyAround(String body, int doubleColon) {
    String before = body.substring(0, doubleColon);
    String after = body.substring(doubleColon + 2);
    return (before.isEmpty() || (!before.startsWith(":") && !before.endsWith(":")))
        && (after.isEmpty() || (!after.startsWith(":") && !after.endsWith(":")));
  }

  private static boolean isHex(String group) {
    for (int i = 0; i < group.length(); i++) {
      char c = group.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }
}

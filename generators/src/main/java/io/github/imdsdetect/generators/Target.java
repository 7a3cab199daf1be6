package io.github.imdsdetect.generators;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One metadata API request: the path, the method and header it needs, the endpoints that serve
 * it, and the rules that its path text makes fire in a command line.
 *
 * @param provider the provider that the findings report
 * @param dataKind the kind of data the request returns
 * @param path the path and query, starting with '/'
 * @param method the HTTP method
 * @param header the header the service requires, or null
 * @param endpoints the endpoints that serve the path
 * @param pathRuleIds the command-line rules that the path text makes fire whatever the address
 * @param literalAddressRule a rule whose indicator needs the address written as a literal right
 *     before the path, or null. The ECS and EKS credential indicators match
 *     {@code 169.254.170.2/v2/credentials} and {@code 169.254.170.23/v1/credentials} or
 *     {@code fd00:ec2::23]/v1/credentials}, because the bare paths are too common elsewhere.
 */
record Target(
    String provider,
    String dataKind,
    String path,
    String method,
    RequestHeader header,
    List<MetadataEndpoint> endpoints,
    Set<String> pathRuleIds,
    String literalAddressRule) {

  /** Returns whether findings should count this request as credential access. */
  boolean isCredentialAccess() {
    return dataKind.equals("credentials") || dataKind.equals("token");
  }

  /**
   * Returns the command-line rules that fire for a URL that contains this path, given the URL
   * text as written. The literal-address rule fires when the URL, percent-decoded up to three
   * times as the detector does, holds one of the endpoint literals followed by an optional port
   * and the path.
   */
  Set<String> commandLineRuleIds(String url) {
    Set<String> ids = new TreeSet<>(pathRuleIds);
    if (literalAddressRule != null && holdsLiteralBeforePath(url)) {
      ids.add(literalAddressRule);
    }
    return ids;
  }

  private boolean holdsLiteralBeforePath(String url) {
    String decoded = UrlText.percentDecode(url, 3).toLowerCase(Locale.ROOT);
    String lowerPath = path.toLowerCase(Locale.ROOT);
    for (MetadataEndpoint endpoint : endpoints) {
      String literal = endpoint.isIpv6() ? endpoint.connectAddress() + "]" : endpoint.connectAddress();
      int at = decoded.indexOf(literal);
      while (at >= 0) {
        int next = skipPort(decoded, at + literal.length());
        if (decoded.startsWith(lowerPath, next)) {
          return true;
        }
        at = decoded.indexOf(literal, at + 1);
      }
    }
    return false;
  }

  /** Returns the index after an optional ":digits" at {@code from}. */
  private static int skipPort(String text, int from) {
    if (from >= text.length() || text.charAt(from) != ':') {
      return from;
    }
    int i = from + 1;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    return i > from + 1 ? i : from;
  }
}

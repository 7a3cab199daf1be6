package io.github.imdsdetect.weblog;

/**
 * An HTTP request line split into method and target, with the target split into host, path and
 * query. The target may be in any of HTTP/1.1's four forms: origin form ({@code /a?b}),
 * absolute form ({@code http://host/a?b}, sent to proxies and written by AWS load balancers),
 * authority form ({@code host:443}, for CONNECT) or asterisk form ({@code *}). Any other target
 * is taken as a path.
 *
 * @param method the method, such as {@code GET}
 * @param target the request target as logged
 * @param host the host of an absolute or authority form target, without user info and port, or
 *     null
 * @param path the path as logged, or null when the target has none
 * @param query the query without its {@code ?}, as logged, or null when the target has none
 */
record HttpRequest(String method, String target, String host, String path, String query) {

  /**
   * Parses a request line such as {@code GET /a?b HTTP/1.1}. A line without a protocol is read
   * as an HTTP/0.9 request, and a target with spaces (which clients may send, though HTTP
   * forbids it) is kept whole.
   *
   * @return the request, or null when the line has no method and target, or its method is
   *     {@code -} or has characters that HTTP does not allow in a method
   */
  static HttpRequest parse(String line) {
    String trimmed = line.strip();
    int methodEnd = trimmed.indexOf(' ');
    if (methodEnd <= 0) {
      return null;
    }
    String method = trimmed.substring(0, methodEnd);
    if (method.equals("-") || !isToken(method)) {
      return null;
    }
    String rest = trimmed.substring(methodEnd + 1).strip();
    int protocolStart = rest.lastIndexOf(' ');
    if (protocolStart > 0 && rest.startsWith("HTTP/", protocolStart + 1)) {
      rest = rest.substring(0, protocolStart).strip();
    }
    if (rest.isEmpty() || rest.equals("-")) {
      return null;
    }
    return split(method, rest);
  }

  private static HttpRequest split(String method, String target) {
    if (target.equals("*")) {
      return new HttpRequest(method, target, null, target, null);
    }
    String host = null;
    String pathAndQuery = target;
    int schemeEnd = target.indexOf("://");
    if (!target.startsWith("/") && schemeEnd > 0 && isScheme(target, schemeEnd)) {
      int authorityStart = schemeEnd + 3;
      int authorityEnd = authorityStart;
      while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
        authorityEnd++;
      }
      host = hostOfAuthority(target.substring(authorityStart, authorityEnd));
      pathAndQuery = target.substring(authorityEnd);
    } else if (method.equalsIgnoreCase("CONNECT")) {
      return new HttpRequest(method, target, hostOfAuthority(target), null, null);
    }
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    String query = question < 0 ? null : pathAndQuery.substring(question + 1);
    return new HttpRequest(method, target, host, path.isEmpty() ? null : path, query);
  }

  /** Returns the host of a URL authority: without user info and port, IPv6 in brackets. */
  static String hostOfAuthority(String authority) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    String host;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = close < 0 ? hostPort : hostPort.substring(0, close + 1);
    } else {
      int colon = hostPort.indexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
    return host.isEmpty() ? null : host;
  }

  /**
   * Returns whether {@code text} starts with a URI scheme that ends at {@code end}: a letter
   * followed by letters, digits, {@code +}, {@code -} or {@code .}.
   */
  static boolean isScheme(CharSequence text, int end) {
    if (end <= 0 || !isAsciiLetter(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      if (!isSchemeChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isSchemeChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Returns whether {@code text} is an HTTP token, the syntax of a method. */
  private static boolean isToken(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean valid =
          isAsciiLetter(c) || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!valid) {
        return false;
      }
    }
    return true;
  }
}

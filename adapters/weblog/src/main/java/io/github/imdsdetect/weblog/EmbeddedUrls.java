package io.github.imdsdetect.weblog;

/**
 * Finds a URL that a request carries inside its own target, the usual shape of a server-side
 * request forgery (SSRF) payload: a query parameter such as {@code ?url=http%3A%2F%2F...} or
 * {@code ?target=http://[fd00:ec2::254]/}, or a path such as {@code /proxy/http://host/}.
 *
 * <p>Each {@code &}-separated query parameter is percent-decoded on its own, up to {@link
 * PercentDecoder#MAX_ROUNDS} times with {@code +} as a space in the first round, so an encoded
 * {@code &} stays inside its value. A URL starts at a scheme followed by {@code ://}, anywhere in
 * the decoded parameter (its name included, since a fully encoded {@code url%3Dhttp...} has no
 * literal {@code =}), or at a leading {@code //} of the value. It runs to the end of the
 * parameter.
 *
 * <p>NOTE: only the first URL is returned. A request that carries a second URL after a harmless
 * first one keeps the second only in its decoded query ({@code url.query}), so only a rule that
 * reads that field can match it.
 */
final class EmbeddedUrls {
  private EmbeddedUrls() {}

  /**
   * Returns the first URL embedded in the query's parameters, else in the path, decoded, or null
   * when there is none. A URL found in the path is followed by the decoded query, because a
   * path-style proxy passes the query on to the embedded URL.
   *
   * @param path the path as logged, or null
   * @param query the query as logged without its {@code ?}, or null
   * @param decodedQuery the query decoded, or null
   */
  static String find(String path, String query, String decodedQuery) {
    if (query != null) {
      int start = 0;
      while (start <= query.length()) {
        int end = query.indexOf('&', start);
        if (end < 0) {
          end = query.length();
        }
        String parameter = PercentDecoder.decodeRepeatedly(query.substring(start, end), true);
        String url = findInParameter(parameter);
        if (url != null) {
          return url;
        }
        start = end + 1;
      }
    }
    if (path != null) {
      String decodedPath = PercentDecoder.decodeRepeatedly(path, false);
      int at = schemeUrlStart(decodedPath);
      if (at >= 0) {
        String url = decodedPath.substring(at);
        return decodedQuery == null ? url : url + "?" + decodedQuery;
      }
    }
    return null;
  }

  private static String findInParameter(String parameter) {
    int at = schemeUrlStart(parameter);
    if (at >= 0) {
      return parameter.substring(at).strip();
    }
    int equals = parameter.indexOf('=');
    String value = (equals < 0 ? parameter : parameter.substring(equals + 1)).strip();
    return value.startsWith("//") && value.length() > 2 ? value : null;
  }

  /**
   * Returns where the first {@code scheme://} of {@code text} starts, or -1. The scheme is the
   * longest run of scheme characters before {@code ://} that starts with a letter.
   */
  static int schemeUrlStart(String text) {
    int separator = text.indexOf("://");
    while (separator >= 0) {
      int start = separator;
      while (start > 0 && HttpRequest.isSchemeChar(text.charAt(start - 1))) {
        start--;
      }
      while (start < separator && !HttpRequest.isAsciiLetter(text.charAt(start))) {
        start++;
      }
      if (start < separator) {
        return start;
      }
      separator = text.indexOf("://", separator + 3);
    }
    return -1;
  }
}

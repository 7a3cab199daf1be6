package io.github.imdsdetect.zeek;

import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;

/**
 * Maps one record of a Zeek conn, dns or http log onto an event.
 *
 * <ul>
 *   <li>every log: {@code ts} to time, {@code id.resp_h} to destination address and {@code
 *       id.resp_p} to destination port
 *   <li>dns: {@code query} to DNS query name and {@code answers} to DNS answers
 *   <li>http: {@code method}, {@code host} (the Host header) to URL host, and {@code uri} split at
 *       the first {@code ?} into URL path and query. The URL is {@code http://} + host + uri, or
 *       the uri itself when a proxy request recorded an absolute URI.
 * </ul>
 *
 * <p>Values keep Zeek's escaping: a TSV log writes non-printable bytes as {@code \xHH}, and the
 * mapper leaves that text as it is.
 */
final class ZeekEventMapper {
  private ZeekEventMapper() {}

  /** Builds the event of a record of a log of {@code type}, which is not {@link LogType#OTHER}. */
  static SimpleEvent map(
      LogType type, ZeekRecord record, EventOrigin origin, int maxFieldChars) {
    SimpleEvent.Builder event =
        SimpleEvent.builder()
            .time(time(record.get("ts")))
            .destinationAddress(record.get("id.resp_h"))
            .destinationPort(parsePort(record.get("id.resp_p")))
            .origin(origin);
    if (type == LogType.DNS) {
      event.dnsQueryName(record.get("query")).dnsAnswers(record.getList("answers"));
    } else if (type == LogType.HTTP) {
      mapHttp(record, event, maxFieldChars);
    }
    return event.build();
  }

  private static void mapHttp(ZeekRecord record, SimpleEvent.Builder event, int maxFieldChars) {
    String host = record.get("host");
    String uri = record.get("uri");
    event.httpMethod(record.get("method")).urlHost(host);
    if (uri == null) {
      return;
    }
    String pathAndQuery = uri;
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd > 0 && isScheme(uri, schemeEnd)) {
      // A request to a proxy names the whole URL, and Zeek records it as the uri.
      int authorityStart = schemeEnd + 3;
      int authorityEnd = authorityStart;
      while (authorityEnd < uri.length()
          && uri.charAt(authorityEnd) != '/'
          && uri.charAt(authorityEnd) != '?') {
        authorityEnd++;
      }
      event.url(uri);
      if (host == null) {
        event.urlHost(hostOfAuthority(uri.substring(authorityStart, authorityEnd)));
      }
      pathAndQuery = uri.substring(authorityEnd);
    } else if (host != null && uri.startsWith("/")) {
      // Host and URI are each capped already; the joined URL is cut to the same cap.
      String url = "http://" + host + uri;
      event.url(url.length() > maxFieldChars ? url.substring(0, maxFieldChars) : url);
    }
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    event.urlPath(path.isEmpty() ? null : path);
    if (question >= 0) {
      event.urlQuery(pathAndQuery.substring(question + 1));
    }
  }

  /** Returns whether {@code text} starts with a URI scheme that ends at {@code end}. */
  private static boolean isScheme(String text, int end) {
    char first = text.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = text.charAt(i);
      boolean valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '-'
              || c == '.';
      if (!valid) {
        return false;
      }
    }
    return true;
  }

  /** Returns the host of a URL authority: without user info and port, IPv6 in brackets. */
  private static String hostOfAuthority(String authority) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? hostPort : hostPort.substring(0, close + 1);
    }
    int colon = hostPort.indexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    return host.isEmpty() ? null : host;
  }

  /**
   * Returns the timestamp as written, or null for a timestamp that Zeek's btest masked as
   * {@code XXXXXXXXXX.XXXXXX}.
   */
  private static String time(String ts) {
    if (ts == null) {
      return null;
    }
    for (int i = 0; i < ts.length(); i++) {
      char c = ts.charAt(i);
      if (c != 'X' && c != '.') {
        return ts;
      }
    }
    return null;
  }

  /** Returns the port in 0..65535, or -1 when the value is absent or not such a number. */
  private static int parsePort(String value) {
    if (value == null || value.isEmpty() || value.length() > 5) {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535 ? port : -1;
  }
}

package io.github.imdsdetect.generators;

/**
 * The event field that carries the metadata endpoint, the look-alike text of a near miss, or the
 * request header. It also decides the kind of record: a process start, a network connection, a
 * DNS lookup or an HTTP request.
 */
public enum Carrier {
  /** A process command line, as recorded at process start. */
  COMMAND_LINE,
  /** The destination address of a network connection. */
  DESTINATION_ADDRESS,
  /** The name asked for in a DNS query. */
  DNS_QUERY,
  /** An address in a DNS answer, for a query name that is no metadata host name. */
  DNS_ANSWER,
  /** The host of an HTTP request, as a proxy or network sensor records it. */
  URL_HOST,
  /**
   * A URL in a query parameter of a request to an ordinary web application: a server-side
   * request forgery (SSRF) payload, as a web server's access log records it.
   */
  URL_QUERY_PARAMETER,
  /** A request header that only metadata services ask for, on a request to an ordinary host. */
  HTTP_HEADER;

  /**
   * Returns whether events of this carrier are HTTP requests.
   *
   * @return true for {@link #URL_HOST}, {@link #URL_QUERY_PARAMETER} and {@link #HTTP_HEADER}
   */
  public boolean isHttp() {
    return this == URL_HOST || this == URL_QUERY_PARAMETER || this == HTTP_HEADER;
  }

  /**
   * Returns whether events of this carrier are DNS lookups.
   *
   * @return true for {@link #DNS_QUERY} and {@link #DNS_ANSWER}
   */
  public boolean isDns() {
    return this == DNS_QUERY || this == DNS_ANSWER;
  }
}

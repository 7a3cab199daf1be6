package io.github.imdsdetect.core;

/**
 * A security event as the detector reads it. Adapters implement this interface over their own
 * records; every accessor may return {@code null} when the record lacks the field.
 *
 * <p>Accessors return {@link CharSequence} so that an adapter can expose a slice of its input
 * buffer without copying it into a {@code String}. The detector reads an event only during the
 * call that receives it and keeps no reference to it or to its character sequences, so an
 * adapter may reuse one mutable event object for every record it parses. Findings copy the text
 * they report.
 *
 * <p>Text fields hold what the source recorded, undecoded: a hex-encoded auditd argument is
 * decoded by its adapter before it reaches this interface, but the detector does its own
 * decoding of URL escapes and address notations.
 */
public interface Event {

  /**
   * Returns the event time as text: as the source wrote it, or in ISO-8601 UTC where the source
   * writes a number of seconds (auditd).
   *
   * @return the event time, or null when the record has none
   */
  default CharSequence time() {
    return null;
  }

  /**
   * Returns the name of the host that recorded the event.
   *
   * @return the host name, or null when the record has none
   */
  default CharSequence host() {
    return null;
  }

  /**
   * Returns the user the process ran as.
   *
   * @return the user name, or null when the record has none
   */
  default CharSequence user() {
    return null;
  }

  /**
   * Returns the process name, such as {@code curl} or {@code powershell.exe}.
   *
   * @return the process name, or null when the record has none
   */
  default CharSequence processName() {
    return null;
  }

  /**
   * Returns the full path of the process executable.
   *
   * @return the executable path, or null when the record has none
   */
  default CharSequence processExecutable() {
    return null;
  }

  /**
   * Returns the process command line, arguments separated by spaces.
   *
   * @return the command line, or null when the record has none
   */
  default CharSequence commandLine() {
    return null;
  }

  /**
   * Returns the parent process name.
   *
   * @return the parent process name, or null when the record has none
   */
  default CharSequence parentProcessName() {
    return null;
  }

  /**
   * Returns the full path of the parent process executable.
   *
   * @return the parent executable path, or null when the record has none
   */
  default CharSequence parentProcessExecutable() {
    return null;
  }

  /**
   * Returns the destination IP address of a network connection, as text.
   *
   * @return the destination address, or null when the record has none
   */
  default CharSequence destinationAddress() {
    return null;
  }

  /**
   * Returns the destination port of a network connection.
   *
   * @return the destination port, or -1 when unknown
   */
  default int destinationPort() {
    return -1;
  }

  /**
   * Returns the name asked for in a DNS query.
   *
   * @return the query name, or null when the record has none
   */
  default CharSequence dnsQueryName() {
    return null;
  }

  /**
   * Returns the addresses or names of a DNS answer, separated by commas, spaces or semicolons.
   *
   * @return the DNS answers, or null when the record has none
   */
  default CharSequence dnsAnswers() {
    return null;
  }

  /**
   * Returns the full URL of an HTTP request, when the source records one.
   *
   * @return the URL, or null when the record has none
   */
  default CharSequence url() {
    return null;
  }

  /**
   * Returns the host part of an HTTP request's URL or its {@code Host} header.
   *
   * @return the URL host, or null when the record has none
   */
  default CharSequence urlHost() {
    return null;
  }

  /**
   * Returns the path of an HTTP request's URL.
   *
   * @return the URL path, or null when the record has none
   */
  default CharSequence urlPath() {
    return null;
  }

  /**
   * Returns the query string of an HTTP request's URL, without the leading {@code ?}.
   *
   * @return the query string, or null when the record has none
   */
  default CharSequence urlQuery() {
    return null;
  }

  /**
   * Returns the HTTP request method, such as {@code GET} or {@code PUT}.
   *
   * @return the request method, or null when the record has none
   */
  default CharSequence httpMethod() {
    return null;
  }

  /**
   * Returns the HTTP request headers, one {@code Name: value} pair per line.
   *
   * @return the request headers, or null when the record has none
   */
  default CharSequence httpHeaders() {
    return null;
  }

  /**
   * Returns where the event was read.
   *
   * @return the origin, never null; {@link EventOrigin#UNKNOWN} by default
   */
  default EventOrigin origin() {
    return EventOrigin.UNKNOWN;
  }

  /**
   * Returns the value of one field. {@link Field#DESTINATION_PORT} is returned as decimal text,
   * which allocates; the detector reads the port through {@link #destinationPort()} instead.
   *
   * @param field the field to read, not null
   * @return the field's value, or null when the record has none
   */
  default CharSequence get(Field field) {
    switch (field) {
      case TIME:
        return time();
      case HOST:
        return host();
      case USER:
        return user();
      case PROCESS_NAME:
        return processName();
      case PROCESS_EXECUTABLE:
        return processExecutable();
      case COMMAND_LINE:
        return commandLine();
      case PARENT_PROCESS_NAME:
        return parentProcessName();
      case PARENT_PROCESS_EXECUTABLE:
        return parentProcessExecutable();
      case DESTINATION_ADDRESS:
        return destinationAddress();
      case DESTINATION_PORT:
        int port = destinationPort();
        return port < 0 ? null : Integer.toString(port);
      case DNS_QUERY_NAME:
        return dnsQueryName();
      case DNS_ANSWERS:
        return dnsAnswers();
      case URL:
        return url();
      case URL_HOST:
        return urlHost();
      case URL_PATH:
        return urlPath();
      case URL_QUERY:
        return urlQuery();
      case HTTP_METHOD:
        return httpMethod();
      case HTTP_HEADERS:
        return httpHeaders();
      default:
        throw new AssertionError(field);
    }
  }
}

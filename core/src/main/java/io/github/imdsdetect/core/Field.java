package io.github.imdsdetect.core;

/**
 * An event field that rules read. Each constant has a stable name, used in findings and in the
 * scanner's output, that follows the Elastic Common Schema where ECS has a matching field.
 */
public enum Field {
  /** Event time. */
  TIME("@timestamp"),
  /** Name of the host that recorded the event. */
  HOST("host.name"),
  /** User the process ran as. */
  USER("user.name"),
  /** Process name. */
  PROCESS_NAME("process.name"),
  /** Full path of the process executable. */
  PROCESS_EXECUTABLE("process.executable"),
  /** Process command line. */
  COMMAND_LINE("process.command_line"),
  /** Parent process name. */
  PARENT_PROCESS_NAME("process.parent.name"),
  /** Full path of the parent process executable. */
  PARENT_PROCESS_EXECUTABLE("process.parent.executable"),
  /** Destination IP address of a network connection. */
  DESTINATION_ADDRESS("destination.address"),
  /** Destination port of a network connection. */
  DESTINATION_PORT("destination.port"),
  /** Name asked for in a DNS query. */
  DNS_QUERY_NAME("dns.question.name"),
  /** Addresses or names of a DNS answer. */
  DNS_ANSWERS("dns.answers"),
  /** Full URL of an HTTP request. */
  URL("url.full"),
  /** Host part of an HTTP request's URL or its {@code Host} header. */
  URL_HOST("url.domain"),
  /** Path of an HTTP request's URL. */
  URL_PATH("url.path"),
  /** Query string of an HTTP request's URL. */
  URL_QUERY("url.query"),
  /** HTTP request method. */
  HTTP_METHOD("http.request.method"),
  /** HTTP request headers. */
  HTTP_HEADERS("http.request.headers");

  private final String fieldName;

  Field(String fieldName) {
    this.fieldName = fieldName;
  }

  /**
   * Returns the stable, ECS-style name of this field, such as {@code process.command_line}.
   *
   * @return the field name, never null
   */
  public String fieldName() {
    return fieldName;
  }

  /**
   * Returns the field with the given stable name.
   *
   * @param fieldName a stable name as {@link #fieldName()} returns it, compared case-sensitively
   * @return the field with that name
   * @throws IllegalArgumentException if no field has that name
   */
  public static Field byName(String fieldName) {
    for (Field field : values()) {
      if (field.fieldName.equals(fieldName)) {
        return field;
      }
    }
    throw new IllegalArgumentException("unknown field name: " + fieldName);
  }
}

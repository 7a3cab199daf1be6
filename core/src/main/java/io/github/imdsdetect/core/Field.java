package io.github.imdsdetect.core;

/**
 * An event field that rules read. Each constant has a stable name, used in findings and in the
 * scanner's output, that follows the Elastic Common Schema where ECS has a matching field.
 */
public enum Field {
  TIME("@timestamp"),
  HOST("host.name"),
  USER("user.name"),
  PROCESS_NAME("process.name"),
  PROCESS_EXECUTABLE("process.executable"),
  COMMAND_LINE("process.command_line"),
  PARENT_PROCESS_NAME("process.parent.name"),
  PARENT_PROCESS_EXECUTABLE("process.parent.executable"),
  DESTINATION_ADDRESS("destination.address"),
  DESTINATION_PORT("destination.port"),
  DNS_QUERY_NAME("dns.question.name"),
  DNS_ANSWERS("dns.answers"),
  URL("url.full"),
  URL_HOST("url.domain"),
  URL_PATH("url.path"),
  URL_QUERY("url.query"),
  HTTP_METHOD("http.request.method"),
  HTTP_HEADERS("http.request.headers");

  private final String fieldName;

  Field(String fieldName) {
    this.fieldName = fieldName;
  }

  /** Returns the stable, ECS-style name of this field, such as {@code process.command_line}. */
  public String fieldName() {
    return fieldName;
  }

  /**
   * Returns the field with the given stable name.
   *
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

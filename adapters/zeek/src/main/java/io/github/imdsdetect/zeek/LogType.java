package io.github.imdsdetect.zeek;

import java.util.List;

/** The Zeek logs that this adapter maps, named by their {@code #path}. */
enum LogType {
  CONN,
  DNS,
  HTTP,
  /** Any other Zeek log, such as {@code ssl} or {@code files}, whose records are not mapped. */
  OTHER;

  /** The kind passed to {@code ParseSink.ignored} for records of {@link #OTHER}. */
  static final String OTHER_KIND = "Zeek log other than conn, dns and http";

  // Fields that only one of the three logs has, used when no path names the log. Zeek leaves an
  // unset field out of a JSON record, so each list names several fields.
  private static final List<String> DNS_FIELDS =
      List.of("query", "qtype", "qtype_name", "trans_id", "rcode", "answers");
  private static final List<String> HTTP_FIELDS =
      List.of("method", "uri", "trans_depth", "status_code", "user_agent", "request_body_len");
  private static final List<String> CONN_FIELDS =
      List.of("conn_state", "history", "orig_bytes", "missed_bytes", "orig_pkts");

  /**
   * Returns the type a log path names: {@code conn}, {@code dns} and {@code http} in any ASCII
   * case, {@link #OTHER} for any other path, and null when {@code path} is null or empty.
   */
  static LogType fromPath(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    switch (path.toLowerCase(java.util.Locale.ROOT)) {
      case "conn":
        return CONN;
      case "dns":
        return DNS;
      case "http":
        return HTTP;
      default:
        return OTHER;
    }
  }

  /**
   * Returns the type named by {@code path}, or when there is no path the type whose
   * characteristic fields the record has: DNS before HTTP before conn, else {@link #OTHER}.
   */
  static LogType resolve(String path, ZeekRecord record) {
    LogType byPath = fromPath(path);
    if (byPath != null) {
      return byPath;
    }
    if (hasAny(record, DNS_FIELDS)) {
      return DNS;
    }
    if (hasAny(record, HTTP_FIELDS)) {
      return HTTP;
    }
    if (hasAny(record, CONN_FIELDS)) {
      return CONN;
    }
    return OTHER;
  }

  private static boolean hasAny(ZeekRecord record, List<String> fields) {
    for (String field : fields) {
      if (record.has(field)) {
        return true;
      }
    }
    return false;
  }
}

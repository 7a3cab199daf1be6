package io.github.imdsdetect.ecs;

import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;

/**
 * Maps one flattened ECS document onto an event. The document's keys may sit under a prefix,
 * such as {@code _source.} for a search hit, and every lookup adds the prefix. An empty string
 * counts as an absent field, so that a fallback field can supply the value.
 */
final class EcsEventMapper {
  private static final String HEADERS = "http.request.headers.";

  private final FlatRecord record;
  private final String prefix;

  EcsEventMapper(FlatRecord record, String prefix) {
    this.record = record;
    this.prefix = prefix;
  }

  /** Builds the event, with its origin at the record's first line in {@code source}. */
  SimpleEvent map(String source) {
    return SimpleEvent.builder()
        .time(text("@timestamp"))
        .host(first("host.name", "host.hostname", "agent.hostname"))
        .user(text("user.name"))
        .processName(text("process.name"))
        .processExecutable(processExecutable())
        .commandLine(commandLine())
        .parentProcessName(text("process.parent.name"))
        .parentProcessExecutable(text("process.parent.executable"))
        .destinationAddress(destinationAddress())
        .destinationPort(destinationPort())
        .dnsQueryName(text("dns.question.name"))
        .dnsAnswers(first("dns.answers.data", "dns.resolved_ip"))
        .url(first("url.full", "url.original"))
        .urlHost(urlHost())
        .urlPath(text("url.path"))
        .urlQuery(text("url.query"))
        .httpMethod(text("http.request.method"))
        .httpHeaders(httpHeaders())
        .origin(new EventOrigin(source, record.line()))
        .build();
  }

  private String commandLine() {
    // FlatRecord has already joined the elements of the process.args array with spaces.
    String value = first("process.command_line", "process.args");
    if (value == null && isAuditd()) {
      // Auditbeat fills process.title from the PROCTITLE record, which is the command line as
      // the kernel saw it. Other sources may use the title for a window title, so it is read
      // only for auditd events.
      value = text("process.title");
    }
    return value;
  }

  private String processExecutable() {
    String value = text("process.executable");
    if (value == null && isAuditd()) {
      // Auditbeat's summary.how is the executable path when auditd recorded one, else a name.
      String how = text("auditd.summary.how");
      if (how != null && how.startsWith("/")) {
        value = how;
      }
    }
    return value;
  }

  private String destinationAddress() {
    String value = first("destination.ip", "destination.address");
    if (value == null && isAuditdConnect()) {
      value = text("auditd.data.socket.addr");
    }
    return value;
  }

  private int destinationPort() {
    String value = text("destination.port");
    if (value == null && isAuditdConnect()) {
      value = text("auditd.data.socket.port");
    }
    return parsePort(value);
  }

  private String urlHost() {
    String value = text("url.domain");
    if (value == null) {
      value = nonEmpty(record.getIgnoreCase(prefix + HEADERS + "host"));
    }
    return value;
  }

  /** Joins every {@code http.request.headers.<name>} key as {@code name: value} lines. */
  private String httpHeaders() {
    String keyPrefix = prefix + HEADERS;
    StringBuilder headers = null;
    for (String key : record.keys()) {
      if (!key.startsWith(keyPrefix) || key.length() == keyPrefix.length()) {
        continue;
      }
      if (headers == null) {
        headers = new StringBuilder();
      } else {
        headers.append('\n');
      }
      headers.append(key, keyPrefix.length(), key.length()).append(": ").append(record.get(key));
    }
    return headers == null ? null : headers.toString();
  }

  private boolean isAuditd() {
    return "auditd".equals(text("event.module"))
        || "auditd".equals(text("service.type"))
        || text("auditd.message_type") != null;
  }

  private boolean isAuditdConnect() {
    return isAuditd()
        && ("connect".equals(text("auditd.data.syscall"))
            || "connected-to".equals(text("event.action")));
  }

  private String first(String... keys) {
    for (String key : keys) {
      String value = text(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private String text(String key) {
    // "" + key would copy the key, and the copy's hash code is computed again on each lookup.
    return nonEmpty(record.get(prefix.isEmpty() ? key : prefix + key));
  }

  private static String nonEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Returns the port in 0..65535, or -1 when the value is absent or not such a number. */
  static int parsePort(String value) {
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

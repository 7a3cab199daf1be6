package io.github.imdsdetect.ocsf;

import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Maps one flattened OCSF event onto an event. An empty string counts as an absent attribute, so
 * that a fallback attribute can supply the value. OCSF's dictionary defines {@code cmd_line} as
 * {@code ""} when the command line is unavailable.
 *
 * <p>Every class maps:
 *
 * <ul>
 *   <li>time: {@code time}, milliseconds since the Unix epoch as a number or a string of digits,
 *       becomes ISO-8601 UTC text with milliseconds. Any other {@code time} is kept as written, and
 *       {@code time_dt} is used when {@code time} is absent.
 *   <li>host: {@code device.hostname}, else {@code device.name}
 * </ul>
 *
 * <p>A process is read from its OCSF process object: {@code name} (else {@code file.name}), {@code
 * file.path}, {@code cmd_line}, {@code user.name}, and the same of {@code parent_process}.
 */
final class OcsfEventMapper {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Maximum digits read as epoch milliseconds, because 18 digits cannot overflow a long. */
  private static final int MAX_EPOCH_DIGITS = 18;

  private static final String LAUNCH = "1";

  private final FlatRecord record;
  private final String source;

  OcsfEventMapper(FlatRecord record, String source) {
    this.record = record;
    this.source = source;
  }

  /**
   * Maps Process Activity (1007): the {@code process} object is the process. Its user is {@code
   * process.user.name}, else {@code actor.user.name}. Its parent is {@code process.parent_process}.
   * For a Launch activity without one, the parent is {@code actor.process}, which OCSF defines as
   * the process that started the new one.
   */
  SimpleEvent processActivity() {
    SimpleEvent.Builder event = common();
    process(event, "process.");
    event.user(first("process.user.name", "actor.user.name"));
    if (text("process.parent_process.name") == null
        && text("process.parent_process.file.name") == null
        && text("process.parent_process.file.path") == null
        && isLaunch()) {
      event.parentProcessName(first("actor.process.name", "actor.process.file.name"));
      event.parentProcessExecutable(text("actor.process.file.path"));
    }
    return event.build();
  }

  /**
   * Maps Network Activity (4001): {@code actor.process} is the process, and the destination is
   * {@code dst_endpoint.ip} (else {@code dst_endpoint.hostname}) and {@code dst_endpoint.port}.
   */
  SimpleEvent networkActivity() {
    SimpleEvent.Builder event = common();
    actorProcess(event);
    event.destinationAddress(first("dst_endpoint.ip", "dst_endpoint.hostname"));
    event.destinationPort(parsePort(text("dst_endpoint.port")));
    return event.build();
  }

  /**
   * Maps HTTP Activity (4002): {@code actor.process}, {@code dst_endpoint.ip} and {@code .port},
   * and the request's {@code url.url_string}, {@code url.hostname} (else the {@code Host} header,
   * else {@code dst_endpoint.hostname}), {@code url.path}, {@code url.query_string} without a
   * leading {@code ?}, {@code http_method} and headers.
   *
   * @param headers the request's headers as {@code Name: value} lines, or null
   * @param hostHeader the value of the {@code Host} header, or null
   */
  SimpleEvent httpActivity(String headers, String hostHeader) {
    SimpleEvent.Builder event = common();
    actorProcess(event);
    event.destinationAddress(text("dst_endpoint.ip"));
    event.destinationPort(parsePort(text("dst_endpoint.port")));
    event.url(text("http_request.url.url_string"));
    String host = text("http_request.url.hostname");
    if (host == null) {
      host = hostHeader;
    }
    if (host == null) {
      host = text("dst_endpoint.hostname");
    }
    event.urlHost(host);
    event.urlPath(text("http_request.url.path"));
    event.urlQuery(query(text("http_request.url.query_string")));
    event.httpMethod(text("http_request.http_method"));
    event.httpHeaders(headers);
    return event.build();
  }

  /**
   * Maps DNS Activity (4003): {@code actor.process}, {@code query.hostname} and every {@code
   * answers[].rdata}, joined with spaces.
   *
   * <p>The destination ({@code dst_endpoint}, the DNS server) is not mapped. On Compute Engine the
   * resolver is the metadata server at 169.254.169.254, so every DNS event there would otherwise
   * look like a connection to the metadata service.
   */
  SimpleEvent dnsActivity() {
    SimpleEvent.Builder event = common();
    actorProcess(event);
    event.dnsQueryName(text("query.hostname"));
    event.dnsAnswers(text("answers.rdata"));
    return event.build();
  }

  private SimpleEvent.Builder common() {
    return SimpleEvent.builder()
        .time(time())
        .host(first("device.hostname", "device.name"))
        .origin(new EventOrigin(source, record.line()));
  }

  /** Maps {@code actor.process} and the user, {@code actor.process.user.name} first. */
  private void actorProcess(SimpleEvent.Builder event) {
    process(event, "actor.process.");
    event.user(first("actor.process.user.name", "actor.user.name"));
  }

  private void process(SimpleEvent.Builder event, String prefix) {
    event.processName(first(prefix + "name", prefix + "file.name"));
    event.processExecutable(text(prefix + "file.path"));
    event.commandLine(text(prefix + "cmd_line"));
    event.parentProcessName(
        first(prefix + "parent_process.name", prefix + "parent_process.file.name"));
    event.parentProcessExecutable(text(prefix + "parent_process.file.path"));
  }

  private boolean isLaunch() {
    String activity = text("activity_id");
    if (activity != null) {
      return activity.equals(LAUNCH);
    }
    return "100701".equals(text("type_uid"));
  }

  private String time() {
    String time = text("time");
    if (time == null) {
      return text("time_dt");
    }
    return isEpochMillis(time)
        ? ISO_MILLIS.format(Instant.ofEpochMilli(Long.parseLong(time)))
        : time;
  }

  private static boolean isEpochMillis(String text) {
    if (text.length() > MAX_EPOCH_DIGITS) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String query(String queryString) {
    if (queryString != null && queryString.startsWith("?")) {
      String rest = queryString.substring(1);
      return rest.isEmpty() ? null : rest;
    }
    return queryString;
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
    String value = record.get(key);
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

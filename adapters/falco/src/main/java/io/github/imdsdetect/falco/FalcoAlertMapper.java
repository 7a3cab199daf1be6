package io.github.imdsdetect.falco;

import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;

/**
 * Maps one Falco alert onto an event. Falco puts every field that a rule's output names into
 * {@code output_fields}, under the field's own name, so what an alert carries depends on its
 * rule:
 *
 * <ul>
 *   <li>time: {@code time}, else {@code output_fields} {@code evt.time.iso8601} or {@code
 *       evt.time}
 *   <li>host: {@code hostname}, else {@code evt.hostname}
 *   <li>{@code user.name}, {@code proc.name}, {@code proc.exepath}, {@code proc.cmdline}, {@code
 *       proc.pname} and {@code proc.pexepath} to user, process and parent process
 *   <li>destination: {@code fd.sip} and {@code fd.sport}, else the server end of {@code fd.name},
 *       such as {@code 10.0.0.5:41234->169.254.169.254:80}, where libsinsp writes IPv6 without
 *       brackets
 * </ul>
 *
 * <p>Falco writes {@code <NA>} or {@code null} for a field it could not read. Both count as
 * absent, and so does an empty string.
 */
final class FalcoAlertMapper {
  private static final String FIELDS = "output_fields.";
  private static final String NOT_AVAILABLE = "<NA>";

  private FalcoAlertMapper() {}

  /** Returns whether the record is a Falco alert: it names a rule and a priority or output. */
  static boolean isAlert(FlatRecord record) {
    return text(record, "rule") != null
        && (text(record, "priority") != null || text(record, "output") != null);
  }

  /** Builds the event of an alert. */
  static SimpleEvent map(FlatRecord record, EventOrigin origin) {
    String serverAddress = field(record, "fd.sip");
    int serverPort = parsePort(field(record, "fd.sport"));
    Endpoint fromName = serverOf(field(record, "fd.name"), field(record, "fd.type"));
    if (fromName != null) {
      if (serverAddress == null) {
        serverAddress = fromName.address();
      }
      if (serverPort < 0) {
        serverPort = fromName.port();
      }
    }
    return SimpleEvent.builder()
        .time(
            first(
                text(record, "time"), field(record, "evt.time.iso8601"), field(record, "evt.time")))
        .host(first(text(record, "hostname"), field(record, "evt.hostname")))
        .user(field(record, "user.name"))
        .processName(field(record, "proc.name"))
        .processExecutable(field(record, "proc.exepath"))
        .commandLine(field(record, "proc.cmdline"))
        .parentProcessName(field(record, "proc.pname"))
        .parentProcessExecutable(field(record, "proc.pexepath"))
        .destinationAddress(serverAddress)
        .destinationPort(serverPort)
        .origin(origin)
        .build();
  }

  /**
   * An IP address and port.
   *
   * @param address the address, IPv6 without brackets
   * @param port the port, or -1 when absent
   */
  record Endpoint(String address, int port) {}

  /**
   * Returns the server end of a socket's {@code fd.name}, which libsinsp writes as {@code
   * client:port->server:port}, or null when the name is not such a tuple, as for a file, a Unix
   * socket or an {@code fd.type} other than ipv4 and ipv6.
   */
  static Endpoint serverOf(String fdName, String fdType) {
    if (fdName == null || (fdType != null && !fdType.startsWith("ipv"))) {
      return null;
    }
    int arrow = fdName.indexOf("->");
    if (arrow < 0) {
      return null;
    }
    String server = fdName.substring(arrow + 2).strip();
    int colon = server.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String address = server.substring(0, colon);
    int port = parsePort(server.substring(colon + 1));
    if (address.length() > 2 && address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    if (port < 0 || !isAddressText(address)) {
      return null;
    }
    return new Endpoint(address, port);
  }

  /** Returns whether the text has only the characters of IPv4 and IPv6 addresses. */
  private static boolean isAddressText(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean valid =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == '.'
              || c == ':';
      if (!valid) {
        return false;
      }
    }
    return true;
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String field(FlatRecord record, String name) {
    return text(record, FIELDS + name);
  }

  private static String text(FlatRecord record, String key) {
    String value = record.get(key);
    if (value == null || value.isEmpty() || value.equals(NOT_AVAILABLE)) {
      return null;
    }
    return value;
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

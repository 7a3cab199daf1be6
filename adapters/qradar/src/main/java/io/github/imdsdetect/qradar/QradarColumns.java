package io.github.imdsdetect.qradar;

import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The QRadar column names that the QRadar parsers map onto event fields, compared without regard
 * to ASCII case. Each field lists the output columns of the reference AQL query (such as {@code
 * EventTime}, {@code processname}, {@code CommandLine}), the Ariel property names (such as {@code
 * starttime}, {@code destinationport}) and the display names of a QRadar Log Activity export
 * (such as {@code Start Time}, {@code Destination IP}), in that order of preference.
 *
 * <p>An empty value and a JSON {@code null} both mean the field is absent, as SQL NULL does in the
 * reference query. QRadar's {@code N/A} is text like any other.
 *
 * <p>The host stays absent unless a {@code hostname} or {@code Log Source Identifier} column
 * exists. The {@code LogSource} column of the reference query is the log source name that an
 * administrator chose, such as {@code LinuxServer @ 10.0.1.23}, which is not a host name.
 */
final class QradarColumns {
  static final List<String> TIME = List.of("eventtime", "starttime", "start time");
  static final List<String> HOST = List.of("hostname", "log source identifier");
  static final List<String> USER = List.of("username");
  static final List<String> PROCESS_NAME = List.of("processname", "process name");
  static final List<String> PROCESS_EXECUTABLE = List.of("processpath", "process path");
  static final List<String> COMMAND_LINE = List.of("commandline", "command line", "command");
  static final List<String> DESTINATION_ADDRESS = List.of("destinationip", "destination ip");
  static final List<String> DESTINATION_PORT = List.of("destinationport", "destination port");

  /** Columns that the parsers read but do not map, used to recognise QRadar data. */
  private static final List<String> UNMAPPED =
      List.of(
          "sourceip", "source ip", "sourceport", "source port", "eventname", "event name",
          "category", "low level category", "high level category", "logsource", "log source",
          "magnitude", "qid", "event count");

  /** Every known column name, in lower case. */
  static final Set<String> KNOWN = knownColumns();

  /** Looks up one column of a row. */
  @FunctionalInterface
  interface Row {
    /**
     * Returns the value of the column with the given lower-case name, or null when the row has
     * no such column or its value is JSON null.
     */
    String value(String lowerCaseName);
  }

  private QradarColumns() {}

  private static Set<String> knownColumns() {
    Set<String> known = new LinkedHashSet<>();
    for (List<String> names :
        List.of(
            TIME, HOST, USER, PROCESS_NAME, PROCESS_EXECUTABLE, COMMAND_LINE,
            DESTINATION_ADDRESS, DESTINATION_PORT, UNMAPPED)) {
      known.addAll(names);
    }
    return Set.copyOf(known);
  }

  /** Returns whether {@code name}, trimmed, is a known column name in any case. */
  static boolean isKnown(String name) {
    return KNOWN.contains(name.trim().toLowerCase(Locale.ROOT));
  }

  /** Builds the event of one row. */
  static SimpleEvent map(Row row, EventOrigin origin) {
    return SimpleEvent.builder()
        .time(first(row, TIME))
        .host(first(row, HOST))
        .user(first(row, USER))
        .processName(first(row, PROCESS_NAME))
        .processExecutable(first(row, PROCESS_EXECUTABLE))
        .commandLine(first(row, COMMAND_LINE))
        .destinationAddress(first(row, DESTINATION_ADDRESS))
        .destinationPort(parsePort(first(row, DESTINATION_PORT)))
        .origin(origin)
        .build();
  }

  /** Returns the first non-empty value among the columns {@code names}, or null. */
  private static String first(Row row, List<String> names) {
    for (String name : names) {
      String value = row.value(name);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  /** Returns the port in 0..65535, or -1 when the value is absent or not such a number. */
  static int parsePort(String value) {
    if (value == null) {
      return -1;
    }
    String digits = value.trim();
    if (digits.isEmpty() || digits.length() > 5) {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535 ? port : -1;
  }
}

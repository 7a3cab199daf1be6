package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.Map;
import java.util.Set;

/**
 * The Sysmon rules for {@link WindowsEventRecord}s: which records are Sysmon process creation (event
 * ID 1), network connection (3) and DNS query (22) events, and how they map onto an {@link
 * io.github.imdsdetect.core.Event}. Every input shape goes through these rules, so the mapping
 * lives in one place.
 */
final class SysmonRecord {
  /** Event data names that the mapping reads. Values under other names are not kept. */
  static final Set<String> DATA_NAMES =
      Set.of(
          "Image",
          "CommandLine",
          "ParentImage",
          "User",
          "UtcTime",
          "DestinationIp",
          "DestinationPort",
          "QueryName",
          "QueryResults");

  /**
   * ECS fields that the Winlogbeat Sysmon module and Elastic Agent move event data values to, read
   * when the event data lacks the value. NOTE: {@code process.args} is an array that the
   * flattening joins with spaces, so a command line rebuilt from it loses the original quoting.
   */
  private static final Map<String, String[]> ECS_FALLBACKS =
      Map.of(
          "Image", new String[] {"process.executable"},
          "CommandLine", new String[] {"process.command_line", "process.args"},
          "ParentImage", new String[] {"process.parent.executable"},
          "DestinationIp", new String[] {"destination.ip"},
          "DestinationPort", new String[] {"destination.port"},
          "QueryName", new String[] {"dns.question.name"},
          "QueryResults", new String[] {"dns.answers.data", "dns.resolved_ip"});

  private static final String WINDOWS_PROVIDER = "Microsoft-Windows-Sysmon";
  private static final String LINUX_PROVIDER = "Linux-Sysmon";
  private static final String WINDOWS_CHANNEL = "Microsoft-Windows-Sysmon/Operational";
  private static final String LINUX_CHANNEL = "Linux-Sysmon/Operational";
  private static final String WINDOWS_PROVIDER_GUID = "5770385F-C22A-43E0-BF4C-06F5698FFBD9";
  private static final String LINUX_PROVIDER_GUID = "FF032593-A8D3-4F13-B0D6-01FC615A0F97";

  private SysmonRecord() {}

  /** Returns whether the record came from Sysmon, judged by its channel, provider or GUID. */
  static boolean isSysmon(WindowsEventRecord record) {
    return WINDOWS_CHANNEL.equalsIgnoreCase(trimmed(record.channel()))
        || LINUX_CHANNEL.equalsIgnoreCase(trimmed(record.channel()))
        || WINDOWS_PROVIDER.equalsIgnoreCase(trimmed(record.provider()))
        || LINUX_PROVIDER.equalsIgnoreCase(trimmed(record.provider()))
        || record.hasProviderGuid(WINDOWS_PROVIDER_GUID)
        || record.hasProviderGuid(LINUX_PROVIDER_GUID);
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  /**
   * Decides whether a record becomes an event. A Sysmon process creation (1), network connection
   * (3) or DNS query (22) does. Any other record goes to {@link ParseSink#ignored} with a kind such
   * as {@code Security event 5156} or {@code Sysmon event 10}.
   *
   * @return true when the caller should map the record with {@link #toEvent}
   */
  static boolean accept(WindowsEventRecord record, ParseSink sink) {
    int id = record.eventId();
    if (!isSysmon(record)) {
      sink.ignored(record.line(), record.sourceName() + " event " + id);
      return false;
    }
    if (id != 1 && id != 3 && id != 22) {
      sink.ignored(record.line(), "Sysmon event " + id);
      return false;
    }
    return true;
  }

  /**
   * Maps a record onto an event whose origin is {@code source} and the record's line. A user
   * joined from ECS {@code user.domain} and {@code user.name} is cut to {@code maxFieldChars} and
   * the cut reported to {@code sink}.
   */
  static SimpleEvent toEvent(
      WindowsEventRecord record, String source, int maxFieldChars, ParseSink sink) {
    String image = value(record, "Image");
    String parentImage = value(record, "ParentImage");
    String utcTime = value(record, "UtcTime");
    return SimpleEvent.builder()
        .origin(new EventOrigin(source, record.line()))
        .time(utcTime != null ? utcTime : record.systemTime())
        .host(record.computer())
        .user(user(record, maxFieldChars, sink))
        .processExecutable(image)
        .processName(fileName(image))
        .commandLine(value(record, "CommandLine"))
        .parentProcessExecutable(parentImage)
        .parentProcessName(fileName(parentImage))
        .destinationAddress(value(record, "DestinationIp"))
        .destinationPort(port(value(record, "DestinationPort")))
        .dnsQueryName(value(record, "QueryName"))
        .dnsAnswers(value(record, "QueryResults"))
        .build();
  }

  /** Returns the event data value under {@code name}, else its ECS fallback, or null. */
  private static String value(WindowsEventRecord record, String name) {
    String value = record.data(name);
    String[] fallbacks = ECS_FALLBACKS.get(name);
    if (value == null && fallbacks != null) {
      value = record.jsonValue(fallbacks);
    }
    return value;
  }

  /**
   * Returns the {@code User} event data value, else {@code user.domain\\user.name} or {@code
   * user.name} of an ECS record, or null.
   */
  private static String user(WindowsEventRecord record, int maxFieldChars, ParseSink sink) {
    String user = record.data("User");
    if (user != null) {
      return user;
    }
    String name = record.jsonValue("user.name");
    if (name == null) {
      return null;
    }
    String domain = record.jsonValue("user.domain");
    if (domain == null) {
      return name;
    }
    return WindowsEventRecord.account(domain, name, record.line(), maxFieldChars, sink);
  }

  /** Returns the file name of a path; see {@link WindowsEventRecord#fileName}. */
  static String fileName(String path) {
    return WindowsEventRecord.fileName(path);
  }

  /** Returns a port number or -1; see {@link WindowsEventRecord#port}. */
  static int port(String text) {
    return WindowsEventRecord.port(text);
  }
}

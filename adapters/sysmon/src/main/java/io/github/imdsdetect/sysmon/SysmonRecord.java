package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parts of one Windows event record that the Sysmon mapping reads: the {@code System} header
 * and the {@code EventData} values. Every input shape fills one of these before it is mapped onto
 * an {@link io.github.imdsdetect.core.Event}, so the mapping rules live in one place.
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

  private static final String WINDOWS_PROVIDER = "Microsoft-Windows-Sysmon";
  private static final String LINUX_PROVIDER = "Linux-Sysmon";
  private static final String WINDOWS_CHANNEL = "Microsoft-Windows-Sysmon/Operational";
  private static final String LINUX_CHANNEL = "Linux-Sysmon/Operational";
  private static final String WINDOWS_PROVIDER_GUID = "5770385F-C22A-43E0-BF4C-06F5698FFBD9";
  private static final String LINUX_PROVIDER_GUID = "FF032593-A8D3-4F13-B0D6-01FC615A0F97";

  /** Maximum length of a channel name copied into an ignored-record kind, to keep kinds short. */
  private static final int MAX_KIND_NAME_CHARS = 64;

  String eventId;
  String channel;
  String provider;
  String providerGuid;
  String computer;
  String systemTime;
  private final Map<String, String> data = new HashMap<>();

  /**
   * Stores an event data value under its Sysmon name. Names outside {@link #DATA_NAMES}, null and
   * empty values are dropped, and the first value stored under a name wins.
   */
  void putData(String name, String value) {
    if (value == null || value.isEmpty() || !DATA_NAMES.contains(name)) {
      return;
    }
    data.putIfAbsent(name, value);
  }

  /** Returns the event data value stored under {@code name}, or null. */
  String data(String name) {
    return data.get(name);
  }

  /** Returns whether the record came from Sysmon, judged by its channel, provider or GUID. */
  boolean isSysmon() {
    return WINDOWS_CHANNEL.equalsIgnoreCase(trimmed(channel))
        || LINUX_CHANNEL.equalsIgnoreCase(trimmed(channel))
        || WINDOWS_PROVIDER.equalsIgnoreCase(trimmed(provider))
        || LINUX_PROVIDER.equalsIgnoreCase(trimmed(provider))
        || isSysmonGuid(providerGuid);
  }

  private static boolean isSysmonGuid(String guid) {
    if (guid == null) {
      return false;
    }
    String bare = guid.trim();
    if (bare.startsWith("{") && bare.endsWith("}")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    return WINDOWS_PROVIDER_GUID.equalsIgnoreCase(bare)
        || LINUX_PROVIDER_GUID.equalsIgnoreCase(bare);
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  /**
   * Decides whether this record becomes an event. A Sysmon process creation (1), network connection
   * (3) or DNS query (22) does. Any other well-formed record goes to {@link ParseSink#ignored} with
   * a kind such as {@code Security event 5156} or {@code Sysmon event 10}. A missing or non-numeric
   * event ID goes to {@link ParseSink#skipped}.
   *
   * @return true when the caller should map the record with {@link #toEvent}
   */
  boolean accept(long line, ParseSink sink) {
    if (eventId == null || eventId.isBlank()) {
      sink.skipped(line, "missing EventID");
      return false;
    }
    int id;
    try {
      id = Integer.parseInt(eventId.trim());
    } catch (NumberFormatException e) {
      sink.skipped(
          line, "invalid EventID \"" + abbreviate(eventId) + "\": expected a decimal number");
      return false;
    }
    if (!isSysmon()) {
      sink.ignored(line, sourceName() + " event " + id);
      return false;
    }
    if (id != 1 && id != 3 && id != 22) {
      sink.ignored(line, "Sysmon event " + id);
      return false;
    }
    return true;
  }

  private String sourceName() {
    String name = channel != null && !channel.isBlank() ? channel : provider;
    if (name == null || name.isBlank()) {
      return "Unknown channel";
    }
    return abbreviate(name.trim());
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_KIND_NAME_CHARS
        ? text
        : text.substring(0, MAX_KIND_NAME_CHARS) + "...";
  }

  /** Maps the record onto an event whose origin is {@code source} and {@code line}. */
  SimpleEvent toEvent(String source, long line) {
    String image = data("Image");
    String parentImage = data("ParentImage");
    String utcTime = data("UtcTime");
    return SimpleEvent.builder()
        .origin(new EventOrigin(source, line))
        .time(utcTime != null ? utcTime : systemTime)
        .host(computer)
        .user(data("User"))
        .processExecutable(image)
        .processName(fileName(image))
        .commandLine(data("CommandLine"))
        .parentProcessExecutable(parentImage)
        .parentProcessName(fileName(parentImage))
        .destinationAddress(data("DestinationIp"))
        .destinationPort(port(data("DestinationPort")))
        .dnsQueryName(data("QueryName"))
        .dnsAnswers(data("QueryResults"))
        .build();
  }

  /**
   * Returns the part of a Windows or Linux path after the last {@code \} or {@code /}, or null when
   * the path is null or ends with a separator.
   */
  static String fileName(String path) {
    if (path == null) {
      return null;
    }
    int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
    String name = path.substring(cut + 1);
    return name.isEmpty() ? null : name;
  }

  /** Returns the port as a number, or -1 when the text is not a decimal number in 0..65535. */
  static int port(String text) {
    if (text == null) {
      return -1;
    }
    String digits = text.trim();
    if (digits.isEmpty() || digits.length() > 5) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 65535 ? value : -1;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SysmonRecord{eventId=%s, channel=%s, provider=%s, computer=%s, data=%s}",
        eventId,
        channel,
        provider,
        computer,
        data);
  }
}

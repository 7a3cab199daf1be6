package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.adapter.ParseSink;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Windows event record as {@link WindowsEventReader} reads it from any input shape: the
 * {@code System} header fields and the {@code EventData} values whose names the reader was asked
 * to keep. Parsers map these records onto {@link io.github.imdsdetect.core.Event}s.
 *
 * <p>Text values are as the input holds them, after XML or JSON unescaping and cut to {@link
 * io.github.imdsdetect.adapter.ParseLimits#maxFieldChars()}. A record is valid only during the
 * handler call that receives it.
 */
public final class WindowsEventRecord {
  /** Maximum length of a channel name copied into an ignored-record kind, to keep kinds short. */
  private static final int MAX_KIND_NAME_CHARS = 64;

  private final Set<String> dataNames;
  private final Map<String, String> data = new HashMap<>();

  long line;
  String eventIdText;
  int eventId = -1;
  String channel;
  String provider;
  String providerGuid;
  String computer;
  String systemTime;

  /** The JSON record this record was read from, or null for a record read from XML. */
  FlatRecord json;

  WindowsEventRecord(Set<String> dataNames, long line) {
    this.dataNames = dataNames;
    this.line = line;
  }

  /**
   * Returns the 1-based input line where the record starts.
   *
   * @return the line number
   */
  public long line() {
    return line;
  }

  /**
   * Returns the event ID, such as 4688 or 1.
   *
   * @return the event ID
   */
  public int eventId() {
    return eventId;
  }

  /**
   * Returns the {@code Channel}, such as {@code Security}, as written, or null.
   *
   * @return the channel name, or null
   */
  public String channel() {
    return channel;
  }

  /**
   * Returns the provider name, such as {@code Microsoft-Windows-Security-Auditing}, or null.
   *
   * @return the provider name, or null
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns the provider GUID as written, with or without braces, or null.
   *
   * @return the provider GUID, or null
   */
  public String providerGuid() {
    return providerGuid;
  }

  /**
   * Returns the name of the computer that logged the event, or null.
   *
   * @return the computer name, or null
   */
  public String computer() {
    return computer;
  }

  /**
   * Returns the time the event was logged, or null: {@code TimeCreated/@SystemTime} in XML, or the
   * time field of the JSON shape, such as {@code @timestamp} or NXLog's {@code EventTime}.
   *
   * @return the time text as written, or null
   */
  public String systemTime() {
    return systemTime;
  }

  /**
   * Returns the event data value stored under {@code name}, or null. Only names the reader was
   * created with are kept, and empty values are absent.
   *
   * @param name the event data name, such as {@code Image}
   * @return the value, or null
   */
  public String data(String name) {
    return data.get(name);
  }

  /**
   * Returns the first non-empty value among {@code keys} of the JSON record this record was read
   * from, each key looked up as written and under {@code _source.} as in an Elasticsearch hit.
   * Keys are dotted paths, such as {@code process.executable}. Returns null when no key has a
   * value and for records read from XML, which includes the XML inside an Azure {@code Syslog}
   * row.
   *
   * @param keys the dotted keys to try, in order
   * @return the first non-empty value, or null
   */
  public String jsonValue(String... keys) {
    return json == null ? null : JsonRecordMapper.first(json, keys);
  }

  /**
   * Returns whether the provider GUID is {@code guid}, comparing without regard to case and to
   * surrounding braces.
   *
   * @param guid the GUID to compare with, with or without braces
   * @return true if the record has a provider GUID and it matches
   */
  public boolean hasProviderGuid(String guid) {
    return providerGuid != null && stripBraces(providerGuid).equalsIgnoreCase(stripBraces(guid));
  }

  private static String stripBraces(String guid) {
    String bare = guid.trim();
    if (bare.startsWith("{") && bare.endsWith("}")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    return bare;
  }

  /**
   * Returns the channel, or the provider when the channel is missing, trimmed and cut to 64
   * characters, or {@code Unknown channel}. Parsers use it to build ignored-record kinds such as
   * {@code Security event 5156}.
   *
   * @return the channel or provider name, or {@code Unknown channel}
   */
  public String sourceName() {
    String name = channel != null && !channel.isBlank() ? channel : provider;
    if (name == null || name.isBlank()) {
      return "Unknown channel";
    }
    return abbreviate(name.trim());
  }

  /**
   * Stores an event data value. Names the reader was not created with, null and empty values are
   * dropped, and the first value stored under a name wins.
   */
  void putData(String name, String value) {
    if (value == null || value.isEmpty() || !dataNames.contains(name)) {
      return;
    }
    data.putIfAbsent(name, value);
  }

  /**
   * Parses the event ID text into {@link #eventId()}. A missing or non-decimal ID is reported to
   * {@link ParseSink#skipped}.
   *
   * @return false when the ID is missing or invalid
   */
  boolean parseEventId(ParseSink sink) {
    if (eventIdText == null || eventIdText.isBlank()) {
      sink.skipped(line, "missing EventID");
      return false;
    }
    try {
      eventId = Integer.parseInt(eventIdText.trim());
    } catch (NumberFormatException e) {
      sink.skipped(
          line, "invalid EventID \"" + abbreviate(eventIdText) + "\": expected a decimal number");
      return false;
    }
    return true;
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_KIND_NAME_CHARS
        ? text
        : text.substring(0, MAX_KIND_NAME_CHARS) + "...";
  }

  /**
   * Returns the part of a Windows or Linux path after the last {@code \} or {@code /}, or null when
   * the path is null or ends with a separator.
   *
   * @param path the path, or null
   * @return the file name, or null
   */
  public static String fileName(String path) {
    if (path == null) {
      return null;
    }
    int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
    String name = path.substring(cut + 1);
    return name.isEmpty() ? null : name;
  }

  /**
   * Returns a Windows account as {@code DOMAIN\name}, cut to {@code maxFieldChars} chars. Each
   * part was cut to the field cap on its own, so the joined value can still exceed it. A cut is
   * reported to {@link ParseSink#truncated} as field {@code user.name} with the joined length, and
   * never splits a surrogate pair.
   *
   * @param domain the domain, not null
   * @param name the account name, not null
   * @param line the 1-based line where the record starts, for the truncation report
   * @param maxFieldChars the field cap, at least 1
   * @param sink receives the truncation report
   * @return the joined account, at most {@code maxFieldChars} chars long
   */
  public static String account(
      String domain, String name, long line, int maxFieldChars, ParseSink sink) {
    String account = domain + "\\" + name;
    if (account.length() <= maxFieldChars) {
      return account;
    }
    sink.truncated(line, "user.name", account.length());
    int end = maxFieldChars;
    if (Character.isHighSurrogate(account.charAt(end - 1))) {
      end--;
    }
    return account.substring(0, end);
  }

  /**
   * Returns the port as a number, or -1 when the text is not a decimal number in 0..65535.
   *
   * @param text the port text, or null; surrounding whitespace is ignored
   * @return the port, or -1
   */
  public static int port(String text) {
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
        "WindowsEventRecord{line=%d, eventId=%s, channel=%s, provider=%s, computer=%s, data=%s}",
        line,
        eventIdText,
        channel,
        provider,
        computer,
        data);
  }
}

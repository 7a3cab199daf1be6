package io.github.imdsdetect.windows;

import java.util.regex.Pattern;

/**
 * Scores how likely an input head is Windows Security log data with process creation (4688) or
 * permitted connection (5156) events, in one of the shapes {@link WindowsSecurityParser} reads.
 *
 * <p>The scores are set against the Sysmon adapter's, because both adapters read the same shapes
 * and the scanner picks the highest score and rejects a tie:
 *
 * <ul>
 *   <li>{@value #SECURITY_ONLY}: Security 4688 or 5156 records in the head and no Sysmon name, in
 *       rendered XML, Winlogbeat JSON, evtx_dump JSON or Azure {@code SecurityEvent} rows. The
 *       Sysmon adapter scores these heads 40 or 60.
 *   <li>{@value #MIXED_WITH_SYSMON}: the same, but the head also names Sysmon, as mixed Mordor
 *       exports do. The Sysmon adapter scores 95 there and is picked. Its summary counts the
 *       Security records it ignores, and {@code --format windows} reads them.
 *   <li>{@value #FLAT_EXPORT}: Security 4688 or 5156 records without a Sysmon name in a flat event
 *       log export: NXLog JSON lines, or Azure Log Analytics rows of a table other than {@code
 *       SecurityEvent}. These exports often mix channels, and Sysmon records may start after the
 *       head, so the Sysmon adapter's 60 wins.
 *   <li>{@value #SECURITY_WITHOUT_EVENTS}: Security records, but no 4688 or 5156 in the head.
 * </ul>
 *
 * <p>NOTE: a Winlogbeat or XML file whose head holds Security records and no Sysmon name is read
 * as {@code windows} even when Sysmon records follow the head. {@code --format sysmon} reads them.
 */
final class WindowsSecuritySniffer {
  static final int SECURITY_ONLY = 90;
  static final int MIXED_WITH_SYSMON = 80;
  static final int FLAT_EXPORT = 55;
  static final int SECURITY_WITHOUT_EVENTS = 30;

  private static final String PROVIDER = "Microsoft-Windows-Security-Auditing";
  private static final String[] SYSMON_NAMES = {"Microsoft-Windows-Sysmon", "Linux-Sysmon"};

  private static final Pattern JSON_SECURITY_CHANNEL =
      Pattern.compile(
          "\"(?:Channel|channel|EventLog|log_name|winlog\\.channel)\"\\s*:\\s*\"(?i:security)\"");
  private static final Pattern JSON_EVENT_ID =
      Pattern.compile(
          "\"(?:EventID|EventId|event_id|winlog\\.event_id|code|event\\.code|#text)\"\\s*:\\s*\"?"
              + "(?:4688|5156)(?![0-9])");

  /** Keys that evtx_dump JSON ({@code System}, {@code #attributes}) and Winlogbeat JSON have. */
  private static final Pattern EVTX_DUMP_OR_WINLOGBEAT_KEY =
      Pattern.compile("\"(?:System|#attributes|winlog|winlog\\.[a-z_]+)\"\\s*:");

  private static final Pattern AZURE_SECURITY_EVENT_ROW =
      Pattern.compile("\"Type\"\\s*:\\s*\"SecurityEvent\"");

  private static final Pattern XML_EVENT_START = Pattern.compile("<Event(?:[\\s>/]|$)");
  private static final Pattern XML_SECURITY_CHANNEL =
      Pattern.compile("<Channel>\\s*(?i:security)\\s*</Channel>");
  private static final Pattern XML_EVENT_ID =
      Pattern.compile("<EventID(?:\\s[^>]*)?>\\s*(?:4688|5156)\\s*</EventID>");

  private WindowsSecuritySniffer() {}

  static int score(String head) {
    if (head == null || head.isEmpty()) {
      return 0;
    }
    char first = firstSignificantChar(head);
    boolean json = first == '{' || first == '[';
    boolean security;
    boolean eventIds;
    if (json) {
      security = head.contains(PROVIDER) || JSON_SECURITY_CHANNEL.matcher(head).find();
      eventIds = JSON_EVENT_ID.matcher(head).find();
    } else {
      if (!XML_EVENT_START.matcher(head).find()) {
        return 0;
      }
      security = head.contains(PROVIDER) || XML_SECURITY_CHANNEL.matcher(head).find();
      eventIds = XML_EVENT_ID.matcher(head).find();
    }
    if (!security) {
      return 0;
    }
    if (!eventIds) {
      return SECURITY_WITHOUT_EVENTS;
    }
    if (namesSysmon(head)) {
      return MIXED_WITH_SYSMON;
    }
    if (json && isFlatExport(head)) {
      return FLAT_EXPORT;
    }
    return SECURITY_ONLY;
  }

  /**
   * Returns whether a JSON head is a flat event log export that may mix channels: neither
   * evtx_dump JSON, which holds one .evtx file and so one channel, nor Winlogbeat JSON, nor rows of
   * the Azure {@code SecurityEvent} table, which holds Security events only.
   */
  private static boolean isFlatExport(String head) {
    return !EVTX_DUMP_OR_WINLOGBEAT_KEY.matcher(head).find()
        && !AZURE_SECURITY_EVENT_ROW.matcher(head).find();
  }

  private static boolean namesSysmon(String head) {
    for (String name : SYSMON_NAMES) {
      if (head.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static char firstSignificantChar(String head) {
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return c;
      }
    }
    return 0;
  }
}

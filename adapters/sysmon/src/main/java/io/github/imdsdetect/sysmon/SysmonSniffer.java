package io.github.imdsdetect.sysmon;

/**
 * Scores how likely an input head is Sysmon data in one of the shapes {@link SysmonParser} reads.
 * Sysmon provider or channel names next to a Windows event structure score highest. Windows event
 * JSON without a Sysmon name in the head scores lower, because the parser reports records of other
 * channels as ignored.
 */
final class SysmonSniffer {
  private static final String WINDOWS_PROVIDER = "Microsoft-Windows-Sysmon";
  private static final String LINUX_PROVIDER = "Linux-Sysmon";
  private static final String EVENT_NAMESPACE = "schemas.microsoft.com/win/2004/08/events/event";

  private SysmonSniffer() {}

  static int score(String head) {
    if (head == null || head.isEmpty()) {
      return 0;
    }
    boolean sysmonNamed = head.contains(WINDOWS_PROVIDER) || head.contains(LINUX_PROVIDER);
    char first = firstSignificantChar(head);
    if (first == '{' || first == '[') {
      return scoreJson(head, sysmonNamed);
    }
    boolean eventElement = XmlEventScanner.findStart(head, 0) >= 0;
    if (eventElement && sysmonNamed) {
      return 95;
    }
    if (eventElement && head.contains(EVENT_NAMESPACE)) {
      return 40;
    }
    return 0;
  }

  private static int scoreJson(String head, boolean sysmonNamed) {
    boolean eventLogExport =
        hasKey(head, "EventID")
            && (hasKey(head, "Channel") || hasKey(head, "EventData") || hasKey(head, "EventLog"));
    boolean winlog = head.contains("\"winlog\"") || head.contains("\"winlog.");
    boolean syslogRow = hasKey(head, "SyslogMessage");
    if (sysmonNamed && (eventLogExport || winlog || syslogRow)) {
      return 95;
    }
    if (sysmonNamed) {
      return 70;
    }
    // Mixed exports often start with other channels, so that Sysmon records appear only after
    // the head. NXLog and Azure event log exports are still this parser's format.
    if (eventLogExport) {
      return 60;
    }
    if (winlog) {
      return 40;
    }
    return 0;
  }

  /** Returns whether {@code "name"} appears followed by optional white space and a colon. */
  private static boolean hasKey(String head, String name) {
    String quoted = "\"" + name + "\"";
    int at = head.indexOf(quoted);
    while (at >= 0) {
      int pos = at + quoted.length();
      while (pos < head.length() && Character.isWhitespace(head.charAt(pos))) {
        pos++;
      }
      if (pos < head.length() && head.charAt(pos) == ':') {
        return true;
      }
      at = head.indexOf(quoted, at + 1);
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

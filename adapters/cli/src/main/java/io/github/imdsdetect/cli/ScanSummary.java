package io.github.imdsdetect.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals of one scan run, written to standard error at the end so that a user can check that
 * every line was accounted for: read lines become events, skipped lines or ignored records.
 */
final class ScanSummary {
  /**
   * Maximum number of distinct ignored-record kinds counted by name. Parsers keep their kinds
   * few, but a kind may quote a value from the input, so later kinds are counted under
   * {@value #OTHER_KINDS}.
   */
  static final int MAX_IGNORED_KINDS = 64;

  static final String OTHER_KINDS = "(other kinds)";

  private static final int MAX_KIND_CHARS = 100;

  /** The counts of one FILE, or the totals over all of them. */
  static final class Counts {
    long lines;
    long events;
    long eventsWithFindings;
    long findings;
    long suppressed;
    long ignored;
    long skipped;
    long truncatedLines;
    long truncatedFields;

    void add(Counts other) {
      lines += other.lines;
      events += other.events;
      eventsWithFindings += other.eventsWithFindings;
      findings += other.findings;
      suppressed += other.suppressed;
      ignored += other.ignored;
      skipped += other.skipped;
      truncatedLines += other.truncatedLines;
      truncatedFields += other.truncatedFields;
    }
  }

  private final Counts totals = new Counts();
  private final Map<String, Long> findingsByRule = new TreeMap<>();
  private final Map<String, Long> suppressedByExclusion = new TreeMap<>();
  private final Map<String, Long> ignoredByKind = new TreeMap<>();
  private int files;
  private int filesScanned;

  void countFinding(String ruleId) {
    findingsByRule.merge(ruleId, 1L, Long::sum);
  }

  void countSuppression(String exclusionId) {
    suppressedByExclusion.merge(exclusionId, 1L, Long::sum);
  }

  void countIgnored(String kind) {
    String key = kind == null || kind.isEmpty() ? "(no kind given)" : kind;
    if (key.length() > MAX_KIND_CHARS) {
      key = key.substring(0, MAX_KIND_CHARS) + "...";
    }
    if (!ignoredByKind.containsKey(key) && ignoredByKind.size() >= MAX_IGNORED_KINDS) {
      key = OTHER_KINDS;
    }
    ignoredByKind.merge(key, 1L, Long::sum);
  }

  /**
   * Adds the counts of one FILE.
   *
   * @param scanned whether the file was read to its end. The counts of a file that failed part
   *     way are added too, because its findings were already written.
   */
  void addFile(Counts counts, boolean scanned) {
    files++;
    if (scanned) {
      filesScanned++;
    }
    totals.add(counts);
  }

  /** Returns the totals so far. */
  Counts totals() {
    return totals;
  }

  /** Writes the summary block. */
  void print(PrintStream err, String profile) {
    StringBuilder text = new StringBuilder(512);
    text.append(Diagnostics.PREFIX).append("summary (profile ").append(profile).append(")\n");
    line(text, "files scanned", filesScanned + " of " + files);
    line(text, "lines read", totals.lines);
    line(text, "events", totals.events);
    line(text, "events with findings", totals.eventsWithFindings);
    line(text, "findings", totals.findings);
    breakdown(text, findingsByRule);
    line(text, "suppressed matches", totals.suppressed);
    breakdown(text, suppressedByExclusion);
    line(text, "ignored records", totals.ignored);
    breakdown(text, ignoredByKind);
    for (String kind : ignoredByKind.keySet()) {
      String lower = kind.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("security event 4688") || lower.equals("security event 5156")) {
        text.append("    note: Windows Security 4688 and 5156 events were ignored; scan the same")
            .append(" files with --format windows to read them\n");
        break;
      }
    }
    line(text, "lines skipped", totals.skipped);
    line(text, "lines truncated", totals.truncatedLines);
    line(text, "fields truncated", totals.truncatedFields);
    err.print(text);
  }

  private static void line(StringBuilder text, String label, Object value) {
    text.append("  ").append(label).append(": ").append(value).append('\n');
  }

  private static void breakdown(StringBuilder text, Map<String, Long> counts) {
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      text.append("    ").append(VisibleText.escape(entry.getKey())).append(": ")
          .append(entry.getValue()).append('\n');
    }
  }
}

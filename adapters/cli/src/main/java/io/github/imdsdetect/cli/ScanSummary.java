package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.LineUse;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals of one scan run, written to standard error at the end so that a user can check that
 * every line was accounted for. The lines read are broken down by their {@link LineUse}, which
 * the parsers report, and the events into those with and without findings.
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

    /** Events delivered without a record that they should have, such as their SYSCALL record. */
    long incomplete;

    long truncatedLines;
    long truncatedFields;

    /** Lines reported for each {@link LineUse}, indexed by its ordinal. */
    final long[] lineUses = new long[LineUse.values().length];

    /** Lines read minus lines reported, summed over the files where it is positive. */
    long linesNotAccounted;

    /** Lines reported minus lines read, summed over the files where it is positive. */
    long linesOverAccounted;

    /** Returns the number of lines whose use the parser reported. */
    long linesAccounted() {
      long sum = 0;
      for (long count : lineUses) {
        sum += count;
      }
      return sum;
    }

    /**
     * Compares the lines read with the lines reported, once the file's counts are final, and
     * keeps the difference for the summary.
     */
    void settleLineAccounting() {
      long difference = lines - linesAccounted();
      linesNotAccounted = Math.max(0, difference);
      linesOverAccounted = Math.max(0, -difference);
    }

    void add(Counts other) {
      lines += other.lines;
      events += other.events;
      eventsWithFindings += other.eventsWithFindings;
      findings += other.findings;
      suppressed += other.suppressed;
      ignored += other.ignored;
      skipped += other.skipped;
      incomplete += other.incomplete;
      truncatedLines += other.truncatedLines;
      truncatedFields += other.truncatedFields;
      for (int i = 0; i < lineUses.length; i++) {
        lineUses[i] += other.lineUses[i];
      }
      linesNotAccounted += other.linesNotAccounted;
      linesOverAccounted += other.linesOverAccounted;
    }
  }

  private final Counts totals = new Counts();
  private final Map<String, Long> findingsByRule = new TreeMap<>();
  private final Map<String, Long> suppressedByExclusion = new TreeMap<>();
  /**
   * Ignored records per kind, compared without case. Parsers build some kinds from the channel
   * name as the input spells it, so {@code Security event 4624} and {@code security event 4624}
   * are one kind, shown with the spelling seen first.
   */
  private final Map<String, Long> ignoredByKind = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
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
    lineBreakdown(text);
    line(text, "events", totals.events);
    subline(text, "with findings", totals.eventsWithFindings);
    subline(text, "without findings", totals.events - totals.eventsWithFindings);
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
    line(text, "skipped records", totals.skipped);
    line(text, "incomplete events", totals.incomplete);
    line(text, "lines truncated", totals.truncatedLines);
    line(text, "fields truncated", totals.truncatedFields);
    err.print(text);
  }

  /**
   * Writes what the lines read were used for. The lines add up to the lines read, with a line for
   * the difference when a parser's counts did not add up.
   */
  private void lineBreakdown(StringBuilder text) {
    subline(text, "in events", totals.lineUses[LineUse.EVENT.ordinal()]);
    subline(text, "in ignored records", totals.lineUses[LineUse.IGNORED.ordinal()]);
    subline(text, "skipped", totals.lineUses[LineUse.SKIPPED.ordinal()]);
    subline(text, "blank", totals.lineUses[LineUse.BLANK.ordinal()]);
    subline(text, "header or comment", totals.lineUses[LineUse.HEADER.ordinal()]);
    if (totals.linesNotAccounted > 0) {
      subline(text, "not accounted for", totals.linesNotAccounted);
    }
    if (totals.linesOverAccounted > 0) {
      subline(text, "reported beyond the lines read", totals.linesOverAccounted);
    }
  }

  private static void line(StringBuilder text, String label, Object value) {
    text.append("  ").append(label).append(": ").append(value).append('\n');
  }

  private static void subline(StringBuilder text, String label, long value) {
    text.append("    ").append(label).append(": ").append(value).append('\n');
  }

  private static void breakdown(StringBuilder text, Map<String, Long> counts) {
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      text.append("    ").append(VisibleText.escape(entry.getKey())).append(": ")
          .append(entry.getValue()).append('\n');
    }
  }
}

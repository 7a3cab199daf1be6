package io.github.imdsdetect.fuzz;

/**
 * How the physical lines of an input account for what a parser reports. Under every rule, the
 * line uses that the parser reports add up to the lines read ({@link ParseChecks}); the rules
 * below check more.
 */
enum Accounting {
  /**
   * One record per line, as in JSON lines, Zeek logs, access logs and CSV without quoted line
   * breaks. Every line that carries content yields exactly one event, skip or ignore, so that
   * lines read = events + skipped + ignored + silent lines. The silent lines are the blank ones,
   * plus each format's header and comment lines ({@link ParseChecks#maySkipSilently}). Each line
   * use then counts the lines of one kind: event lines the events, skipped lines the skips,
   * ignored lines the ignores, blank lines the silent blank lines and header lines the other
   * silent lines.
   */
  LINES,

  /**
   * Several lines per event, as auditd groups the records of one syscall. An input with a
   * non-blank line yields at least one event, skip or ignore, and no line is skipped twice.
   * Skipped and ignored lines count the skips and ignores, no line is a header, and there are at
   * least as many event lines as events.
   */
  GROUPED,

  /**
   * A document, such as pretty-printed JSON or XML: only the properties every input has, the
   * line identity included.
   */
  NONE;

  /**
   * Returns the rule that holds for any input of {@code format}, whatever it contains. Auditd
   * always groups lines and the access log parser always reads one entry per line. The other
   * parsers pick JSON lines, documents or CSV records by content, so only the general
   * properties hold for them on arbitrary input.
   */
  static Accounting forArbitraryInput(String format) {
    switch (format) {
      case "auditd":
        return GROUPED;
      case "weblog":
        return LINES;
      default:
        return NONE;
    }
  }
}

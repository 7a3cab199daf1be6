package io.github.imdsdetect.cli;

import java.io.PrintStream;

/**
 * Writes messages to standard error, each prefixed with {@code imds-detect: } and with the
 * input-derived parts escaped. Messages about skipped lines, incomplete events and truncated
 * lines and fields share one cap, {@code --max-errors}, and are only counted once it is reached.
 */
final class Diagnostics {
  static final String PREFIX = "imds-detect: ";

  /** Maximum length of a displayed reason, in chars, because parsers may quote input. */
  private static final int MAX_REASON_CHARS = 300;

  private final PrintStream err;
  private final int maxInputMessages;
  private long inputMessages;
  private long unshownSkips;
  private long unshownIncompletes;
  private long unshownTruncations;

  Diagnostics(PrintStream err, int maxInputMessages) {
    this.err = err;
    this.maxInputMessages = maxInputMessages;
  }

  /** Writes one message. Parts of {@code message} that quote input must already be escaped. */
  void message(String message) {
    err.println(PREFIX + message);
  }

  /** Writes {@code FILE:LINE: skipped: REASON}, or only counts it once the cap is reached. */
  void skipped(String source, long line, String reason) {
    if (inputMessages >= maxInputMessages) {
      unshownSkips++;
      return;
    }
    writeInputMessage(source, line, "skipped", reason);
  }

  /**
   * Writes {@code FILE:LINE: incomplete event: REASON}, or only counts it once the cap is
   * reached.
   */
  void incomplete(String source, long line, String reason) {
    if (inputMessages >= maxInputMessages) {
      unshownIncompletes++;
      return;
    }
    writeInputMessage(source, line, "incomplete event", reason);
  }

  /** Writes {@code FILE:LINE: truncated: DETAIL}, or only counts it once the cap is reached. */
  void truncated(String source, long line, String detail) {
    if (inputMessages >= maxInputMessages) {
      unshownTruncations++;
      return;
    }
    writeInputMessage(source, line, "truncated", detail);
  }

  private void writeInputMessage(String source, long line, String label, String reason) {
    inputMessages++;
    String displayed = reason == null ? "no reason given" : reason;
    if (displayed.length() > MAX_REASON_CHARS) {
      displayed = displayed.substring(0, MAX_REASON_CHARS) + "...";
    }
    err.println(VisibleText.escape(source) + ":" + line + ": " + label + ": "
        + VisibleText.escape(displayed));
  }

  /**
   * Writes how many skipped lines, incomplete events and truncations were counted but not shown,
   * if any.
   */
  void finish() {
    if (unshownSkips > 0) {
      message("... and " + unshownSkips + " more skipped lines (raise --max-errors to list them)");
    }
    if (unshownIncompletes > 0) {
      message("... and " + unshownIncompletes
          + " more incomplete events (raise --max-errors to list them)");
    }
    if (unshownTruncations > 0) {
      message("... and " + unshownTruncations
          + " more truncated lines and fields (raise --max-errors to list them)");
    }
  }
}

package io.github.imdsdetect.cli;

import java.io.PrintStream;

/**
 * Writes messages to standard error, each prefixed with {@code imds-detect: } and with the
 * input-derived parts escaped. Skipped-line messages stop after a cap and are counted from then
 * on.
 */
final class Diagnostics {
  static final String PREFIX = "imds-detect: ";

  /** Maximum length of a displayed skip reason, in chars, because parsers may quote input. */
  private static final int MAX_REASON_CHARS = 300;

  private final PrintStream err;
  private final int maxSkipMessages;
  private long skipMessages;
  private long unshownSkips;

  Diagnostics(PrintStream err, int maxSkipMessages) {
    this.err = err;
    this.maxSkipMessages = maxSkipMessages;
  }

  /** Writes one message. Parts of {@code message} that quote input must already be escaped. */
  void message(String message) {
    err.println(PREFIX + message);
  }

  /** Writes {@code FILE:LINE: skipped: REASON}, or only counts it once the cap is reached. */
  void skipped(String source, long line, String reason) {
    if (skipMessages >= maxSkipMessages) {
      unshownSkips++;
      return;
    }
    skipMessages++;
    String displayed = reason == null ? "no reason given" : reason;
    if (displayed.length() > MAX_REASON_CHARS) {
      displayed = displayed.substring(0, MAX_REASON_CHARS) + "...";
    }
    err.println(
        VisibleText.escape(source) + ":" + line + ": skipped: " + VisibleText.escape(displayed));
  }

  /** Writes how many skipped lines were counted but not shown, if any. */
  void finish() {
    if (unshownSkips > 0) {
      message("... and " + unshownSkips + " more skipped lines (raise --max-errors to list them)");
    }
  }
}

package io.github.imdsdetect.auditd;

/**
 * Signals a line that is not a usable audit record. The message is the reason passed to {@link
 * io.github.imdsdetect.adapter.ParseSink#skipped}, so it names the problem and the offending
 * field.
 */
final class MalformedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedRecordException(String reason) {
    // No stack trace: this exception reports bad input, not a bug, and can occur on every line.
    super(reason, null, false, false);
  }
}

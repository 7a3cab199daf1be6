package io.github.imdsdetect.cli;

/**
 * The scanner's exit codes. When several apply to one run, the highest wins: an internal error
 * outranks an unreadable file, which outranks findings.
 */
final class ExitCode {
  /** Every FILE was scanned and no rule fired. Quieted matches do not count as findings. */
  static final int CLEAN = 0;

  /** At least one finding was written. */
  static final int FINDINGS = 1;

  /**
   * The command line was invalid, a FILE could not be read or its format recognised, or standard
   * output could not be written.
   */
  static final int USAGE_OR_INPUT_ERROR = 2;

  /** A bug in the scanner or an adapter stopped the scan of a FILE. */
  static final int INTERNAL_ERROR = 3;

  private ExitCode() {}
}

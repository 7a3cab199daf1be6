package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.ParseLimits;
import java.util.List;

/** A parsed command line. */
sealed interface Command {

  /** {@code --help}, {@code -h} or {@code help}. */
  record Help() implements Command {}

  /**
   * {@code generate}: writes a labelled data set of metadata accesses and near misses.
   *
   * @param directory where the files go
   * @param count how many events to generate
   * @param seed the random seed; the same seed writes the same files
   */
  record Generate(String directory, int count, long seed) implements Command {}

  /** {@code --version}. */
  record Version() implements Command {}

  /**
   * {@code rules}: lists the rules and exclusions of one profile.
   *
   * @param profile the rule set name
   * @param rulesFile a rules file applied to the profile, or null
   */
  record ListRules(String profile, String rulesFile) implements Command {}

  /**
   * {@code scan}: scans files for metadata API access.
   *
   * @param format the parser's format name, or null to detect the format of each file
   * @param profile the rule set name
   * @param rulesFile a rules file applied to the profile, or null
   * @param output how findings are written
   * @param showSuppressed whether matches quieted by an exclusion are written too
   * @param explain whether each matched event's explanation is written after its findings
   * @param limits the parser caps built from --max-line-bytes and --max-field-chars
   * @param maxErrors the maximum number of messages about skipped lines and incomplete events
   *     written to standard error
   * @param strict whether input that was not read whole (skipped or cut lines and fields,
   *     incomplete events) makes the exit status 2
   * @param screen whether parsers may count events that cannot match without building them
   * @param files the FILE arguments in order, {@code -} for standard input
   */
  record Scan(
      String format,
      String profile,
      String rulesFile,
      OutputFormat output,
      boolean showSuppressed,
      boolean explain,
      ParseLimits limits,
      int maxErrors,
      boolean strict,
      boolean screen,
      List<String> files)
      implements Command {

    /** Creates the command with an immutable copy of the file list. */
    public Scan {
      files = List.copyOf(files);
    }
  }
}

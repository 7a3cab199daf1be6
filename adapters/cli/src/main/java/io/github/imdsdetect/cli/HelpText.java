package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Properties;

/** The text of {@code --help} and {@code --version}. */
final class HelpText {
  private static final String VERSION_RESOURCE = "/imds-detect-version.properties";

  private HelpText() {}

  /** Returns the full help, listing {@code formats} as the values of --format. */
  static String help(Collection<String> formats) {
    String formatNames = formats.isEmpty()
        ? "none, because no format adapter is on the class path"
        : String.join(", ", formats);
    ParseLimits limits = ParseLimits.DEFAULTS;
    return String.join("\n",
        "Usage:",
        "  imds-detect scan [OPTIONS] FILE...",
        "  imds-detect rules [--profile NAME] [--rules FILE]",
        "  imds-detect generate [--count N] [--seed N] DIRECTORY",
        "  imds-detect --help",
        "  imds-detect --version",
        "",
        "Finds access to cloud instance metadata APIs (169.254.169.254, fd00:ec2::254,",
        "metadata.google.internal and others; MITRE ATT&CK T1552.005) in security event logs.",
        "",
        "Commands:",
        "  scan     Scan each FILE and write one line per finding to standard output.",
        "           FILE is a path, or - for standard input. Gzip input is recognised by its",
        "           magic bytes and decompressed.",
        "  rules    List the rules and exclusions of a profile.",
        "  generate Write a labelled data set to DIRECTORY: metadata accesses, near misses",
        "           and agent traffic in every address encoding, as records of each",
        "           supported schema, with labels.jsonl giving each record's expected",
        "           verdict. --count sets the number of events (default 1000), --seed the",
        "           random seed (default 1); the same seed writes the same files.",
        "  help     Show this help.",
        "",
        "Options of scan:",
        "  --format NAME        Input format: " + formatNames + ".",
        "                       Default: detected for each FILE from its first 64 KiB. Give",
        "                       --format when standard input is a live stream, because",
        "                       detection waits for 64 KiB or the end of the input.",
        "  --profile NAME       Rule set: " + String.join(" or ", RuleSet.names())
            + ". Default: " + ArgumentParser.DEFAULT_PROFILE + ".",
        "                       qradar reproduces the reference QRadar AQL rule exactly;",
        "                       default catches more and excuses cloud agents by process",
        "                       identity.",
        "  --output FORMAT      json (default): one JSON object per line, fields below.",
        "                       text: one line per finding for a person to read, with",
        "                       control chars shown as escapes such as \\n and \\x1b.",
        "                       ocsf: one OCSF 1.1 Detection Finding (class 2004) per line.",
        "                       ecs: one ECS 8.11 alert document per line.",
        "                       ocsf and ecs have no place for suppressed matches or",
        "                       explanations, so --show-suppressed and --explain need json",
        "                       or text.",
        "  --rules FILE         Apply a rules and allow-list file to the profile: add",
        "                       indicators, disable rules, change severities, excuse",
        "                       executables (format: docs/rules-file.md). An invalid file",
        "                       stops the run with exit status 2 and its line and key.",
        "  --show-suppressed    Also write matches that an exclusion quieted, marked",
        "                       \"suppressed\": true. They do not change the exit status.",
        "                       Needs --output json or text.",
        "  --explain            After the findings of each event that any rule matched,",
        "                       write why: every matching rule, what it matched, and every",
        "                       exclusion considered with why it did or did not apply. In",
        "                       JSON, one line with source, line and \"explanation\".",
        "                       Needs --output json or text.",
        "  --max-line-bytes N   Longest input line kept, in bytes; the rest of a longer",
        "                       line is dropped and counted. Default: " + limits.maxLineBytes()
            + ".",
        "  --max-field-chars N  Longest field value kept, in chars; the rest is dropped",
        "                       before detection and counted. Default: "
            + limits.maxFieldChars() + ", the same",
        "                       as the line cap, so a field within one kept line is not cut.",
        "  --strict             Exit with status 2 when any record was skipped, any line",
        "                       or field was cut, or any event was incomplete, even when",
        "                       findings were written.",
        "  --no-screen          Build every event. By default the ecs parser counts a JSON",
        "                       line without building its event when the line holds none",
        "                       of the rules' literals and no escape that could hide one,",
        "                       so that no rule can match it. Findings and counts are the",
        "                       same either way; this option only makes the scan slower.",
        "  --max-errors N       Maximum number of messages about skipped lines,",
        "                       incomplete events and truncated lines and fields written",
        "                       to standard error; later ones are only counted. Default: "
            + ArgumentParser.DEFAULT_MAX_ERRORS + ".",
        "",
        "JSON output fields (stable; absent values are left out):",
        "  source, line           FILE as given (- for standard input), 1-based line number",
        "  rule_id, title         the rule that fired",
        "  severity               informational, low, medium, high or critical",
        "  technique              MITRE ATT&CK technique id",
        "  field                  event field that matched, such as process.command_line",
        "  indicator, matched     the indicator, and the text of the field that matched it",
        "  offset                 char offset of matched in the field; absent when the rule",
        "                         compares the whole field",
        "  provider, data_kind    cloud provider and kind of data reached",
        "  reason                 one sentence explaining the finding",
        "  suppressed, exclusion, suppression_reason",
        "                         with --show-suppressed only: true, the exclusion id and why",
        "                         it applied",
        "  event                  time, host, user, process_name, process_executable,",
        "                         command_line, parent_process_name,",
        "                         parent_process_executable, destination_address,",
        "                         destination_port (a number), dns_query_name, url; a",
        "                         value over 8192 chars is cut there, and NAME_length gives",
        "                         its full length",
        "",
        "Standard error receives one line per FILE with its counts, one message per skipped",
        "line, per incomplete event and per truncated line or field (up to --max-errors in",
        "all), a warning for each FILE that gave no events but skipped lines, and a summary.",
        "An incomplete event is scanned but lacks a record, such as an auditd event whose",
        "SYSCALL record precedes the start of the log. The summary gives the lines read and",
        "what they were used for (in events, in ignored records, skipped, blank, header or",
        "comment), which add up to the lines read; the events with and without findings;",
        "findings per rule, suppressed matches per exclusion, ignored records per kind,",
        "skipped records, incomplete events and truncations. A warning names each FILE whose",
        "parser reported uses for more or fewer lines than it read. An empty FILE is reported",
        "and counts as scanned.",
        "",
        "Exit status (the highest that applies):",
        "  0  every FILE was scanned and there were no findings",
        "  1  at least one finding",
        "  2  invalid command line, a FILE could not be read or its format recognised,",
        "     standard output could not be written, or with --strict, input was not read",
        "     whole",
        "  3  internal error; set IMDS_DETECT_DEBUG=1 to print its stack trace",
        "");
  }

  /** Returns the one-line hint written after a usage error. */
  static String usageHint() {
    return "run 'imds-detect --help' for usage";
  }

  /**
   * Returns the version that Maven filtered into the version resource, or {@code unknown} when
   * the resource is missing or was not filtered, as when classes run straight from an IDE.
   */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = HelpText.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      properties.load(in);
    } catch (IOException e) {
      return "unknown";
    }
    String version = properties.getProperty("version", "");
    return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
  }
}

package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.RuleSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the command line into a {@link Command}. Options take their value either as the next
 * argument ({@code --format auditd}) or after an equals sign ({@code --format=auditd}). A
 * {@code --} argument ends the options, so that a file whose name starts with {@code -} can be
 * scanned, and a lone {@code -} is standard input.
 */
final class ArgumentParser {
  static final String DEFAULT_PROFILE = "default";
  static final int DEFAULT_MAX_ERRORS = 20;

  private final Collection<String> formats;

  /**
   * Creates a parser.
   *
   * @param formats the format names that --format accepts: those of the parsers on the class
   *     path
   */
  ArgumentParser(Collection<String> formats) {
    this.formats = formats;
  }

  /**
   * Parses the arguments.
   *
   * @throws UsageException if a command, option or value is missing, unknown or invalid
   */
  Command parse(String[] args) throws UsageException {
    if (args.length == 0) {
      throw new UsageException("missing command; expected scan, rules, generate, help or --version");
    }
    String command = args[0];
    List<String> rest = List.of(args).subList(1, args.length);
    switch (command) {
      case "--help":
      case "-h":
      case "help":
        return new Command.Help();
      case "--version":
        if (!rest.isEmpty()) {
          throw new UsageException("--version takes no arguments, but '" + rest.get(0)
              + "' was given");
        }
        return new Command.Version();
      case "rules":
        return parseRules(rest);
      case "generate":
        return parseGenerate(rest);
      case "scan":
        return parseScan(rest);
      default:
        if (command.startsWith("-")) {
          throw new UsageException("unknown option '" + command
              + "'; options go after the command, as in 'imds-detect scan --format auditd FILE'");
        }
        throw new UsageException("unknown command '" + command
            + "'; expected scan, rules, generate, help or --version");
    }
  }

  private Command parseRules(List<String> args) throws UsageException {
    OptionReader reader = new OptionReader("rules", args);
    String profile = null;
    String rulesFile = null;
    while (reader.hasNext()) {
      String name = reader.nextOption();
      if (name == null) {
        throw new UsageException("rules takes no FILE arguments, but '" + reader.operand()
            + "' was given");
      }
      switch (name) {
        case "--help":
        case "-h":
          return new Command.Help();
        case "--profile":
          reader.rejectRepeat();
          profile = profileValue(reader.value());
          break;
        case "--rules":
          reader.rejectRepeat();
          rulesFile = reader.value();
          break;
        default:
          throw reader.unknownOption();
      }
    }
    return new Command.ListRules(profile == null ? DEFAULT_PROFILE : profile, rulesFile);
  }

  private Command parseGenerate(List<String> args) throws UsageException {
    OptionReader reader = new OptionReader("generate", args);
    int count = 1000;
    long seed = 1;
    String directory = null;
    while (reader.hasNext()) {
      String name = reader.nextOption();
      if (name == null) {
        if (directory != null) {
          throw new UsageException("generate takes one DIRECTORY, but '" + reader.operand()
              + "' was given too");
        }
        directory = reader.operand();
        continue;
      }
      switch (name) {
        case "--help":
        case "-h":
          return new Command.Help();
        case "--count":
          reader.rejectRepeat();
          count = reader.intValue(1);
          break;
        case "--seed":
          reader.rejectRepeat();
          seed = reader.intValue(0);
          break;
        default:
          throw reader.unknownOption();
      }
    }
    if (directory == null) {
      throw new UsageException("generate needs a DIRECTORY to write the data set to");
    }
    return new Command.Generate(directory, count, seed);
  }

  private Command parseScan(List<String> args) throws UsageException {
    OptionReader reader = new OptionReader("scan", args);
    ScanSettings settings = new ScanSettings();
    while (reader.hasNext()) {
      String name = reader.nextOption();
      if (name == null) {
        settings.files.add(reader.operand());
        continue;
      }
      if (name.equals("--help") || name.equals("-h")) {
        return new Command.Help();
      }
      reader.rejectRepeat();
      readScanOption(name, reader, settings);
    }
    return settings.toCommand();
  }

  private void readScanOption(String name, OptionReader reader, ScanSettings settings)
      throws UsageException {
    switch (name) {
      case "--format":
        settings.format = formatValue(reader.value());
        break;
      case "--profile":
        settings.profile = profileValue(reader.value());
        break;
      case "--output":
        settings.output = outputValue(reader.value());
        break;
      case "--show-suppressed":
        reader.rejectValue();
        settings.showSuppressed = true;
        break;
      case "--explain":
        reader.rejectValue();
        settings.explain = true;
        break;
      case "--rules":
        settings.rulesFile = reader.value();
        break;
      case "--max-line-bytes":
        settings.maxLineBytes = reader.intValue(1);
        break;
      case "--max-field-chars":
        settings.maxFieldChars = reader.intValue(1);
        break;
      case "--max-errors":
        settings.maxErrors = reader.intValue(0);
        break;
      case "--strict":
        reader.rejectValue();
        settings.strict = true;
        break;
      case "--no-screen":
        reader.rejectValue();
        settings.screen = false;
        break;
      default:
        throw reader.unknownOption();
    }
  }

  private String formatValue(String value) throws UsageException {
    if (!formats.contains(value)) {
      String available = formats.isEmpty()
          ? "none, because no format adapter is on the class path"
          : String.join(", ", formats);
      throw new UsageException("invalid value '" + value + "' for --format; available formats: "
          + available);
    }
    return value;
  }

  private static String profileValue(String value) throws UsageException {
    if (!RuleSet.names().contains(value)) {
      throw new UsageException("invalid value '" + value + "' for --profile; expected one of "
          + String.join(", ", RuleSet.names()));
    }
    return value;
  }

  private static OutputFormat outputValue(String value) throws UsageException {
    for (OutputFormat output : OutputFormat.values()) {
      if (output.name().toLowerCase(Locale.ROOT).equals(value)) {
        return output;
      }
    }
    throw new UsageException(
        "invalid value '" + value + "' for --output; expected json, text, ocsf or ecs");
  }

  /** The values of scan's options as they are read, starting from their defaults. */
  private static final class ScanSettings {
    String format;
    String profile = DEFAULT_PROFILE;
    OutputFormat output = OutputFormat.JSON;
    boolean showSuppressed;
    boolean explain;
    String rulesFile;
    int maxLineBytes = ParseLimits.DEFAULTS.maxLineBytes();
    int maxFieldChars = ParseLimits.DEFAULTS.maxFieldChars();
    int maxErrors = DEFAULT_MAX_ERRORS;
    boolean strict;
    boolean screen = true;
    final List<String> files = new ArrayList<>();

    Command.Scan toCommand() throws UsageException {
      if (files.isEmpty()) {
        throw new UsageException("scan needs at least one FILE; use - to read standard input");
      }
      // SchemaFindingWriter writes neither quieted matches nor explanations, so with ocsf or
      // ecs output these options would be ignored without a word.
      boolean schemaOutput = output == OutputFormat.OCSF || output == OutputFormat.ECS;
      if (explain && schemaOutput) {
        throw new UsageException("--explain works with --output json or text, not "
            + output.name().toLowerCase(Locale.ROOT));
      }
      if (showSuppressed && schemaOutput) {
        throw new UsageException("--show-suppressed works with --output json or text, not "
            + output.name().toLowerCase(Locale.ROOT));
      }
      if (files.stream().filter(ScanInput.STANDARD_INPUT::equals).count() > 1) {
        throw new UsageException("standard input (-) can be scanned only once per run");
      }
      ParseLimits limits = new ParseLimits(
          maxLineBytes,
          maxFieldChars,
          ParseLimits.DEFAULTS.maxOpenEvents(),
          ParseLimits.DEFAULTS.maxRecordFields());
      return new Command.Scan(
          format, profile, rulesFile, output, showSuppressed, explain, limits, maxErrors, strict,
          screen, files);
    }
  }

  /** Walks the arguments of one command, splitting {@code --name=value} forms. */
  private static final class OptionReader {
    private final String command;
    private final List<String> args;
    private final Set<String> seen = new HashSet<>();
    private int next;
    private boolean optionsEnded;
    private String currentName;
    private String inlineValue;
    private String currentOperand;

    OptionReader(String command, List<String> args) {
      this.command = command;
      this.args = args;
    }

    /** Returns whether an argument is left, first stepping over a {@code --} that ends options. */
    boolean hasNext() {
      if (!optionsEnded && next < args.size() && args.get(next).equals("--")) {
        optionsEnded = true;
        next++;
      }
      return next < args.size();
    }

    /**
     * Advances to the next argument and returns its option name, or null when it is an operand
     * (a FILE), which {@link #operand} then returns.
     */
    String nextOption() {
      String arg = args.get(next++);
      if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
        currentOperand = arg;
        return null;
      }
      int equals = arg.indexOf('=');
      currentName = equals < 0 ? arg : arg.substring(0, equals);
      inlineValue = equals < 0 ? null : arg.substring(equals + 1);
      return currentName;
    }

    String operand() {
      return currentOperand;
    }

    /** Returns the current option's value, taking the next argument when there is no '='. */
    String value() throws UsageException {
      if (inlineValue != null) {
        if (inlineValue.isEmpty()) {
          throw new UsageException("option " + currentName + " requires a value, but '"
              + currentName + "=' has none");
        }
        return inlineValue;
      }
      if (next >= args.size() || args.get(next).startsWith("--")) {
        throw new UsageException("option " + currentName + " requires a value");
      }
      return args.get(next++);
    }

    int intValue(int min) throws UsageException {
      String value = value();
      int parsed;
      try {
        parsed = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        parsed = min - 1;
      }
      if (parsed < min) {
        throw new UsageException("invalid value '" + value + "' for " + currentName
            + ": expected a whole number from " + min + " to " + Integer.MAX_VALUE);
      }
      return parsed;
    }

    void rejectValue() throws UsageException {
      if (inlineValue != null) {
        throw new UsageException("option " + currentName + " takes no value, but '"
            + currentName + "=" + inlineValue + "' was given");
      }
    }

    void rejectRepeat() throws UsageException {
      if (!seen.add(currentName)) {
        throw new UsageException("option " + currentName + " is given more than once");
      }
    }

    UsageException unknownOption() {
      return new UsageException("unknown option '" + currentName + "' for " + command
          + "; run 'imds-detect --help' for the options");
    }
  }
}

package io.github.imdsdetect.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The {@code imds-detect} command-line scanner. Run {@code imds-detect --help} for the commands,
 * the output fields and the exit codes, which {@link ExitCode} also lists.
 */
public final class Main {
  private static final String DEBUG_VARIABLE = "IMDS_DETECT_DEBUG";

  private Main() {}

  /**
   * Runs the scanner on the process's standard streams and exits with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /**
   * Runs one command in-process and returns its exit code; nothing here calls
   * {@link System#exit}.
   *
   * @param args the command-line arguments
   * @param stdin what the FILE argument {@code -} reads; left open
   * @param out receives findings, help and rule listings
   * @param err receives messages and the scan summary
   */
  static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    boolean debug = "1".equals(System.getenv(DEBUG_VARIABLE));
    try {
      ParserRegistry registry = ParserRegistry.load();
      Command command;
      try {
        command = new ArgumentParser(registry.formats()).parse(args);
      } catch (UsageException e) {
        err.println(Diagnostics.PREFIX + VisibleText.escape(e.getMessage()));
        err.println(Diagnostics.PREFIX + HelpText.usageHint());
        return ExitCode.USAGE_OR_INPUT_ERROR;
      }
      return execute(command, registry, stdin, out, err, debug);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Errors inside one FILE are reported by ScanCommand; this is the last resort for the rest.
      String message = e.getMessage() == null ? "" : ": " + e.getMessage();
      err.println(Diagnostics.PREFIX + "internal error: " + e.getClass().getSimpleName()
          + VisibleText.escape(message));
      if (debug) {
        e.printStackTrace(err);
      }
      return ExitCode.INTERNAL_ERROR;
    }
  }

  /**
   * Flushes {@code out} and returns {@code code}, or {@link ExitCode#USAGE_OR_INPUT_ERROR} with a
   * message when writing {@code content} to it failed. A {@link PrintStream} records write errors
   * instead of throwing them, so a full disk or a closed pipe is only seen by asking.
   */
  private static int checkOutput(PrintStream out, PrintStream err, String content, int code) {
    out.flush();
    if (!out.checkError()) {
      return code;
    }
    err.println(Diagnostics.PREFIX + "cannot write " + content + " to standard output");
    return Math.max(code, ExitCode.USAGE_OR_INPUT_ERROR);
  }

  private static int execute(
      Command command,
      ParserRegistry registry,
      InputStream stdin,
      PrintStream out,
      PrintStream err,
      boolean debug)
      throws IOException {
    if (command instanceof Command.Help) {
      out.print(HelpText.help(registry.formats()));
      return checkOutput(out, err, "the help", ExitCode.CLEAN);
    }
    if (command instanceof Command.Version) {
      out.println("imds-detect " + HelpText.version());
      return checkOutput(out, err, "the version", ExitCode.CLEAN);
    }
    if (command instanceof Command.Generate) {
      int code = GenerateCommand.run((Command.Generate) command, out, err);
      return checkOutput(out, err, "the list of written files", code);
    }
    if (command instanceof Command.ListRules) {
      Command.ListRules rules = (Command.ListRules) command;
      Diagnostics diagnostics = new Diagnostics(err, ArgumentParser.DEFAULT_MAX_ERRORS);
      try {
        int code = RulesCommand.run(
            RuleSetLoader.load(rules.profile(), rules.rulesFile(), diagnostics), out);
        return checkOutput(out, err, "the rule listing", code);
      } catch (RuleSetLoader.LoadException e) {
        diagnostics.message(VisibleText.escape(e.getMessage()));
        return ExitCode.USAGE_OR_INPUT_ERROR;
      }
    }
    Command.Scan scan = (Command.Scan) command;
    return new ScanCommand(scan, registry, stdin, out, err, debug).run();
  }
}

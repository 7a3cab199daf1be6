package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.RecordScreen;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.RuleSet;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;

/**
 * Runs {@code scan}: streams each FILE through its parser and one shared {@link Detector}, writes
 * findings to standard output as they are found, and ends with a summary on standard error.
 * A FILE that cannot be read or recognised is reported and skipped, and the scan goes on with the
 * next one.
 */
final class ScanCommand {
  private final Command.Scan options;
  private final ParserRegistry registry;
  private final InputStream stdin;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean debug;
  private final Diagnostics diagnostics;
  private final ScanSummary summary = new ScanSummary();
  private int exitCode = ExitCode.CLEAN;

  /**
   * Creates the command.
   *
   * @param debug whether internal errors print their stack trace
   */
  ScanCommand(
      Command.Scan options,
      ParserRegistry registry,
      InputStream stdin,
      PrintStream out,
      PrintStream err,
      boolean debug) {
    this.options = options;
    this.registry = registry;
    this.stdin = stdin;
    this.out = out;
    this.err = err;
    this.debug = debug;
    this.diagnostics = new Diagnostics(err, options.maxErrors());
  }

  /** Scans every FILE and returns the exit code. */
  int run() throws IOException {
    for (String problem : registry.problems()) {
      diagnostics.message("warning: " + VisibleText.escape(problem));
    }
    RuleSet ruleSet;
    try {
      ruleSet = RuleSetLoader.load(options.profile(), options.rulesFile(), diagnostics);
    } catch (RuleSetLoader.LoadException e) {
      diagnostics.message(VisibleText.escape(e.getMessage()));
      return ExitCode.USAGE_OR_INPUT_ERROR;
    }
    Detector detector = Detector.create(ruleSet);
    RecordScreen screen = options.screen() ? RecordScreen.of(detector) : null;
    try (FindingWriter writer = createWriter()) {
      for (String file : options.files()) {
        if (!scanFile(file, detector, screen, writer)) {
          break;
        }
      }
    }
    diagnostics.finish();
    summary.print(err, options.rulesFile() == null ? options.profile()
        : options.profile() + " + " + VisibleText.escape(options.rulesFile()));
    if (summary.totals().findings > 0) {
      raise(ExitCode.FINDINGS);
    }
    ScanSummary.Counts totals = summary.totals();
    if (options.strict() && (totals.skipped > 0 || totals.truncatedLines > 0
        || totals.truncatedFields > 0 || totals.incomplete > 0)) {
      diagnostics.message("error: --strict: the input was not read whole (" + totals.skipped
          + " skipped records, " + totals.truncatedLines + " truncated lines, "
          + totals.truncatedFields + " truncated fields, " + totals.incomplete
          + " incomplete events)");
      raise(ExitCode.USAGE_OR_INPUT_ERROR);
    }
    return exitCode;
  }

  private FindingWriter createWriter() throws IOException {
    switch (options.output()) {
      case TEXT:
        return new TextFindingWriter(out);
      case OCSF:
      case ECS:
        return new SchemaFindingWriter(out, options.output());
      default:
        return new JsonFindingWriter(out);
    }
  }

  /** Scans one FILE and returns false when standard output failed and the run must stop. */
  private boolean scanFile(
      String file, Detector detector, RecordScreen screen, FindingWriter writer) {
    String escapedName = VisibleText.escape(file);
    ScanSink sink = new ScanSink(
        file, detector, writer, options.showSuppressed(), options.explain(), summary,
        diagnostics, out::checkError);
    boolean scanned = false;
    boolean gzip = false;
    try (ScanInput input = ScanInput.open(file, stdin)) {
      gzip = input.gzip();
      scanned = parse(file, input.stream(), screen, sink);
    } catch (ScanSink.OutputException e) {
      return outputFailed(e);
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException
          ? ((UncheckedIOException) e).getCause()
          : (IOException) e;
      String where = sink.lastLine() > 0 ? " after line " + sink.lastLine() : "";
      diagnostics.message("cannot read " + escapedName + where + ": " + describe(cause, gzip));
      raise(ExitCode.USAGE_OR_INPUT_ERROR);
    } catch (InvalidPathException e) {
      diagnostics.message("cannot read " + escapedName + ": invalid path: "
          + VisibleText.escape(e.getReason()));
      raise(ExitCode.USAGE_OR_INPUT_ERROR);
    } catch (RuntimeException | StackOverflowError e) {
      reportInternalError(escapedName, sink.lastLine(), e);
    } finally {
      if (!scanned) {
        sink.counts().lines = Math.max(sink.counts().lines, sink.lastLine());
      }
      sink.counts().settleLineAccounting();
      summary.addFile(sink.counts(), scanned);
    }
    try {
      writer.flush();
    } catch (IOException e) {
      return outputFailed(e);
    }
    if (out.checkError()) {
      return outputFailed(null);
    }
    return true;
  }

  /**
   * Chooses the parser for one input, parses it to its end and reports the file's counts.
   * Returns false when the format could not be recognised.
   */
  private boolean parse(String file, InputStream stream, RecordScreen screen, ScanSink sink)
      throws IOException {
    String escapedName = VisibleText.escape(file);
    EventParser parser;
    String formatSource;
    InputStream input = stream;
    if (options.format() != null) {
      parser = registry.parser(options.format());
      formatSource = "given";
    } else {
      FormatDetector.Detection detection = FormatDetector.detect(stream, registry.parsers());
      if (detection.empty()) {
        diagnostics.message(escapedName + ": empty, nothing to scan");
        return true;
      }
      if (detection.parser() == null) {
        diagnostics.message("cannot recognise the format of " + escapedName
            + "; use --format with one of " + formatList() + ". " + detection.problem());
        raise(ExitCode.USAGE_OR_INPUT_ERROR);
        return false;
      }
      parser = detection.parser();
      input = detection.input();
      formatSource = "detected, score " + detection.score();
    }
    sink.counts().lines = screen == null
        ? parser.parse(input, file, options.limits(), sink)
        : parser.parse(input, file, options.limits(), screen, sink);
    ScanSummary.Counts counts = sink.counts();
    diagnostics.message(escapedName + ": read as " + parser.format() + " (" + formatSource + "): "
        + counts.lines + " lines, " + counts.events + " events, " + counts.findings
        + " findings, " + counts.suppressed + " suppressed, " + counts.ignored + " ignored, "
        + counts.skipped + " skipped"
        + (counts.incomplete > 0 ? ", " + counts.incomplete + " incomplete" : ""));
    if (counts.events == 0 && counts.skipped > 0) {
      // The exit status stays 0 without findings, so this line is what tells a user that the
      // file was not read as intended.
      diagnostics.message("warning: " + escapedName + ": no events read; "
          + counts.lineUses[LineUse.SKIPPED.ordinal()] + " of " + counts.lines
          + " lines skipped (" + (options.format() != null
              ? "wrong --format?)"
              : "detected as " + parser.format() + "; give --format if that is wrong)"));
    }
    long accounted = counts.linesAccounted();
    if (accounted != counts.lines) {
      diagnostics.message("warning: " + escapedName + ": the " + parser.format()
          + " parser reported what " + accounted + " lines were used for, but read "
          + counts.lines + " lines, so the line breakdown in the summary does not add up");
    }
    return true;
  }

  private String formatList() {
    return registry.formats().isEmpty()
        ? "none, because no format adapter is on the class path"
        : String.join(", ", registry.formats());
  }

  private void reportInternalError(String escapedName, long line, Throwable e) {
    String where = line > 0 ? " line " + line : "";
    String message = e.getMessage() == null
        ? e.getClass().getName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    diagnostics.message("internal error while reading " + escapedName + where + ": "
        + VisibleText.escape(message)
        + (debug ? "" : " (set IMDS_DETECT_DEBUG=1 to print the stack trace)"));
    if (debug) {
      e.printStackTrace(err);
    }
    raise(ExitCode.INTERNAL_ERROR);
  }

  private boolean outputFailed(Exception e) {
    String detail = e == null || e.getMessage() == null ? "" : ": " + e.getMessage();
    diagnostics.message("cannot write findings to standard output" + VisibleText.escape(detail)
        + "; stopping the scan");
    raise(ExitCode.USAGE_OR_INPUT_ERROR);
    return false;
  }

  private static String describe(IOException e, boolean gzip) {
    if (e instanceof NoSuchFileException) {
      return "file not found";
    }
    if (gzip && e instanceof EOFException) {
      return "the gzip data ends early, so the file is probably truncated";
    }
    if (gzip && e instanceof ZipException) {
      return "invalid gzip data: " + VisibleText.escape(IoMessages.reason(e));
    }
    return VisibleText.escape(IoMessages.reason(e));
  }

  private void raise(int code) {
    exitCode = Math.max(exitCode, code);
  }
}

package io.github.imdsdetect.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The result of one in-process run of the scanner through {@link Main#run}.
 *
 * @param exitCode the exit code
 * @param out standard output decoded as UTF-8
 * @param err standard error decoded as UTF-8
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs the scanner with empty standard input. */
  static CliRun run(String... args) {
    return runWithInput(new byte[0], args);
  }

  /** Runs the scanner with {@code stdin} as standard input. */
  static CliRun runWithInput(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = Main.run(args, new ByteArrayInputStream(stdin), outStream, errStream);
    outStream.flush();
    errStream.flush();
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Returns the lines of standard output, without the empty string after the last newline. */
  List<String> outLines() {
    return splitLines(out);
  }

  /** Returns the lines of standard error. */
  List<String> errLines() {
    return splitLines(err);
  }

  /**
   * Splits on {@code \n} only, unlike {@link String#lines}, because a raw {@code \r} inside a
   * line is what some tests look for.
   */
  private static List<String> splitLines(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** Returns both streams, for assertion messages. */
  String describe() {
    return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
  }
}

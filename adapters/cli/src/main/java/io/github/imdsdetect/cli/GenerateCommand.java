package io.github.imdsdetect.cli;

import io.github.imdsdetect.generators.LabelledDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code generate}: writes a labelled data set for testing other detections. */
final class GenerateCommand {
  private GenerateCommand() {}

  /** Writes the data set and a line per file to {@code out}; returns the exit code. */
  static int run(Command.Generate command, PrintStream out, PrintStream err) {
    Path directory;
    try {
      directory = Path.of(command.directory());
    } catch (InvalidPathException e) {
      err.println(Diagnostics.PREFIX + "invalid directory " + VisibleText.escape(command.directory())
          + ": " + VisibleText.escape(e.getReason()));
      return ExitCode.USAGE_OR_INPUT_ERROR;
    }
    Map<String, Integer> written;
    try {
      written = LabelledDataset.writeDataset(directory, command.count(), command.seed());
    } catch (IOException e) {
      err.println(Diagnostics.PREFIX + "cannot write the data set to "
          + VisibleText.escape(command.directory()) + ": " + describe(e, directory));
      return ExitCode.USAGE_OR_INPUT_ERROR;
    }
    for (Map.Entry<String, Integer> file : written.entrySet()) {
      out.println(directory.resolve(file.getKey()) + ": " + file.getValue() + " records");
    }
    out.flush();
    return ExitCode.CLEAN;
  }

  /**
   * Returns the reason for {@code e}, naming the file or directory that failed when it is not
   * {@code directory} itself, such as one of the files inside it.
   */
  private static String describe(IOException e, Path directory) {
    String reason = VisibleText.escape(IoMessages.reason(e));
    if (e instanceof FileSystemException) {
      String file = ((FileSystemException) e).getFile();
      if (file != null && !Path.of(file).equals(directory)) {
        return VisibleText.escape(file) + ": " + reason;
      }
    }
    return reason;
  }
}

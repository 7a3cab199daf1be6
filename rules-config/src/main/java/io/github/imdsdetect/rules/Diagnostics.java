package io.github.imdsdetect.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The errors and warnings of loading one rules file, each prefixed with the source name. */
final class Diagnostics {
  private record Warning(int line, String message) {}

  private final String source;
  private final List<Warning> warnings = new ArrayList<>();

  Diagnostics(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  /** Returns an error to throw. Line 0 means the whole file, and {@code key} may be null. */
  RulesFileException error(int line, String key, String reason) {
    return new RulesFileException(source, line, key, reason);
  }

  void warn(int line, String message) {
    warnings.add(new Warning(line, message));
  }

  /** Returns the warnings as {@code FILE:LINE: message}, ordered by line. */
  List<String> warnings() {
    List<Warning> sorted = new ArrayList<>(warnings);
    sorted.sort(Comparator.comparingInt(Warning::line));
    List<String> result = new ArrayList<>(sorted.size());
    for (Warning warning : sorted) {
      result.add(source + ":" + warning.line() + ": " + warning.message());
    }
    return List.copyOf(result);
  }
}

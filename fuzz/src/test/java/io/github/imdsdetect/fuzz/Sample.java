package io.github.imdsdetect.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One real log file from the repository's {@code samples/} directory, with the format whose
 * parser reads it and the accounting rule its lines follow.
 */
record Sample(String format, Path path, byte[] bytes, Accounting accounting) {

  /**
   * Returns the root of the sample files: the system property {@code imdsdetect.samples}, which
   * the module's POM sets, else {@code ../samples} relative to the working directory.
   */
  static Path root() {
    String configured = System.getProperty("imdsdetect.samples");
    return Path.of(configured != null ? configured : "../samples");
  }

  /** Returns every sample file of {@code format}, sorted by path, or an empty list. */
  static List<Sample> of(String format) {
    Path directory = root().resolve(directoryOf(format));
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<Sample> samples = new ArrayList<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = path.getFileName().toString();
        if (name.endsWith(".md") || !belongsTo(format, name)) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(path);
        samples.add(new Sample(format, path, bytes, accountingOf(format, bytes)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read the samples under " + directory, e);
    }
    return samples;
  }

  /** Returns every sample of every expected format. */
  static List<Sample> all() {
    List<Sample> samples = new ArrayList<>();
    for (String format : Parsers.EXPECTED_FORMATS) {
      samples.addAll(of(format));
    }
    return samples;
  }

  /** Returns the sample's path relative to the samples root, for test names and messages. */
  String name() {
    return root().relativize(path).toString();
  }

  /**
   * Returns the sample's bytes with every line break inside a double-quoted CSV field replaced
   * by a space, so that each CSV record takes exactly one line. Other formats are returned
   * unchanged.
   */
  byte[] oneRecordPerLine() {
    if (!format.equals("qradar-csv")) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    boolean quoted = false;
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == '"') {
        quoted = !quoted;
      } else if (quoted && (copy[i] == '\n' || copy[i] == '\r')) {
        copy[i] = ' ';
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    return name();
  }

  private static String directoryOf(String format) {
    return format.startsWith("qradar-") ? "qradar" : format;
  }

  private static boolean belongsTo(String format, String fileName) {
    switch (format) {
      case "qradar-json":
        return fileName.endsWith(".json");
      case "qradar-csv":
        return fileName.endsWith(".csv");
      default:
        return true;
    }
  }

  /**
   * Returns how the lines of a sample of {@code format} account for its records. ECS, Sysmon,
   * Windows and OCSF files count as one record per line when every non-blank line contains one
   * JSON object. Their pretty-printed documents and XML files get no per-line rule.
   */
  private static Accounting accountingOf(String format, byte[] bytes) {
    switch (format) {
      case "auditd":
        return Accounting.GROUPED;
      case "weblog":
      case "zeek":
      case "falco":
      case "qradar-csv":
        return Accounting.LINES;
      case "ecs":
      case "sysmon":
      case "windows":
      case "ocsf":
        return isJsonLines(bytes) ? Accounting.LINES : Accounting.NONE;
      default:
        return Accounting.NONE;
    }
  }

  private static boolean isJsonLines(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    boolean anyLine = false;
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
        return false;
      }
      anyLine = true;
    }
    return anyLine;
  }
}

package io.github.imdsdetect.rules;

import io.github.imdsdetect.core.RuleSet;
import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Loads a rules file: a small line-oriented text, in the style of INI and TOML, that changes a
 * {@link RuleSet}. A file can disable rules, change their severity, remove built-in exclusions,
 * add {@code contains}, {@code like} and {@code regex} indicators, and add allow-list entries that
 * excuse a program by its executable path or process name. {@code docs/rules-file.md} describes
 * the format.
 *
 * <p>A rules file is data. Nothing in it is run, each regex is an RE2 expression that re2j
 * matches in linear time, and size limits bound the rest: 1 MiB per file, 8 KiB per line, 1,000
 * indicators and 1,000 allow-list entries. Loading stops at the first error.
 */
public final class RulesFile {
  private RulesFile() {}

  /**
   * The rule set that a rules file produced, and its warnings.
   *
   * @param ruleSet the changed rule set, named {@code BASE+SOURCE}
   * @param warnings messages of the form {@code FILE:LINE: message} about parts of the file that
   *     had no effect, such as an expired allow-list entry, ordered by line
   */
  public record Result(RuleSet ruleSet, List<String> warnings) {
    /**
     * Creates a result with an immutable copy of the warnings.
     *
     * @param ruleSet the changed rule set
     * @param warnings the warning messages, ordered by line
     * @throws NullPointerException if {@code ruleSet}, {@code warnings} or a warning is null
     */
    public Result {
      Objects.requireNonNull(ruleSet, "ruleSet");
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Parses the text of a rules file and applies it to {@code base}, returning a new rule set
   * named {@code base.name() + "+" + sourceName}. An allow-list entry whose {@code until} date is
   * before {@code today} is validated but not applied, and a warning names it.
   *
   * @param base the rule set that the file changes
   * @param text the whole text of the rules file
   * @param sourceName the name that error messages and the new set's name use, usually the path
   * @param today the date that allow-list {@code until} dates are compared with
   * @return the new rule set and the warnings
   * @throws NullPointerException if an argument is null
   * @throws RulesFileException if the text is not a valid rules file for {@code base}; the
   *     message names the source, line and key
   */
  public static Result apply(RuleSet base, String text, String sourceName, LocalDate today)
      throws RulesFileException {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(today, "today");
    Diagnostics diagnostics = new Diagnostics(sourceName);
    long bytes = Limits.utf8Length(text);
    if (bytes > Limits.MAX_FILE_BYTES) {
      throw tooLarge(diagnostics);
    }
    return applyText(base, text, today, diagnostics);
  }

  /**
   * Reads a rules file from {@code reader} and applies it as {@link #apply(RuleSet, String,
   * String, LocalDate)} does. Reading stops as soon as the text exceeds the size limit. The
   * caller opens the reader with the UTF-8 charset and closes it.
   *
   * @param base the rule set that the file changes
   * @param reader the text of the rules file, read to its end unless it exceeds the size limit
   * @param sourceName the name that error messages and the new set's name use, usually the path
   * @param today the date that allow-list {@code until} dates are compared with
   * @return the new rule set and the warnings
   * @throws NullPointerException if an argument is null
   * @throws IOException if reading fails
   * @throws RulesFileException if the text is not a valid rules file for {@code base}
   */
  public static Result apply(RuleSet base, Reader reader, String sourceName, LocalDate today)
      throws IOException, RulesFileException {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(today, "today");
    Diagnostics diagnostics = new Diagnostics(sourceName);
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    long bytes = 0;
    int read;
    while ((read = reader.read(buffer)) >= 0) {
      for (int i = 0; i < read; i++) {
        bytes += Limits.utf8Length(buffer[i]);
      }
      if (bytes > Limits.MAX_FILE_BYTES) {
        throw tooLarge(diagnostics);
      }
      text.append(buffer, 0, read);
    }
    return applyText(base, text.toString(), today, diagnostics);
  }

  private static RulesFileException tooLarge(Diagnostics diagnostics) {
    return diagnostics.error(0, null,
        "the file is larger than the limit of " + Limits.MAX_FILE_BYTES + " bytes (1 MiB);"
            + " split it or remove entries that are no longer needed");
  }

  private static Result applyText(
      RuleSet base, String text, LocalDate today, Diagnostics diagnostics)
      throws RulesFileException {
    SectionParser parser = new SectionParser(text, diagnostics);
    SectionReader reader = new SectionReader(base, diagnostics, today);
    for (Section section = parser.next(); section != null; section = parser.next()) {
      reader.read(section);
    }
    Plan plan = reader.finish();
    String name = base.name() + "+" + diagnostics.source();
    String description = base.description() + ", changed by " + diagnostics.source();
    return new Result(plan.applyTo(base, name, description), diagnostics.warnings());
  }
}

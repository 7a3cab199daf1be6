package io.github.imdsdetect.cli;

import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.rules.RulesFile;
import io.github.imdsdetect.rules.RulesFileException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;

/** Builds the rule set of a run: a built-in profile, changed by a rules file if one is given. */
final class RuleSetLoader {
  private RuleSetLoader() {}

  /** A rules file that cannot be read or is invalid. */
  static final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    LoadException(String message) {
      super(message);
    }
  }

  /**
   * Returns {@code profile}, changed by {@code rulesFile} when it is not null. Warnings, such as
   * allow-list entries past their date, go to {@code diagnostics}. Today's date decides which
   * entries have expired.
   *
   * @throws LoadException naming the file, line and key when the file is unreadable or invalid
   */
  static RuleSet load(String profile, String rulesFile, Diagnostics diagnostics)
      throws LoadException {
    RuleSet base = RuleSet.named(profile);
    if (rulesFile == null) {
      return base;
    }
    try (Reader reader = Files.newBufferedReader(Path.of(rulesFile), StandardCharsets.UTF_8)) {
      RulesFile.Result result = RulesFile.apply(base, reader, rulesFile, LocalDate.now());
      for (String warning : result.warnings()) {
        diagnostics.message("warning: " + VisibleText.escape(warning));
      }
      return result.ruleSet();
    } catch (RulesFileException e) {
      throw new LoadException("invalid rules file: " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw new LoadException("cannot read rules file " + rulesFile + ": file not found");
    } catch (IOException | InvalidPathException e) {
      throw new LoadException("cannot read rules file " + rulesFile + ": " + e.getMessage());
    }
  }
}

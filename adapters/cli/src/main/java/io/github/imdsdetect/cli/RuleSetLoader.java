package io.github.imdsdetect.cli;

import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.rules.RulesFile;
import io.github.imdsdetect.rules.RulesFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
    Path path;
    try {
      path = Path.of(rulesFile);
    } catch (InvalidPathException e) {
      throw new LoadException("cannot read rules file " + rulesFile
          + ": invalid path: " + e.getReason());
    }
    if (Files.isDirectory(path)) {
      throw new LoadException(
          "cannot read rules file " + rulesFile + ": is a directory");
    }
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      RulesFile.Result result = RulesFile.apply(base, reader, rulesFile, LocalDate.now());
      for (String warning : result.warnings()) {
        diagnostics.message("warning: " + VisibleText.escape(warning));
      }
      return result.ruleSet();
    } catch (RulesFileException e) {
      throw new LoadException("invalid rules file: " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw new LoadException(
          "cannot read rules file " + rulesFile + ": file not found");
    } catch (CharacterCodingException e) {
      throw new LoadException("cannot read rules file " + rulesFile
          + ": invalid UTF-8" + invalidUtf8Location(path) + "; save the file as UTF-8");
    } catch (IOException e) {
      throw new LoadException(
          "cannot read rules file " + rulesFile + ": " + IoMessages.reason(e));
    }
  }

  /**
   * Returns {@code " on line N"} for the first line of {@code path} that is not valid UTF-8, or
   * an empty string when the file cannot be read again or decodes cleanly this time. The reader
   * that failed buffers ahead, so its position does not tell the line.
   */
  private static String invalidUtf8Location(Path path) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(8192);
    CharBuffer chars = CharBuffer.allocate(8192);
    long line = 1;
    try (InputStream in = Files.newInputStream(path)) {
      boolean end = false;
      while (!end) {
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        end = read < 0;
        if (read > 0) {
          bytes.position(bytes.position() + read);
        }
        bytes.flip();
        CoderResult result;
        do {
          result = decoder.decode(bytes, chars, end);
          chars.flip();
          while (chars.hasRemaining()) {
            if (chars.get() == '\n') {
              line++;
            }
          }
          chars.clear();
          if (result.isError()) {
            return " on line " + line;
          }
        } while (result.isOverflow());
        bytes.compact();
      }
    } catch (IOException e) {
      return "";
    }
    return "";
  }
}

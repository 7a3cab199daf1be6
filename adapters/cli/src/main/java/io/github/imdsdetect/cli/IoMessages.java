package io.github.imdsdetect.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Turns an {@link IOException} into the reason part of a message, in the lower-case words the
 * scanner uses for every file it reads or writes. The caller names the file.
 */
final class IoMessages {
  private IoMessages() {}

  /**
   * Returns why {@code e} happened, not yet escaped for display. A {@link FileSystemException}
   * gives the operating system's reason (such as {@code Is a directory}), or a reason from its
   * type for the subclasses that carry none. Any other exception gives its message, or its type
   * when it has none.
   */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file of that name already exists";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    }
    if (e instanceof FileSystemException) {
      String reason = ((FileSystemException) e).getReason();
      return reason == null
          ? "file system error (" + e.getClass().getSimpleName() + ")"
          : lowerFirst(reason);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Lower-cases the first letter, because operating system messages start with a capital. */
  private static String lowerFirst(String text) {
    if (text.isEmpty()) {
      return text;
    }
    return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}

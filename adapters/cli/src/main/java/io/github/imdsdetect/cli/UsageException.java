package io.github.imdsdetect.cli;

/** An invalid command line; the message names the argument and is shown to the user as is. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}

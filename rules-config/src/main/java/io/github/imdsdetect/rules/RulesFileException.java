package io.github.imdsdetect.rules;

/**
 * An invalid rules file. The message has the form {@code FILE:LINE: key 'KEY': REASON}. The
 * {@code key '...': } part is left out when the error is not about one key, and the line is left
 * out when the error concerns the whole file, such as its size.
 */
public final class RulesFileException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Source name that the caller passed, usually the file's path. */
  private final String source;

  /** 1-based line of the error, or 0 when the error concerns the whole file. */
  private final int line;

  /** Key the error is about, or null when it is not about one key. */
  private final String key;

  /** Description of the problem and its fix, without the file, line and key. */
  private final String reason;

  RulesFileException(String source, int line, String key, String reason) {
    super(format(source, line, key, reason));
    this.source = source;
    this.line = line;
    this.key = key;
    this.reason = reason;
  }

  private static String format(String source, int line, String key, String reason) {
    StringBuilder message = new StringBuilder(source);
    if (line > 0) {
      message.append(':').append(line);
    }
    message.append(": ");
    if (key != null) {
      message.append("key '").append(key).append("': ");
    }
    return message.append(reason).toString();
  }

  /**
   * Returns the source name that the caller passed, usually the file's path.
   *
   * @return the source name
   */
  public String source() {
    return source;
  }

  /**
   * Returns the line of the error.
   *
   * @return the 1-based line, or 0 when the error concerns the whole file
   */
  public int line() {
    return line;
  }

  /**
   * Returns the key the error is about.
   *
   * @return the key, or null when the error is not about one key
   */
  public String key() {
    return key;
  }

  /**
   * Returns what is wrong and how to fix it, without the file, line and key.
   *
   * @return the reason part of the message
   */
  public String reason() {
    return reason;
  }
}

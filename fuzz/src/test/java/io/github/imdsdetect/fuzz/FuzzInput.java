package io.github.imdsdetect.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One generated input: its bytes and how they were made, such as the sample file and the
 * mutations applied. {@link #toString} shows both in bounded length, because QuickTheories
 * prints falsifying values with it.
 */
record FuzzInput(String description, byte[] bytes) {

  /** Returns the SHA-1 of the bytes in hex, which names the input's file in failure reports. */
  String sha1() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-1", e);
    }
  }

  /**
   * Writes the bytes to {@code <imdsdetect.failures>/<format>/<sha1>.bin}, where the system
   * property defaults to {@code target/fuzz-failures}, and returns that path. A failing input
   * saved there can be copied into the regression inputs.
   */
  Path save(String format) {
    Path directory =
        Path.of(System.getProperty("imdsdetect.failures", "target/fuzz-failures"), format);
    try {
      Files.createDirectories(directory);
      return Files.write(directory.resolve(sha1() + ".bin"), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to save a failing input under " + directory, e);
    }
  }

  @Override
  public String toString() {
    return description + ", " + bytes.length + " bytes: \"" + Previews.bytes(bytes, 160) + "\"";
  }
}

package io.github.imdsdetect.cli;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One FILE argument opened for reading: a file, or standard input for {@code -}. Gzip input is
 * recognised by its magic bytes (1f 8b) and decompressed while it is read, whatever the file
 * name.
 */
final class ScanInput implements Closeable {
  static final String STANDARD_INPUT = "-";

  private static final int BUFFER_BYTES = 1 << 16;
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private final InputStream stream;
  private final boolean gzip;

  private ScanInput(InputStream stream, boolean gzip) {
    this.stream = stream;
    this.gzip = gzip;
  }

  /**
   * Opens a FILE argument.
   *
   * @param name a path, or {@code -} for {@code stdin}
   * @param stdin the stream that {@code -} reads; closing the input leaves it open
   * @throws IOException if the file cannot be opened, is a directory, or starts like gzip but
   *     has an invalid gzip header
   */
  static ScanInput open(String name, InputStream stdin) throws IOException {
    InputStream raw;
    if (name.equals(STANDARD_INPUT)) {
      raw = new FilterInputStream(stdin) {
        @Override
        public void close() {
          // Standard input belongs to the caller.
        }
      };
    } else {
      Path path = Path.of(name);
      if (Files.isDirectory(path)) {
        throw new IOException("is a directory");
      }
      raw = Files.newInputStream(path);
    }
    try {
      PushbackInputStream pushback =
          new PushbackInputStream(new BufferedInputStream(raw, BUFFER_BYTES), 2);
      byte[] magic = pushback.readNBytes(2);
      pushback.unread(magic);
      boolean gzip = magic.length == 2
          && (magic[0] & 0xff) == GZIP_MAGIC_1
          && (magic[1] & 0xff) == GZIP_MAGIC_2;
      InputStream stream = gzip ? openGzip(pushback) : pushback;
      return new ScanInput(stream, gzip);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Reads the gzip header. {@link GZIPInputStream} reports a header cut short as a bare {@link
   * EOFException} and a bad one as a terse {@link ZipException}, so both are reworded here.
   */
  private static InputStream openGzip(InputStream in) throws IOException {
    try {
      return new GZIPInputStream(in, BUFFER_BYTES);
    } catch (EOFException e) {
      throw new IOException(
          "invalid gzip data: the input starts with the gzip magic bytes, but its gzip header"
              + " ends early, so it is truncated or not gzip", e);
    } catch (ZipException e) {
      throw new IOException("invalid gzip header: "
          + (e.getMessage() == null ? "no detail given" : e.getMessage()), e);
    }
  }

  /** Returns the decompressed bytes of the input. */
  InputStream stream() {
    return stream;
  }

  /** Returns whether the input is gzip-compressed. */
  boolean gzip() {
    return gzip;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}

package io.github.imdsdetect.flink;

import io.github.imdsdetect.adapter.BoundedLineReader;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * A {@code FileSource} format that reads a text file as one {@link SourceLine} per non-blank
 * line, numbered from 1, for {@link ImdsDetectFunction#forSourceLines}. Lines end at {@code \n},
 * a {@code \r} before it is dropped, and the text is decoded as UTF-8 with invalid bytes
 * replaced by U+FFFD.
 *
 * <p>Files are not split, so the line numbers are those of the file. A line longer than
 * {@code maxLineBytes} is cut to {@code maxLineBytes + 1} bytes, which keeps memory bounded and
 * still lets the detector operator reject it as too long.
 */
public final class SourceLineFormat extends SimpleStreamFormat<SourceLine> {
  private static final long serialVersionUID = 1L;

  /** Source name that every line carries. */
  private final String sourceName;

  /** Maximum length, in bytes, of a line that is kept whole. */
  private final int maxLineBytes;

  /**
   * Creates a format.
   *
   * @param sourceName the source name every line carries, such as the file path
   * @param maxLineBytes the longest line, in bytes, that is kept whole; use the same value as the
   *     operator's {@code ParseLimits.maxLineBytes()}
   * @throws IllegalArgumentException if {@code maxLineBytes} is below 1 or is
   *     {@code Integer.MAX_VALUE}
   */
  public SourceLineFormat(String sourceName, int maxLineBytes) {
    if (maxLineBytes < 1 || maxLineBytes == Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxLineBytes must be between 1 and " + (Integer.MAX_VALUE - 1) + ", was "
              + maxLineBytes);
    }
    this.sourceName = sourceName;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public StreamFormat.Reader<SourceLine> createReader(
      Configuration config, FSDataInputStream stream) {
    BoundedLineReader lines = new BoundedLineReader(stream, maxLineBytes + 1);
    return new StreamFormat.Reader<>() {
      @Override
      public SourceLine read() throws IOException {
        while (lines.next()) {
          String text = lines.line();
          if (!text.isBlank()) {
            return new SourceLine(sourceName, lines.lineNumber(), text);
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        stream.close();
      }
    };
  }

  @Override
  public TypeInformation<SourceLine> getProducedType() {
    return TypeInformation.of(SourceLine.class);
  }
}

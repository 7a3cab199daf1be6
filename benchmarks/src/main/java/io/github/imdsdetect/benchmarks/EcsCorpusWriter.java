package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.benchmarks.CorpusGenerator.EventType;
import io.github.imdsdetect.core.Event;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a large ECS JSON-lines file of process starts for throughput tests, and the needle list
 * for {@code rg -F -f}. Used by {@code scripts/compare-ripgrep.sh}.
 *
 * <p>Generating and checking every event with the detector would take minutes per GiB, so the
 * file cycles through a pool of {@value #POOL_SIZE} generated command-line events, 1% of which
 * carry a metadata indicator. Each line gets its own timestamp and process id. The output is the
 * same for the same arguments.
 */
public final class EcsCorpusWriter {

  /** Number of distinct events that the file cycles through. */
  static final int POOL_SIZE = 8_192;

  private static final double INDICATOR_SHARE = 0.01;

  private EcsCorpusWriter() {}

  /**
   * Writes the corpus. Arguments: the output file, its minimum size in bytes, and the file for
   * the needle list. Prints the number of lines and of lines with an indicator.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: EcsCorpusWriter OUTPUT_FILE MIN_SIZE_BYTES NEEDLES_FILE");
      System.exit(2);
    }
    Path output = Path.of(args[0]);
    long minSize;
    try {
      minSize = Long.parseLong(args[1]);
    } catch (NumberFormatException e) {
      System.err.println("invalid size '" + args[1] + "': expected a number of bytes");
      System.exit(2);
      return;
    }
    Path needlesFile = Path.of(args[2]);
    Files.write(needlesFile, Needles.defaultProfile(), StandardCharsets.UTF_8);
    long[] counts = write(output, minSize);
    System.out.println("wrote " + counts[0] + " lines, " + counts[1] + " with an indicator, "
        + Files.size(output) + " bytes to " + output);
  }

  /**
   * Writes lines until the file has at least {@code minSize} bytes.
   *
   * @return the number of lines and the number of lines with an indicator
   */
  static long[] write(Path output, long minSize) throws IOException {
    CorpusGenerator generator = new CorpusGenerator(CorpusGenerator.DEFAULT_SEED);
    List<Event> pool = generator.events(EventType.COMMAND_LINE, POOL_SIZE, INDICATOR_SHARE);
    boolean[] detected = new boolean[POOL_SIZE];
    for (int i = 0; i < POOL_SIZE; i++) {
      detected[i] = CorpusGenerator.isDetected(pool.get(i));
    }
    long lines = 0;
    long indicatorLines = 0;
    long written = 0;
    StringBuilder line = new StringBuilder(4096);
    try (OutputStream stream = Files.newOutputStream(output);
        BufferedWriter writer = new BufferedWriter(
            new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
      while (written < minSize) {
        int index = (int) (lines % POOL_SIZE);
        line.setLength(0);
        AdapterInputs.appendEcs(line, pool.get(index), (int) (lines % Integer.MAX_VALUE));
        writer.append(line);
        // The events are ASCII, so chars equal bytes.
        written += line.length();
        lines++;
        if (detected[index]) {
          indicatorLines++;
        }
      }
    }
    return new long[] {lines, indicatorLines};
  }
}

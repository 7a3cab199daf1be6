package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, decompressing and recognising FILE arguments. */
class ScanInputTest {
  private static final String CURL_EVENT =
      "process_executable=/usr/bin/curl\tcommand_line=curl http://169.254.169.254/latest/\n";
  private static final String EVENTS = TestEventsParser.HEADER + "\n" + CURL_EVENT;

  @TempDir Path dir;

  @Test
  void missingFileExitsTwo() {
    String missing = dir.resolve("no-such.log").toString();

    CliRun run = CliRun.run("scan", missing);

    assertEquals(2, run.exitCode(), run.describe());
    assertTrue(run.err().contains("cannot read " + missing + ": file not found"), run.describe());
    assertTrue(run.err().contains("files scanned: 0 of 1"), run.describe());
    assertEquals("", run.out());
  }

  @Test
  void missingFileDoesNotStopOthers() throws IOException {
    Path good = write("good.txt", EVENTS);

    CliRun run = CliRun.run("scan", dir.resolve("no-such.log").toString(), good.toString());

    assertEquals(2, run.exitCode(), run.describe());
    assertEquals(1, run.outLines().size(), run.describe());
    assertTrue(run.err().contains("files scanned: 1 of 2"), run.describe());
  }

  @Test
  void directoryExitsTwo() {
    CliRun run = CliRun.run("scan", dir.toString());

    assertEquals(2, run.exitCode(), run.describe());
    assertTrue(run.err().contains("cannot read " + dir + ": is a directory"), run.describe());
  }

  @Test
  void emptyFileIsScannedCleanly() throws IOException {
    Path empty = write("empty.log", "");

    CliRun run = CliRun.run("scan", empty.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.err().contains(empty + ": empty, nothing to scan"), run.describe());
    assertTrue(run.err().contains("files scanned: 1 of 1"), run.describe());
    assertTrue(run.err().contains("lines read: 0"), run.describe());
    assertEquals("", run.out());
  }

  @Test
  void emptyFileWithFormatIsScannedCleanly() throws IOException {
    Path empty = write("empty.log", "");

    CliRun run = CliRun.run("scan", "--format", TestEventsParser.FORMAT, empty.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.err().contains("0 lines, 0 events"), run.describe());
  }

  @Test
  void binaryFileIsUnrecognised() throws IOException {
    byte[] noise = new byte[100_000];
    new Random(42).nextBytes(noise);
    noise[0] = 0x7f;
    Path binary = dir.resolve("noise.bin");
    Files.write(binary, noise);

    CliRun run = CliRun.run("scan", binary.toString());

    assertEquals(2, run.exitCode(), run.describe());
    assertTrue(
        run.err().contains("cannot recognise the format of " + binary + "; use --format with one of "),
        run.describe());
    assertTrue(run.err().contains(TestEventsParser.FORMAT), run.describe());
    assertTrue(run.err().contains("files scanned: 0 of 1"), run.describe());
    assertEquals("", run.out());
  }

  @Test
  void binaryFileWithFormatIsSkipped() throws IOException {
    byte[] noise = new byte[10_000];
    new Random(7).nextBytes(noise);
    for (int i = 0; i < noise.length; i++) {
      if (noise[i] == '!' || noise[i] == '=') {
        noise[i] = 0;
      }
    }
    Path binary = dir.resolve("noise.bin");
    Files.write(binary, noise);

    CliRun run = CliRun.run("scan", "--format", TestEventsParser.FORMAT, binary.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertEquals("", run.out());
    assertTrue(run.err().contains("files scanned: 1 of 1"), run.describe());
    assertTrue(run.err().contains("events: 0\n"), run.describe());
    assertTrue(run.err().contains(": skipped: no '=' in "), run.describe());
    assertFalse(run.err().contains("\tat "), run.describe());
    for (String line : run.errLines()) {
      assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)),
          "raw control char in: " + line);
    }
  }

  @Test
  void gzipFileIsDecompressed() throws IOException {
    Path gzip = dir.resolve("events.log.gz");
    Files.write(gzip, gzip(EVENTS.getBytes(StandardCharsets.UTF_8)));

    CliRun run = CliRun.run("scan", gzip.toString());

    assertEquals(1, run.exitCode(), run.describe());
    assertEquals(1, run.outLines().size(), run.describe());
    assertTrue(run.out().contains("\"rule_id\":\"imds.cmdline.endpoint\""), run.describe());
    assertTrue(run.err().contains("read as test-events (detected, score 100)"), run.describe());
  }

  @Test
  void gzipIsRecognisedWithoutSuffix() throws IOException {
    Path gzip = dir.resolve("events.txt");
    Files.write(gzip, gzip(EVENTS.getBytes(StandardCharsets.UTF_8)));

    CliRun run = CliRun.run("scan", "--format", TestEventsParser.FORMAT, gzip.toString());

    assertEquals(1, run.exitCode(), run.describe());
    assertEquals(1, run.outLines().size(), run.describe());
  }

  @Test
  void truncatedGzipExitsTwo() throws IOException {
    StringBuilder many = new StringBuilder(TestEventsParser.HEADER + "\n");
    for (int i = 0; i < 20_000; i++) {
      many.append(CURL_EVENT);
    }
    byte[] compressed = gzip(many.toString().getBytes(StandardCharsets.UTF_8));
    Path gzip = dir.resolve("cut.gz");
    Files.write(gzip, Arrays.copyOf(compressed, compressed.length / 2));

    CliRun run = CliRun.run("scan", gzip.toString());

    assertEquals(2, run.exitCode(), run.describe());
    assertTrue(run.err().contains("cannot read " + gzip + " after line "), run.describe());
    assertTrue(run.err().contains("the gzip data ends early"), run.describe());
    assertFalse(run.err().contains("\tat "), run.describe());
    assertFalse(run.outLines().isEmpty(), "findings before the cut are kept");
  }

  @Test
  void standardInputIsRead() {
    CliRun run = CliRun.runWithInput(EVENTS.getBytes(StandardCharsets.UTF_8), "scan", "-");

    assertEquals(1, run.exitCode(), run.describe());
    assertEquals(1, run.outLines().size(), run.describe());
    assertTrue(run.out().startsWith("{\"source\":\"-\",\"line\":2,"), run.describe());
  }

  @Test
  void gzipStandardInputIsRead() throws IOException {
    byte[] compressed = gzip(EVENTS.getBytes(StandardCharsets.UTF_8));

    CliRun run = CliRun.runWithInput(compressed, "scan", "-");

    assertEquals(1, run.exitCode(), run.describe());
    assertEquals(1, run.outLines().size(), run.describe());
  }

  @Test
  void detectionKeepsHeadBytes() throws IOException {
    // Over 64 KiB of events, so the parser must receive the buffered head and the rest.
    StringBuilder text = new StringBuilder(TestEventsParser.HEADER + "\n");
    int events = 2_000;
    for (int i = 0; i < events; i++) {
      text.append(CURL_EVENT);
    }
    assertTrue(text.length() > FormatDetector.HEAD_BYTES);
    Path file = write("many.txt", text.toString());

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    assertEquals(events, run.outLines().size());
    assertTrue(run.err().contains("lines read: " + (events + 1)), run.describe());
    assertTrue(run.err().contains("events: " + events + "\n"), run.describe());
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}

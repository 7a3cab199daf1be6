package io.github.imdsdetect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every adapter meets, run on its own sample files. An adapter's test class
 * extends this class and names its parser, a positive sample with the line and rule of one
 * expected finding, a benign real sample, and a malformed line. The tests here do the rest, so
 * adding an adapter needs only its parser, its mapping and its sample files.
 *
 * <p>Every parse in these tests must account for each line it reads: the counts passed to {@link
 * ParseSink#lines} add up to the lines read, and a line counted as an event, a skip or an ignore
 * comes with at least one report of that kind. Every report to {@link ParseSink#incomplete} must
 * have a reason and be followed at once by the event it describes.
 */
public abstract class EventParserContract {

  /**
   * Returns a new instance of the parser under test.
   *
   * @return the parser
   */
  protected abstract EventParser parser();

  /**
   * Returns a sample whose {@link #positiveLine()} yields a {@link #positiveRule()} finding.
   *
   * @return the path of the positive sample file
   */
  protected abstract Path positiveSample();

  /**
   * Returns the 1-based line of the expected finding in {@link #positiveSample()}.
   *
   * @return the line number
   */
  protected abstract long positiveLine();

  /**
   * Returns the rule id of the expected finding, under the {@code default} profile.
   *
   * @return the rule id
   */
  protected abstract String positiveRule();

  /**
   * Returns a real sample that yields no finding under the {@code default} profile.
   *
   * @return the path of the benign sample file
   */
  protected abstract Path benignSample();

  /**
   * Returns one line of this format that the parser must skip with a reason, such as a JSON
   * object cut in half, or null when the format has no line that is malformed on its own.
   *
   * @return the malformed line without a line end, or null
   */
  protected abstract String malformedLine();

  /**
   * Returns whether each record is one line, so that lines can be inserted between records
   * without breaking the file (false for XML or pretty-printed JSON documents). The huge-line
   * test also joins the benign and positive samples, so both must then be in the same shape.
   *
   * @return true unless a subclass overrides it
   */
  protected boolean lineOriented() {
    return true;
  }

  /**
   * Returns every sample file of this adapter's format, on which the line accounting is checked:
   * the files, other than {@code .md} files, under the folder of {@code samples/} that contains
   * {@link #positiveSample()}, such as {@code samples/auditd}.
   *
   * @return the sample files, sorted by path
   * @throws IOException if the folder cannot be listed
   */
  protected List<Path> samples() throws IOException {
    Path folder = positiveSample().toAbsolutePath().normalize();
    while (folder.getParent() != null && !folder.getParent().endsWith("samples")) {
      folder = folder.getParent();
    }
    assertTrue(folder.getParent() != null,
        positiveSample() + " is not under a samples folder; override samples()");
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().endsWith(".md"))
          .sorted()
          .toList();
    }
  }

  /**
   * Returns the sample placed before the huge line in the huge-line test. That is the benign
   * sample, unless it has another shape than the positive sample (a pretty-printed document
   * before JSON lines). Then a subclass returns a line-oriented file, such as the positive
   * sample.
   *
   * @return the path of the leading sample file
   */
  protected Path leadingSample() {
    return benignSample();
  }

  /** The events, findings and reports of one parse, as plain lists. */
  protected static final class Collected implements ParseSink {
    /** Findings of the default profile's detector for the delivered events, in order. */
    public final List<Finding> findings = new ArrayList<>();

    /** Origin line numbers of the delivered events. */
    public final List<Long> eventLines = new ArrayList<>();

    /** Line numbers passed to {@link #skipped}. */
    public final List<Long> skippedLines = new ArrayList<>();

    /** Reasons passed to {@link #skipped}, in the same order as {@link #skippedLines}. */
    public final List<String> skipReasons = new ArrayList<>();

    /** Line numbers passed to {@link #ignored}. */
    public final List<Long> ignoredLines = new ArrayList<>();

    /** Line numbers passed to {@link #truncated}. */
    public final List<Long> truncatedLines = new ArrayList<>();

    /** Kinds passed to {@link #ignored}, in the same order as {@link #ignoredLines}. */
    public final List<String> ignoredKinds = new ArrayList<>();

    /** Line numbers passed to {@link #incomplete}. */
    public final List<Long> incompleteLines = new ArrayList<>();

    /**
     * Line of the last {@link #incomplete} report whose event has not been delivered yet, or -1.
     */
    private long pendingIncompleteLine = -1;

    /** The number of lines passed to {@link #lines} for each use. */
    public final Map<LineUse, Long> lineUses = new EnumMap<>(LineUse.class);

    /** Physical line count that the parser returned, set by {@link EventParserContract#parse}. */
    public long linesRead;
    private final Detector detector = Detector.create(RuleSet.defaults());

    @Override
    public void event(Event event) {
      if (pendingIncompleteLine >= 0) {
        assertEquals(pendingIncompleteLine, event.origin().line(),
            "the event after incomplete(" + pendingIncompleteLine + ", ...) starts elsewhere");
        pendingIncompleteLine = -1;
      }
      eventLines.add(event.origin().line());
      findings.addAll(detector.detect(event));
    }

    @Override
    public void incomplete(long line, String reason) {
      assertNotPendingIncomplete("incomplete(" + line + ", ...)");
      assertNotNull(reason, "incomplete(" + line + ", null) was called");
      assertFalse(reason.isBlank(), "incomplete(" + line + ", ...) was called with a blank reason");
      incompleteLines.add(line);
      pendingIncompleteLine = line;
    }

    private void assertNotPendingIncomplete(String call) {
      assertTrue(pendingIncompleteLine < 0, call + " was called after incomplete("
          + pendingIncompleteLine + ", ...) and before the event it describes");
    }

    @Override
    public void skipped(long line, String reason) {
      assertNotPendingIncomplete("skipped(" + line + ", ...)");
      skippedLines.add(line);
      skipReasons.add(reason);
    }

    @Override
    public void ignored(long line, String kind) {
      assertNotPendingIncomplete("ignored(" + line + ", ...)");
      ignoredLines.add(line);
      ignoredKinds.add(kind);
    }

    @Override
    public void truncated(long line, String what, long originalLength) {
      assertNotPendingIncomplete("truncated(" + line + ", ...)");
      truncatedLines.add(line);
    }

    @Override
    public void lines(LineUse use, long count) {
      assertNotPendingIncomplete("lines(" + use + ", " + count + ")");
      assertTrue(use != null, "lines(null, " + count + ") was called");
      assertTrue(count >= 0, "lines(" + use + ", " + count + ") was called");
      lineUses.merge(use, count, Long::sum);
    }

    /**
     * Returns the number of lines reported with {@code use}.
     *
     * @param use the line use
     * @return the sum of the counts passed to {@link #lines} with {@code use}
     */
    public long lines(LineUse use) {
      return lineUses.getOrDefault(use, 0L);
    }

    /**
     * Returns every line number the parser reported.
     *
     * @return a new list of event, skipped, ignored, truncated and incomplete line numbers, in
     *     that order
     */
    public List<Long> allLines() {
      List<Long> all = new ArrayList<>(eventLines);
      all.addAll(skippedLines);
      all.addAll(ignoredLines);
      all.addAll(truncatedLines);
      all.addAll(incompleteLines);
      return all;
    }
  }

  /**
   * Parses {@code bytes} with the given limits and the default profile's detector.
   *
   * @param bytes the input
   * @param limits the caps passed to the parser
   * @return what the parse delivered, with {@link Collected#linesRead} set
   * @throws IOException if the parser reports a read failure
   */
  protected Collected parse(byte[] bytes, ParseLimits limits) throws IOException {
    Collected collected = new Collected();
    collected.linesRead =
        parser().parse(new ByteArrayInputStream(bytes), "contract", limits, collected);
    return collected;
  }

  private static void assertLinesInRange(Collected collected) {
    for (long line : collected.allLines()) {
      assertTrue(line >= 1, "line " + line + " is below 1");
      assertTrue(line <= Math.max(1, collected.linesRead),
          "line " + line + " is past the last line " + collected.linesRead);
    }
    assertLinesAccounted(collected, "the input");
  }

  /**
   * Checks that the line uses add up to the lines read, that the lines counted as events, skips
   * and ignores come with reports of that kind, and that no incomplete report lacks its event.
   *
   * @param collected what one parse delivered
   * @param input names the input in failure messages
   */
  protected static void assertLinesAccounted(Collected collected, String input) {
    long accounted = 0;
    for (long count : collected.lineUses.values()) {
      accounted += count;
    }
    assertEquals(collected.linesRead, accounted,
        "line uses " + collected.lineUses + " of " + input + " do not add up to the lines read");
    assertTrue(collected.lines(LineUse.EVENT) == 0 || !collected.eventLines.isEmpty(),
        input + " has " + collected.lines(LineUse.EVENT) + " event lines but no event");
    assertTrue(collected.lines(LineUse.SKIPPED) == 0 || !collected.skippedLines.isEmpty(),
        input + " has " + collected.lines(LineUse.SKIPPED) + " skipped lines but no skip");
    assertTrue(collected.lines(LineUse.IGNORED) == 0 || !collected.ignoredLines.isEmpty(),
        input + " has " + collected.lines(LineUse.IGNORED) + " ignored lines but no ignore");
    assertTrue(collected.pendingIncompleteLine < 0, input + " reported incomplete("
        + collected.pendingIncompleteLine + ", ...) but no event after it");
    assertFalse(collected.ignoredKinds.contains(CountingSink.UNREPORTED_KIND),
        input + " has a record that the parser reported nothing for, on one of the lines "
            + collected.ignoredLines);
  }

  @TestFactory
  Stream<DynamicTest> everySampleAccountsForEveryLine() throws IOException {
    List<Path> samples = samples();
    assertFalse(samples.isEmpty(), "no sample files found");
    return samples.stream().map(sample -> DynamicTest.dynamicTest(sample.getFileName().toString(),
        () -> {
          Collected collected = parse(readSample(sample), ParseLimits.DEFAULTS);
          assertLinesAccounted(collected, sample.toString());
          assertEquals(countLines(readSample(sample)), collected.linesRead,
              "lines read from " + sample);
        }));
  }

  private static byte[] readSample(Path sample) {
    try {
      return Files.readAllBytes(sample);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + sample, e);
    }
  }

  @Test
  void positiveSampleYieldsExpectedFindingOnItsLine() throws IOException {
    Collected collected = parse(Files.readAllBytes(positiveSample()), ParseLimits.DEFAULTS);
    boolean found = collected.findings.stream().anyMatch(
        f -> f.ruleId().equals(positiveRule()) && f.origin().line() == positiveLine());
    assertTrue(found, "expected " + positiveRule() + " on line " + positiveLine() + ", got "
        + collected.findings);
    assertLinesInRange(collected);
  }

  @Test
  void benignSampleYieldsNoFinding() throws IOException {
    Collected collected = parse(Files.readAllBytes(benignSample()), ParseLimits.DEFAULTS);
    assertEquals(List.of(), collected.findings);
    assertFalse(collected.eventLines.isEmpty(), "the benign sample should still yield events");
    assertLinesInRange(collected);
  }

  @Test
  void malformedLineIsSkippedWithItsLineAndReason() throws IOException {
    String malformed = malformedLine();
    if (malformed == null || !lineOriented()) {
      return;
    }
    String sample = Files.readString(positiveSample(), StandardCharsets.UTF_8);
    byte[] input = (malformed + "\n" + sample).getBytes(StandardCharsets.UTF_8);
    Collected collected = parse(input, ParseLimits.DEFAULTS);
    assertLinesAccounted(collected, "the positive sample after a malformed line");
    assertTrue(collected.skippedLines.contains(1L),
        "line 1 should be skipped, skipped: " + collected.skippedLines);
    assertFalse(collected.skipReasons.get(collected.skippedLines.indexOf(1L)).isBlank());
    boolean found = collected.findings.stream().anyMatch(
        f -> f.ruleId().equals(positiveRule()) && f.origin().line() == positiveLine() + 1);
    assertTrue(found, "the finding should move to line " + (positiveLine() + 1));
  }

  @Test
  void hugeLineIsCutAndLaterLinesStillParsed() throws IOException {
    if (!lineOriented()) {
      return;
    }
    // Benign lines first, so that format detection reads real records, then the huge line, then
    // the positive sample, whose finding must arrive on its shifted line.
    byte[] benign = Files.readAllBytes(leadingSample());
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write(benign);
    if (benign.length > 0 && benign[benign.length - 1] != '\n') {
      input.write('\n');
    }
    byte[] filler = new byte[4 << 20];
    java.util.Arrays.fill(filler, (byte) 'x');
    input.write(filler);
    input.write('\n');
    input.write(Files.readAllBytes(positiveSample()));
    long hugeLine = countLines(benign) + 1;
    long shiftedLine = hugeLine + positiveLine();
    Collected collected = parse(input.toByteArray(), new ParseLimits(64 << 10, 4096, 64, 512));
    assertLinesAccounted(collected, "the samples around a huge line");
    assertTrue(collected.truncatedLines.contains(hugeLine)
            || collected.skippedLines.contains(hugeLine),
        "line " + hugeLine + " should be reported as cut or skipped");
    boolean found = collected.findings.stream().anyMatch(
        f -> f.ruleId().equals(positiveRule()) && f.origin().line() == shiftedLine);
    assertTrue(found, "expected " + positiveRule() + " on line " + shiftedLine + ", got "
        + collected.findings);
  }

  private static long countLines(byte[] bytes) {
    long lines = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        lines++;
      }
    }
    return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? lines + 1 : lines;
  }

  @Test
  void emptyInputYieldsNothing() throws IOException {
    Collected collected = parse(new byte[0], ParseLimits.DEFAULTS);
    assertEquals(0, collected.linesRead);
    assertEquals(List.of(), collected.allLines());
    assertEquals(Map.of(), collected.lineUses);
  }

  @Test
  void randomBytesNeverThrowAndStayInRange() throws IOException {
    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      byte[] bytes = new byte[random.nextInt(4096)];
      random.nextBytes(bytes);
      assertLinesInRange(parse(bytes, new ParseLimits(1024, 256, 8, 64)));
    }
  }

  @Test
  void cutSampleNeverThrows() throws IOException {
    byte[] sample = Files.readAllBytes(positiveSample());
    for (int cut = 0; cut < sample.length; cut += Math.max(1, sample.length / 40)) {
      assertLinesInRange(parse(java.util.Arrays.copyOf(sample, cut), ParseLimits.DEFAULTS));
    }
  }

  @Test
  void fieldsRespectFieldCap() throws IOException {
    Collected collected = new Collected();
    int cap = 32;
    List<Integer> lengths = new ArrayList<>();
    parser().parse(new ByteArrayInputStream(Files.readAllBytes(positiveSample())), "contract",
        new ParseLimits(1 << 20, cap, 64, 512), new ParseSink() {
          @Override
          public void event(Event event) {
            for (io.github.imdsdetect.core.Field field : io.github.imdsdetect.core.Field.values()) {
              CharSequence value = event.get(field);
              if (value != null) {
                lengths.add(value.length());
              }
            }
          }

          @Override
          public void skipped(long line, String reason) {}
        });
    for (int length : lengths) {
      // A field built from two capped parts (a URL from host and path) may reach twice the cap.
      assertTrue(length <= 2 * cap + 16, "field of " + length + " chars exceeds cap " + cap);
    }
  }

  @Test
  void parserIsRegisteredForServiceLoader() {
    boolean registered = false;
    for (EventParser loaded : ServiceLoader.load(EventParser.class)) {
      registered |= loaded.getClass() == parser().getClass();
    }
    assertTrue(registered, parser().getClass() + " is not in META-INF/services");
  }

  /**
   * Returns an input stream over {@code text} in UTF-8, for subclasses' own tests.
   *
   * @param text the content
   * @return a new in-memory stream
   */
  protected static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}

package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatDetectorTest {

  /** A parser that gives every input the same score and reads nothing. */
  private record FixedScoreParser(String format, int score) implements EventParser {
    @Override
    public int sniff(String head) {
      return score;
    }

    @Override
    public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink) {
      return 0;
    }
  }

  private static InputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void highestScoreWins() throws IOException {
    EventParser low = new FixedScoreParser("low", 60);
    EventParser high = new FixedScoreParser("high", 90);

    FormatDetector.Detection detection = FormatDetector.detect(input("x"), List.of(low, high));

    assertSame(high, detection.parser());
    assertEquals(90, detection.score());
    assertNull(detection.problem());
  }

  @Test
  void scoreAtThresholdIsAccepted() throws IOException {
    EventParser parser = new FixedScoreParser("edge", FormatDetector.MIN_SCORE);

    FormatDetector.Detection detection = FormatDetector.detect(input("x"), List.of(parser));

    assertSame(parser, detection.parser());
  }

  @Test
  void scoreBelowThresholdIsRejected() throws IOException {
    EventParser parser = new FixedScoreParser("weak", FormatDetector.MIN_SCORE - 1);

    FormatDetector.Detection detection = FormatDetector.detect(input("x"), List.of(parser));

    assertNull(detection.parser());
    assertEquals(FormatDetector.MIN_SCORE - 1, detection.score());
    assertTrue(detection.problem().startsWith("No format adapter gives"), detection.problem());
  }

  @Test
  void tieIsRejected() throws IOException {
    List<EventParser> parsers = List.of(new FixedScoreParser("ecs", 95),
        new FixedScoreParser("sysmon", 95), new FixedScoreParser("auditd", 10));

    FormatDetector.Detection detection = FormatDetector.detect(input("x"), parsers);

    assertNull(detection.parser());
    assertEquals("It looks equally like ecs and sysmon, which both score 95.",
        detection.problem());
  }

  @Test
  void emptyInputIsReported() throws IOException {
    FormatDetector.Detection detection = FormatDetector.detect(
        input(""), List.of(new FixedScoreParser("any", 100)));

    assertTrue(detection.empty());
    assertNull(detection.parser());
    assertNull(detection.problem());
  }

  @Test
  void headIsReplayed() throws IOException {
    byte[] data = new byte[FormatDetector.HEAD_BYTES * 2 + 17];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + i % 26);
    }

    FormatDetector.Detection detection = FormatDetector.detect(
        new ByteArrayInputStream(data), List.of(new FixedScoreParser("any", 100)));

    assertArrayEquals(data, detection.input().readAllBytes());
  }

  @Test
  void sniffSeesHeadOnly() throws IOException {
    char[] text = new char[FormatDetector.HEAD_BYTES + 100];
    Arrays.fill(text, 'x');
    int[] seenLength = new int[1];
    EventParser lengthRecorder = new EventParser() {
      @Override
      public String format() {
        return "recorder";
      }

      @Override
      public int sniff(String head) {
        seenLength[0] = head.length();
        return 100;
      }

      @Override
      public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink) {
        return 0;
      }
    };

    FormatDetector.detect(input(new String(text)), List.of(lengthRecorder));

    assertEquals(FormatDetector.HEAD_BYTES, seenLength[0]);
  }
}

package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.EventParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Picks the parser for an input whose format the user did not name. Reads the first 64 KiB,
 * calls every parser's {@link EventParser#sniff} for a score from 0 to 100, and takes the
 * highest score of at least {@value #MIN_SCORE}. The bytes read are replayed in front of the
 * rest of the input, so the parser sees the whole input.
 */
final class FormatDetector {
  static final int HEAD_BYTES = 64 * 1024;

  /** The lowest score accepted: the parser must rate its format more likely than not. */
  static final int MIN_SCORE = 50;

  private FormatDetector() {}

  /**
   * The outcome of detection.
   *
   * @param parser the chosen parser, or null when none qualified or the input is empty
   * @param score the chosen parser's score, or the best score seen when none qualified
   * @param input the whole input, head included
   * @param empty whether the input has no bytes at all
   * @param problem one sentence on why no parser was chosen, for an input that is not empty;
   *     null otherwise
   */
  record Detection(
      EventParser parser, int score, InputStream input, boolean empty, String problem) {}

  /**
   * Reads the head of {@code in} and chooses a parser.
   *
   * @throws IOException if reading the head fails
   */
  static Detection detect(InputStream in, Collection<EventParser> parsers) throws IOException {
    byte[] head = in.readNBytes(HEAD_BYTES);
    InputStream replay = new SequenceInputStream(new ByteArrayInputStream(head), in);
    if (head.length == 0) {
      return new Detection(null, 0, replay, true, null);
    }
    // new String(...) replaces malformed UTF-8, including a char cut at the 64 KiB boundary.
    String text = new String(head, StandardCharsets.UTF_8);
    int bestScore = -1;
    List<EventParser> best = new ArrayList<>();
    for (EventParser parser : parsers) {
      int score = parser.sniff(text);
      if (score > bestScore) {
        bestScore = score;
        best.clear();
        best.add(parser);
      } else if (score == bestScore) {
        best.add(parser);
      }
    }
    if (bestScore < MIN_SCORE) {
      return new Detection(null, Math.max(bestScore, 0), replay, false,
          "No format adapter gives its first 64 KiB a score of " + MIN_SCORE + " or more.");
    }
    if (best.size() > 1) {
      List<String> names = new ArrayList<>();
      for (EventParser parser : best) {
        names.add(parser.format());
      }
      return new Detection(null, bestScore, replay, false,
          "It looks equally like " + String.join(" and ", names)
              + (names.size() == 2 ? ", which both score " : ", which all score ")
              + bestScore + ".");
    }
    return new Detection(best.get(0), bestScore, replay, false, null);
  }
}

package io.github.imdsdetect.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.benchmarks.CorpusGenerator.EventType;
import io.github.imdsdetect.core.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {

  @Test
  void sameSeedGivesSameTexts() {
    List<String> first = new CorpusGenerator(42).texts(200, 0.05, 50, 2_000);
    List<String> second = new CorpusGenerator(42).texts(200, 0.05, 50, 2_000);

    assertEquals(first, second);
  }

  @Test
  void textsHaveRequestedLengths() {
    List<String> texts = new CorpusGenerator(7).texts(300, 0.01, 50, 2_000);

    assertEquals(300, texts.size());
    for (String text : texts) {
      assertTrue(text.length() >= 50, "length " + text.length());
      assertTrue(text.length() <= 2_000, "length " + text.length());
    }
  }

  @Test
  void exactShareOfTextsIsDetected() {
    List<String> texts = new CorpusGenerator(3).texts(400, 0.05, 50, 2_000);

    long detected =
        texts.stream()
            .filter(text -> CorpusGenerator.isDetected(CorpusGenerator.commandLineEvent(text)))
            .count();
    assertEquals(20, detected);
  }

  @Test
  void indicatorTextsContainNeedles() {
    List<String> texts = new CorpusGenerator(5).texts(100, 1.0, 50, 2_000);

    for (String text : texts) {
      assertTrue(Needles.referenceContainsAny(Needles.defaultProfile(), text), text);
    }
  }

  @Test
  void exactShareOfEventsIsDetectedPerType() {
    for (EventType type : EventType.values()) {
      List<Event> events = new CorpusGenerator(11).events(type, 200, 0.1);

      long detected = events.stream().filter(CorpusGenerator::isDetected).count();
      assertEquals(20, detected, type.name());
    }
  }

  @Test
  void invalidShareRejected() {
    CorpusGenerator generator = new CorpusGenerator(1);

    assertThrows(IllegalArgumentException.class, () -> generator.texts(10, 1.5, 50, 2_000));
    assertThrows(IllegalArgumentException.class, () -> generator.events(EventType.DNS, 10, -0.1));
  }

  @Test
  void defaultProfileNeedlesAreLowerCaseAndDistinct() {
    List<String> needles = Needles.defaultProfile();

    assertEquals(needles.size(), needles.stream().distinct().count());
    for (String needle : needles) {
      assertEquals(Needles.lowerAscii(needle), needle);
    }
  }
}

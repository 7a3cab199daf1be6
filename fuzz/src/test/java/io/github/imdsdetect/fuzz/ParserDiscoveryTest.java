package io.github.imdsdetect.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Checks that every expected format is on the class path, so that the fuzz tests, which cover
 * whatever {@link java.util.ServiceLoader} finds, cover every format.
 */
class ParserDiscoveryTest {

  @ParameterizedTest(name = "{0}")
  @FieldSource("io.github.imdsdetect.fuzz.Parsers#EXPECTED_FORMATS")
  void formatIsRegistered(String format) {
    Map<String, EventParser> parsers = Parsers.discovered();
    assertTrue(
        parsers.containsKey(format),
        () -> "no EventParser with format \"" + format + "\" on the class path; found "
            + parsers.keySet() + ". Install its module into the local Maven repository or check"
            + " its META-INF/services/io.github.imdsdetect.adapter.EventParser file.");
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("io.github.imdsdetect.fuzz.Parsers#EXPECTED_FORMATS")
  void formatHasSamples(String format) {
    assertFalse(
        Sample.of(format).isEmpty(),
        () -> "no sample files for format " + format + " under " + Sample.root()
            + ", so its parser gets no structure-aware mutations");
  }

  @Test
  void everyDiscoveredFormatIsExpected() {
    // Parsers.discovered() also fails when two parsers register one format name.
    for (String format : Parsers.discovered().keySet()) {
      assertTrue(
          Parsers.EXPECTED_FORMATS.contains(format),
          () -> "parser format \"" + format + "\" is not in Parsers.EXPECTED_FORMATS; add it"
              + " there so that a later loss of its registration fails this test");
    }
  }
}

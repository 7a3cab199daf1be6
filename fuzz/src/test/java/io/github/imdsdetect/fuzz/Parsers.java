package io.github.imdsdetect.fuzz;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The parsers under test, found the way the scanner finds them: through {@link ServiceLoader}. */
final class Parsers {

  /**
   * Every format the project ships. A format missing from the class path fails {@link
   * ParserDiscoveryTest}, so a module that stops registering its parser cannot drop out of the
   * fuzz tests unnoticed.
   */
  static final List<String> EXPECTED_FORMATS =
      List.of(
          "auditd",
          "sysmon",
          "ecs",
          "qradar-json",
          "qradar-csv",
          "windows",
          "ocsf",
          "zeek",
          "weblog",
          "falco");

  /**
   * Small caps, so that inputs of a few KiB already cross every limit: the line cap, the field
   * cap, the number of auditd events kept open and the number of fields kept from one record.
   */
  static final ParseLimits SMALL_LIMITS = new ParseLimits(4096, 512, 16, 64);

  private Parsers() {}

  /**
   * Returns every parser that {@link ServiceLoader} finds, by format name.
   *
   * @throws IllegalStateException if two parsers register the same format name
   */
  static Map<String, EventParser> discovered() {
    Map<String, EventParser> byFormat = new TreeMap<>();
    for (EventParser parser : ServiceLoader.load(EventParser.class)) {
      EventParser previous = byFormat.put(parser.format(), parser);
      if (previous != null) {
        throw new IllegalStateException(
            "two parsers register the format " + parser.format() + ": "
                + previous.getClass().getName() + " and " + parser.getClass().getName());
      }
    }
    return byFormat;
  }

  /**
   * Returns the parser of {@code format}.
   *
   * @throws AssertionError if no parser of that format is on the class path
   */
  static EventParser require(String format) {
    EventParser parser = discovered().get(format);
    if (parser == null) {
      throw new AssertionError(
          "no EventParser with format \"" + format + "\" on the class path; found "
              + discovered().keySet() + ". Install its module into the local Maven repository"
              + " (mvn -pl adapters/<module> install) or check its"
              + " META-INF/services/io.github.imdsdetect.adapter.EventParser file.");
    }
    return parser;
  }
}

package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.EventParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The event parsers found on the class path through {@link ServiceLoader}, keyed by format name.
 * Each adapter module registers its parser in
 * {@code META-INF/services/io.github.imdsdetect.adapter.EventParser}.
 */
final class ParserRegistry {
  private static final int MAX_LOAD_ERRORS = 20;

  private final Map<String, EventParser> parsers;
  private final List<String> problems;

  private ParserRegistry(Map<String, EventParser> parsers, List<String> problems) {
    this.parsers = parsers;
    this.problems = List.copyOf(problems);
  }

  /**
   * Loads every registered parser. A provider that fails to load, or that repeats a format name
   * already taken, is left out and described in {@link #problems}.
   */
  static ParserRegistry load() {
    Map<String, EventParser> parsers = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Iterator<EventParser> providers = ServiceLoader.load(EventParser.class).iterator();
    while (true) {
      EventParser parser;
      try {
        if (!providers.hasNext()) {
          break;
        }
        parser = providers.next();
      } catch (ServiceConfigurationError e) {
        problems.add("cannot load a format adapter: " + e.getMessage());
        // ServiceLoader only makes a best effort to go on after an error, so a broken
        // registration could otherwise fail the same way forever.
        if (problems.size() >= MAX_LOAD_ERRORS) {
          break;
        }
        continue;
      }
      String format = parser.format();
      EventParser previous = parsers.putIfAbsent(format, parser);
      if (previous != null) {
        problems.add("format '" + format + "' is provided by both "
            + previous.getClass().getName() + " and " + parser.getClass().getName()
            + "; using the first");
      }
    }
    return new ParserRegistry(parsers, problems);
  }

  /** Returns the format names in alphabetical order. */
  Set<String> formats() {
    return parsers.keySet();
  }

  /** Returns the parser of a format, or null. */
  EventParser parser(String format) {
    return parsers.get(format);
  }

  /** Returns every parser, in alphabetical order of format name. */
  Collection<EventParser> parsers() {
    return parsers.values();
  }

  /** Returns one message for each provider that could not be used. */
  List<String> problems() {
    return problems;
  }
}

package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A sink that keeps copies of everything a parser reports, for assertions. */
final class CollectingSink implements ParseSink {

  /** The number of lines reported for each use. */
  final Map<LineUse, Long> lineUses = new EnumMap<>(LineUse.class);

  @Override
  public void lines(LineUse use, long count) {
    lineUses.merge(use, count, Long::sum);
  }

  /** Directory of the sample files, relative to the module directory that Maven runs tests in. */
  static final Path SAMPLES = Path.of("..", "..", "samples", "sysmon");

  record Report(long line, String text) {}

  record Truncation(long line, String what, long originalLength) {}

  final List<SimpleEvent> events = new ArrayList<>();
  final List<Report> skipped = new ArrayList<>();
  final List<Report> ignored = new ArrayList<>();
  final List<Truncation> truncated = new ArrayList<>();
  long lines;

  @Override
  public void event(Event event) {
    events.add(SimpleEvent.copyOf(event).build());
  }

  @Override
  public void skipped(long line, String reason) {
    skipped.add(new Report(line, reason));
  }

  @Override
  public void ignored(long line, String kind) {
    ignored.add(new Report(line, kind));
  }

  @Override
  public void truncated(long line, String what, long originalLength) {
    truncated.add(new Truncation(line, what, originalLength));
  }

  /** Returns the number of ignored records of each kind. */
  Map<String, Long> ignoredKinds() {
    return ignored.stream()
        .collect(Collectors.groupingBy(Report::text, TreeMap::new, Collectors.counting()));
  }

  /** Returns every event, skip reason, ignored kind and truncation as one string. */
  String toStringForSearch() {
    return events + " " + skipped + " " + ignored + " " + truncated;
  }

  /** Returns the events whose origin line is {@code line}. */
  List<SimpleEvent> eventsAt(long line) {
    return events.stream().filter(e -> e.origin().line() == line).collect(Collectors.toList());
  }

  /** Parses a sample file with default limits. */
  static CollectingSink parseSample(String name) {
    Path path = SAMPLES.resolve(name);
    try (InputStream in = Files.newInputStream(path)) {
      return parse(in, path.getFileName().toString(), ParseLimits.DEFAULTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses UTF-8 text with default limits. */
  static CollectingSink parseText(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8), ParseLimits.DEFAULTS);
  }

  /** Parses bytes with the given limits. */
  static CollectingSink parse(byte[] bytes, ParseLimits limits) {
    return parse(new ByteArrayInputStream(bytes), "test", limits);
  }

  private static CollectingSink parse(InputStream in, String source, ParseLimits limits) {
    CollectingSink sink = new CollectingSink();
    try {
      sink.lines = new SysmonParser().parse(in, source, limits, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink;
  }
}

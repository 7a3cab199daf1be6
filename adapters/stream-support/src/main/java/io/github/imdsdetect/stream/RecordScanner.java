package io.github.imdsdetect.stream;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Verdict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses one record at a time as a small input of its own and evaluates every event it yields.
 * A record is skipped when it is blank, longer than {@link ParseLimits#maxLineBytes()}, or when
 * the parser skips any part of it. In that last case its usable events are still evaluated.
 *
 * <p>Not thread-safe: it keeps the counts of the record scanned last, so each task owns one.
 * The parser and detector it wraps are thread-safe and may be shared.
 *
 * <p>Shared by the Flink and Kafka Streams operators.
 */
public final class RecordScanner {
  private static final Logger LOG = LoggerFactory.getLogger(RecordScanner.class);

  /** Number of failures logged in full; after these, only every 1,000th failure is logged. */
  private static final int LOGGED_ERRORS = 10;

  /** Receives each finding. The event is valid only during the call: copy what you keep. */
  public interface FindingListener {
    /**
     * Receives one finding.
     *
     * @param finding the finding
     * @param event the event it was made on, valid only during the call
     * @param line the finding's line in its source
     */
    void finding(Finding finding, Event event, long line);
  }

  private final EventParser parser;
  private final Detector detector;
  private final ParseLimits limits;
  private final Sink sink = new Sink();

  private String source;
  private long firstLine;
  private FindingListener listener;
  private int events;
  private int findings;
  private int suppressed;
  private int ignored;
  private int skips;
  private String skipReason;
  private long skipLine;
  private long internalErrors;

  /**
   * Creates a scanner.
   *
   * @param parser the adapter that reads each record
   * @param detector the detector that evaluates each event
   * @param limits the caps applied to each record
   */
  public RecordScanner(EventParser parser, Detector detector, ParseLimits limits) {
    this.parser = parser;
    this.detector = detector;
    this.limits = limits;
  }

  /**
   * Returns the first parser registered for {@code format}.
   *
   * @param format the format name, such as {@code ecs}
   * @param loader the class loader whose {@link ServiceLoader} entries are searched
   * @return the parser
   * @throws IllegalStateException if none is registered
   */
  public static EventParser loadParser(String format, ClassLoader loader) {
    TreeSet<String> found = new TreeSet<>();
    Iterator<EventParser> providers = ServiceLoader.load(EventParser.class, loader).iterator();
    while (true) {
      EventParser parser;
      try {
        if (!providers.hasNext()) {
          break;
        }
        parser = providers.next();
      } catch (ServiceConfigurationError e) {
        LOG.warn("Cannot load an event parser; trying the next one", e);
        continue;
      }
      if (parser.format().equals(format)) {
        return parser;
      }
      found.add(parser.format());
    }
    throw new IllegalStateException(
        "no event parser for format '" + format + "' on the class path; formats found: "
            + found + ". Add the adapter that reads it, such as io.github.imdsdetect:"
            + "imds-detect-ecs for ecs");
  }

  /**
   * Scans one record and delivers its findings to {@code findingListener}. The counts and the
   * skip reason describe this record until the next call.
   *
   * @param record the record text, where null counts as blank
   * @param recordSource the source name that findings and skip reports carry
   * @param recordLine the line of the record in its source, or 0 when unknown, in which case a
   *     finding's line is the line within the record
   * @param findingListener receives each finding during this call
   */
  public void scan(
      String record, String recordSource, long recordLine, FindingListener findingListener) {
    source = recordSource;
    firstLine = recordLine;
    listener = findingListener;

    events = 0;
    findings = 0;
    suppressed = 0;
    ignored = 0;
    skips = 0;
    skipReason = null;
    skipLine = 0;

    if (record == null || record.isBlank()) {
      skip(1, "empty record");
      return;
    }

    byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > limits.maxLineBytes()) {
      skip(1, "record of " + bytes.length + " bytes exceeds the limit of "
          + limits.maxLineBytes() + " bytes");
      return;
    }

    // NOTE: the adapters are written for files, so each parse call allocates the parser's read
    // buffers (for the JSON formats, two of 64 KiB) even for a record of a few hundred bytes.
    try {
      parser.parse(new ByteArrayInputStream(bytes), recordSource, limits, sink);
    } catch (IOException | RuntimeException e) {
      // A ByteArrayInputStream does not fail and parsers do not throw for malformed input, so
      // this is a bug in a parser or the detector. The record is reported as skipped so that one
      // record cannot stop the stream.
      internalErrors++;
      if (internalErrors <= LOGGED_ERRORS || internalErrors % 1000 == 0) {
        LOG.error("Scanning a record of {} at line {} failed ({} failures so far)",
            recordSource, recordLine, internalErrors, e);
      }
      skip(1, "internal error while scanning the record: " + e);
    }
  }

  private long lineOf(long lineInRecord) {
    if (firstLine <= 0) {
      return lineInRecord;
    }
    return lineInRecord <= 0 ? firstLine : firstLine + lineInRecord - 1;
  }

  private void skip(long lineInRecord, String reason) {
    skips++;
    if (skipReason == null) {
      skipReason = reason;
      skipLine = lineOf(lineInRecord);
    }
  }

  /**
   * Returns the number of events the last record yielded.
   *
   * @return the number of events the last record yielded
   */
  public int events() {
    return events;
  }

  /**
   * Returns the number of findings of the last record.
   *
   * @return the number of findings of the last record
   */
  public int findings() {
    return findings;
  }

  /**
   * Returns the number of rule matches that exclusions quieted in the last record.
   *
   * @return the number of rule matches that exclusions quieted in the last record
   */
  public int suppressed() {
    return suppressed;
  }

  /**
   * Returns the number of well-formed parts of the last record that are not events.
   *
   * @return the number of well-formed parts of the last record that are not events
   */
  public int ignored() {
    return ignored;
  }

  /**
   * Returns whether the last record was blank, too long or malformed in any part.
   *
   * @return whether the last record was blank, too long or malformed in any part
   */
  public boolean skipped() {
    return skips > 0;
  }

  /**
   * Returns why the last record was skipped, or null when it was not.
   *
   * @return why the last record was skipped, or null when it was not
   */
  public String skipReason() {
    if (skips <= 1) {
      return skipReason;
    }
    int more = skips - 1;
    return skipReason + " (and " + more + (more == 1 ? " more problem" : " more problems")
        + " in the record)";
  }

  /**
   * Returns the line where the first problem of the last record is, or 0.
   *
   * @return the line where the first problem of the last record is, or 0
   */
  public long skipLine() {
    return skipLine;
  }

  /**
   * Returns the source name of the last record.
   *
   * @return the source name of the last record
   */
  public String source() {
    return source;
  }

  private final class Sink implements ParseSink {
    @Override
    public void event(Event event) {
      events++;
      Verdict verdict = detector.evaluate(event);
      if (verdict.isEmpty()) {
        return;
      }
      suppressed += verdict.suppressions().size();
      long line = lineOf(event.origin().line());
      for (Finding finding : verdict.findings()) {
        findings++;
        listener.finding(finding, event, line);
      }
    }

    @Override
    public void skipped(long line, String reason) {
      skip(line, reason);
    }

    @Override
    public void ignored(long line, String kind) {
      ignored++;
    }
  }
}

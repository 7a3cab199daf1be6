package io.github.imdsdetect.weblog;

import io.github.imdsdetect.adapter.BoundedLineReader;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads web server and load balancer access logs: Apache httpd and nginx in Common, Combined and
 * {@code vhost_combined} Log Format, and AWS Application and Classic Load Balancer access logs
 * ({@link AccessLogLine} describes the layouts).
 *
 * <p>On a web server, metadata access shows up as a server-side request forgery payload: a URL
 * in the request's query or path that the application then fetches. So, unlike the other
 * adapters, this one decodes percent-encoding itself (double and triple encoding included) and
 * maps:
 *
 * <ul>
 *   <li>time: the {@code [time]} field, or the ISO 8601 time of a load balancer entry
 *   <li>HTTP method, and URL path and query, both percent-decoded
 *   <li>URL host: the host of an absolute request URL (always present in load balancer
 *       entries, and in requests to a proxy) or of a CONNECT target, else the server name of
 *       {@code vhost_combined}
 *   <li>URL: the first URL embedded in the query or path ({@link EmbeddedUrls}), decoded, so
 *       that the detector classifies its host, or else the request target as logged
 * </ul>
 *
 * <p>The client address, status, size, referer and user agent are not mapped. A line that fits
 * no layout is skipped with the reason. An entry whose request line is not HTTP, such as {@code
 * "-"} after a timeout or TLS bytes sent to a plain-HTTP port, goes to {@link
 * ParseSink#ignored}.
 */
public final class WebLogParser implements EventParser {
  /** The kind passed to {@link ParseSink#ignored} for entries without an HTTP request line. */
  static final String NO_REQUEST_KIND = "access log entry without an HTTP request line";

  /** Maximum chars of the first line that {@link #sniff} reads, so a huge line costs little. */
  private static final int SNIFF_LINE_CHARS = 16 * 1024;

  /** Creates a parser, which keeps no state between calls. */
  public WebLogParser() {}

  @Override
  public String format() {
    return "weblog";
  }

  /**
   * Scores the first non-blank line of the head: 95 for an ALB entry, 90 for Combined Log Format
   * or a Classic Load Balancer entry, 80 for Common Log Format, 0 otherwise. The line is read as
   * {@link #parse} reads it, up to {@value #SNIFF_LINE_CHARS} chars.
   */
  @Override
  public int sniff(String head) {
    String line = firstLine(head);
    if (line == null) {
      return 0;
    }
    AccessLogLine entry;
    try {
      entry = AccessLogLine.parse(LogLineTokenizer.tokenize(line));
    } catch (LogLineTokenizer.UnterminatedFieldException | AccessLogLine.MalformedLineException e) {
      return 0;
    }
    switch (entry.layout()) {
      case APPLICATION_LOAD_BALANCER:
        return 95;
      case COMBINED:
      case CLASSIC_LOAD_BALANCER:
        return 90;
      default:
        return 80;
    }
  }

  private static String firstLine(String head) {
    int start = 0;
    while (start < head.length()) {
      int end = head.indexOf('\n', start);
      if (end < 0) {
        end = head.length();
      }
      String line = head.substring(start, end).strip();
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (!line.isEmpty()) {
        return line.length() > SNIFF_LINE_CHARS ? line.substring(0, SNIFF_LINE_CHARS) : line;
      }
      start = end + 1;
    }
    return null;
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    BoundedLineReader lines = new BoundedLineReader(in, limits.maxLineBytes());
    while (lines.next()) {
      long lineNumber = lines.lineNumber();
      if (lines.truncated()) {
        sink.truncated(lineNumber, "line", lines.originalLength());
        sink.skipped(
            lineNumber,
            "line of "
                + lines.originalLength()
                + " bytes exceeds the limit of "
                + limits.maxLineBytes()
                + " bytes; a cut access log line cannot be parsed");
        sink.lines(LineUse.SKIPPED, 1);
        continue;
      }
      String line = lines.line();
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        sink.lines(LineUse.BLANK, 1);
        continue;
      }
      sink.lines(readLine(line, new EventOrigin(source, lineNumber), limits, sink), 1);
    }
    return lines.lineNumber();
  }

  /** Reads one access log entry and returns the use of its line. */
  private static LineUse readLine(
      String line, EventOrigin origin, ParseLimits limits, ParseSink sink) {
    AccessLogLine entry;
    try {
      List<LogLineTokenizer.Token> tokens = LogLineTokenizer.tokenize(line.strip());
      entry = AccessLogLine.parse(tokens);
    } catch (LogLineTokenizer.UnterminatedFieldException | AccessLogLine.MalformedLineException e) {
      sink.skipped(origin.line(), e.getMessage());
      return LineUse.SKIPPED;
    }
    HttpRequest request = HttpRequest.parse(entry.request());
    if (request == null) {
      sink.ignored(origin.line(), NO_REQUEST_KIND);
      return LineUse.IGNORED;
    }
    sink.event(toEvent(entry, request, new FieldCap(origin.line(), limits, sink), origin));
    return LineUse.EVENT;
  }

  private static SimpleEvent toEvent(
      AccessLogLine entry, HttpRequest request, FieldCap cap, EventOrigin origin) {
    String decodedPath =
        request.path() == null ? null : PercentDecoder.decodeRepeatedly(request.path(), false);
    String decodedQuery =
        request.query() == null ? null : PercentDecoder.decodeRepeatedly(request.query(), false);
    String embedded = EmbeddedUrls.find(request.path(), request.query(), decodedQuery);
    String host = request.host() != null ? request.host() : entry.virtualHost();
    return SimpleEvent.builder()
        .time(cap.apply("@timestamp", entry.time()))
        .httpMethod(cap.apply("http.request.method", request.method()))
        .urlHost(cap.apply("url.domain", host))
        .urlPath(cap.apply("url.path", decodedPath))
        .urlQuery(cap.apply("url.query", decodedQuery))
        .url(cap.apply("url.full", embedded != null ? embedded : request.target()))
        .origin(origin)
        .build();
  }

  /** Cuts mapped values to the field limit, and reports each cut. */
  private record FieldCap(long line, ParseLimits limits, ParseSink sink) {
    String apply(String field, String value) {
      if (value == null || value.length() <= limits.maxFieldChars()) {
        return value;
      }
      sink.truncated(line, field, value.length());
      return value.substring(0, limits.maxFieldChars());
    }
  }
}

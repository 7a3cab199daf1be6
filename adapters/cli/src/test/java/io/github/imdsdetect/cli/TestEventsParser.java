package io.github.imdsdetect.cli;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A parser for a line format that exists only in these tests, registered through the test
 * class path's {@code META-INF/services}, so that the scanner can be tested without the real
 * adapters. It lets a test place exact control chars in any field and drive every
 * {@link ParseSink} callback, including failures.
 *
 * <p>The input starts with the line {@value #HEADER}. Each later line is one of:
 *
 * <ul>
 *   <li>tab-separated {@code name=value} pairs, one event, where a value may use the escapes
 *       {@code \n}, {@code \r}, {@code \t}, {@code \e} (ESC), {@code \\}, {@code \xHH}, and a
 *       backslash followed by {@code u} and four hex digits;
 *   <li>{@code !skip REASON}, {@code !ignore KIND} or {@code !truncate WHAT}, which call the
 *       callback of that name;
 *   <li>{@code !throw MESSAGE}, which throws an {@link IllegalStateException}, and
 *       {@code !ioerror MESSAGE}, which throws an {@link IOException};
 *   <li>{@code !unaccounted}, a line whose use the parser does not report, like a buggy
 *       parser's;
 *   <li>an empty line, which is read and otherwise left alone.
 * </ul>
 *
 * <p>A line of any other form, such as binary data, is reported as skipped.
 * A {@code destination_port} that is not a number is reported the same way.
 *
 * <p>Each line's use goes to {@link ParseSink#lines}: the header line and {@code !truncate} lines
 * as {@link LineUse#HEADER}, empty lines as {@link LineUse#BLANK}, and every other line as the
 * outcome it reported.
 */
public final class TestEventsParser implements EventParser {
  static final String FORMAT = "test-events";
  static final String HEADER = "#imds-detect-test-events";

  /** Creates the parser; ServiceLoader needs a public no-argument constructor. */
  public TestEventsParser() {}

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public int sniff(String head) {
    return head.startsWith(HEADER) ? 100 : 0;
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    long lineNumber = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      LineUse use = readLine(line, source, lineNumber, sink);
      if (use != null) {
        sink.lines(use, 1);
      }
    }
    return lineNumber;
  }

  /** Reads one line and returns its use, or null for a line whose use goes unreported. */
  private static LineUse readLine(String line, String source, long lineNumber, ParseSink sink)
      throws IOException {
    if (line.isEmpty()) {
      return LineUse.BLANK;
    }
    if (line.equals(HEADER)) {
      return LineUse.HEADER;
    }
    if (line.startsWith("!")) {
      return command(line, lineNumber, sink);
    }
    SimpleEvent event;
    try {
      event = event(line, source, lineNumber);
    } catch (IllegalArgumentException e) {
      sink.skipped(lineNumber, e.getMessage());
      return LineUse.SKIPPED;
    }
    sink.event(event);
    return LineUse.EVENT;
  }

  private static LineUse command(String line, long lineNumber, ParseSink sink)
      throws IOException {
    int space = line.indexOf(' ');
    String name = space < 0 ? line : line.substring(0, space);
    String argument = space < 0 ? "" : unescape(line.substring(space + 1));
    switch (name) {
      case "!skip":
        sink.skipped(lineNumber, argument);
        return LineUse.SKIPPED;
      case "!ignore":
        sink.ignored(lineNumber, argument);
        return LineUse.IGNORED;
      case "!truncate":
        sink.truncated(lineNumber, argument, -1);
        return LineUse.HEADER;
      case "!unaccounted":
        return null;
      case "!throw":
        throw new IllegalStateException(argument);
      case "!ioerror":
        throw new IOException(argument);
      default:
        sink.skipped(lineNumber, "unknown command " + name);
        return LineUse.SKIPPED;
    }
  }

  private static SimpleEvent event(String line, String source, long lineNumber) {
    SimpleEvent.Builder builder = SimpleEvent.builder().origin(new EventOrigin(source, lineNumber));
    for (String pair : line.split("\t")) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("no '=' in " + pair);
      }
      String name = pair.substring(0, equals);
      String value = unescape(pair.substring(equals + 1));
      switch (name) {
        case "time":
          builder.time(value);
          break;
        case "host":
          builder.host(value);
          break;
        case "user":
          builder.user(value);
          break;
        case "process_name":
          builder.processName(value);
          break;
        case "process_executable":
          builder.processExecutable(value);
          break;
        case "command_line":
          builder.commandLine(value);
          break;
        case "parent_process_name":
          builder.parentProcessName(value);
          break;
        case "parent_process_executable":
          builder.parentProcessExecutable(value);
          break;
        case "destination_address":
          builder.destinationAddress(value);
          break;
        case "destination_port":
          builder.destinationPort(Integer.parseInt(value));
          break;
        case "dns_query_name":
          builder.dnsQueryName(value);
          break;
        case "url":
          builder.url(value);
          break;
        default:
          throw new IllegalArgumentException("unknown test field " + name);
      }
    }
    return builder.build();
  }

  /** Decodes the escapes listed in the class comment. */
  static String unescape(String text) {
    StringBuilder result = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        result.append(c);
        continue;
      }
      char kind = text.charAt(++i);
      switch (kind) {
        case 'n':
          result.append('\n');
          break;
        case 'r':
          result.append('\r');
          break;
        case 't':
          result.append('\t');
          break;
        case 'e':
          result.append('\u001b');
          break;
        case 'x':
          result.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
          break;
        case 'u':
          result.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
          i += 4;
          break;
        default:
          result.append(kind);
      }
    }
    return result.toString();
  }
}

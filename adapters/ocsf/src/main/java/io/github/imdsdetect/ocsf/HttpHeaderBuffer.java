package io.github.imdsdetect.ocsf;

import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pairs the {@code name} and {@code value} of each OCSF {@code http_headers[]} element.
 *
 * <p>{@link FlatRecord} joins the values of one key across an array of objects with spaces, so
 * {@code http_request.http_headers.value} alone cannot be split back into one value per header.
 * {@link OcsfParser} therefore reads {@code http_headers} as a container key of {@link
 * io.github.imdsdetect.adapter.JsonRecords}: each header object arrives as a record of its own,
 * before the event that contains it, on a line at or after the event's first line. This buffer
 * keeps those header records until their event arrives.
 *
 * <p>Header objects are parts of the record around them and are never reported on their own. The
 * record around them takes them, and drops them when it is not an event. A record drops the kept
 * headers from lines before its first line too. Those belong to a record that a syntax error cut
 * off, whose error is already reported, or to a record around it that is read later.
 *
 * <p>NOTE: JsonRecords matches container keys by name at any depth, so the headers of {@code
 * http_response} are collected with those of {@code http_request} and cannot be distinguished.
 */
final class HttpHeaderBuffer {
  private final ParseLimits limits;
  private final ParseSink sink;
  private final List<Header> pending = new ArrayList<>();
  private long pendingChars;
  private boolean overflow;

  private record Header(long line, String name, String value) {}

  HttpHeaderBuffer(ParseLimits limits, ParseSink sink) {
    this.limits = limits;
    this.sink = sink;
  }

  /** Returns whether a record has the shape of one header: only {@code name} and {@code value}. */
  static boolean isHeader(FlatRecord record) {
    if (record.size() == 0) {
      return false;
    }
    for (String key : record.keys()) {
      if (!key.equals("name") && !key.equals("value")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Keeps one header record. Headers beyond {@link ParseLimits#maxFieldChars()} chars in total are
   * dropped and reported once per event through {@link ParseSink#truncated}.
   */
  void add(FlatRecord record) {
    String name = record.get("name");
    String value = record.get("value");
    long size = (name == null ? 0 : name.length()) + (value == null ? 0 : value.length()) + 3;
    if (pendingChars + size > limits.maxFieldChars()) {
      if (!overflow) {
        overflow = true;
        sink.truncated(record.line(), "http_headers", -1);
      }
      return;
    }
    pendingChars += size;
    pending.add(new Header(record.line(), name, value));
  }

  /**
   * Returns the buffered headers of the record that starts on {@code recordLine} as one {@code
   * Name: value} pair per line, or null when it has none, and empties the buffer. Buffered headers
   * on earlier lines are dropped, because they belong to a record that a syntax error cut off or
   * to a record around this one.
   */
  String take(long recordLine) {
    StringBuilder text = new StringBuilder();
    for (Header header : pending) {
      if (header.line() < recordLine) {
        continue;
      }
      if (header.name() == null || header.name().isEmpty()) {
        continue;
      }
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(oneLine(header.name())).append(": ");
      if (header.value() != null) {
        text.append(oneLine(header.value()));
      }
    }
    clear();
    return text.length() == 0 ? null : text.toString();
  }

  /** Returns the {@code Host} header's value among the buffered headers, or null. */
  String host() {
    for (Header header : pending) {
      if (header.name() != null
          && header.name().toLowerCase(Locale.ROOT).equals("host")
          && header.value() != null
          && !header.value().isEmpty()) {
        return oneLine(header.value());
      }
    }
    return null;
  }

  private void clear() {
    pending.clear();
    pendingChars = 0;
    overflow = false;
  }

  /**
   * Replaces CR and LF with spaces. HTTP forbids them in header fields, and a value that kept them
   * could add a line that the detector reads as another header.
   */
  private static String oneLine(String text) {
    return text.replace('\r', ' ').replace('\n', ' ');
  }
}

package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.BoundedLineReader;
import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts {@code <Event>...</Event>} elements out of a text input that is read line by line. This
 * covers rendered event XML with or without an {@code <Events>} root element, with one element per
 * line, several per line or one element over many lines, and syslog files in which Sysmon for Linux
 * writes each event's XML after a syslog header.
 *
 * <p>An element that was cut off is still handed on, marked incomplete, so that its parser can read
 * the part that is left. An element counts as cut off when its line is longer than {@link
 * ParseLimits#maxLineBytes()}, when it grows past that many characters, when another {@code <Event}
 * start tag comes before its end tag (syslog senders cut long messages), or when the input ends
 * inside it. Memory is bounded by those same caps.
 *
 * <p>Each line gets one {@link LineUse}. A line belongs to the element open when it starts, else
 * to the first element that starts on it, and gets the use of what the handler reported for that
 * element. The rest of an element that was cut off at a cap belongs to it too. Other lines are
 * reported by {@link #reportOutsideLine}.
 */
final class XmlEventScanner {
  private static final String START_TAG = "<Event";
  private static final String END_TAG = "</Event";

  /** Receives each element and the line where it starts. */
  @FunctionalInterface
  interface ElementHandler {
    /**
     * Receives one element.
     *
     * @param xml the element's text; when {@code complete} is false, only its start
     * @param complete false when the element was cut off before its end tag
     */
    void element(String xml, long line, boolean complete);
  }

  private enum State {
    /** Between elements. */
    OUTSIDE,
    /** Collecting an element's text. */
    INSIDE,
    /** Passing over the rest of an element that was cut off at a cap. */
    DISCARDING
  }

  private final ParseLimits limits;
  private final CountingSink sink;
  private final StringBuilder element = new StringBuilder();
  private State state = State.OUTSIDE;
  private long elementLine;
  private int pendingLineBreaks;

  /** Whether the current line already belongs to an element. */
  private boolean lineOwned;

  /** The number of lines that belong to the element being collected. */
  private long elementLines;

  /** The use of the element last handed on, which the lines passed over after a cut get. */
  private LineUse lastElementUse = LineUse.SKIPPED;

  // Positions found in the current line, kept so that every search over the line resumes where
  // the last one stopped and a line of any content is scanned in linear time. A search result
  // stays valid while it is at or after the position searched from; -1 means none to the end of
  // the line, and UNKNOWN that no search was made.
  private static final int UNKNOWN = -2;
  private int startAt;
  private int endTagAt;
  private int endAfter;
  private int closeAt;

  XmlEventScanner(ParseLimits limits, CountingSink sink) {
    this.limits = limits;
    this.sink = sink;
  }

  /**
   * Reads {@code in} to its end, passing each element to {@code handler} and reporting every line
   * outside an element that is neither blank nor XML prolog.
   *
   * @return the number of physical lines read
   * @throws IOException only when reading {@code in} fails
   */
  long scan(InputStream in, ElementHandler handler) throws IOException {
    BoundedLineReader lines = new BoundedLineReader(in, limits.maxLineBytes());
    while (lines.next()) {
      long lineNumber = lines.lineNumber();
      String text = lines.line();
      if (lines.truncated()) {
        sink.truncated(lineNumber, "line", lines.originalLength());
      }
      if (state == State.OUTSIDE && findStart(text, 0) < 0) {
        sink.lines(reportOutsideLine(text, lines.invalidUtf8(), lineNumber), 1);
        continue;
      }
      claimLine();
      scanLine(text, lineNumber, handler);
      if (state == State.INSIDE) {
        cutIfTooLong(lines.truncated(), handler);
      }
    }
    if (state == State.INSIDE) {
      sink.truncated(elementLine, "Event element", -1);
      emit(handler, false);
    }
    return lines.lineNumber();
  }

  /** Gives the current line to the element open at its start, if any. */
  private void claimLine() {
    lineOwned = state != State.OUTSIDE;
    if (state == State.INSIDE) {
      elementLines++;
    } else if (state == State.DISCARDING) {
      sink.lines(lastElementUse, 1);
    }
  }

  private void scanLine(String text, long lineNumber, ElementHandler handler) {
    startAt = UNKNOWN;
    endTagAt = UNKNOWN;
    closeAt = UNKNOWN;
    int pos = 0;
    while (pos < text.length()) {
      if (state == State.OUTSIDE) {
        int start = nextStart(text, pos);
        if (start < 0) {
          return;
        }
        int selfClosed = selfClosingEnd(text, start);
        if (selfClosed > 0) {
          elementLines = lineOwned ? 0 : 1;
          lineOwned = true;
          hand(handler, text.substring(start, selfClosed), lineNumber, true);
          pos = selfClosed;
          continue;
        }
        state = State.INSIDE;
        elementLine = lineNumber;
        elementLines = lineOwned ? 0 : 1;
        lineOwned = true;
        element.setLength(0);
        element.append(START_TAG);
        pendingLineBreaks = 0;
        pos = start + START_TAG.length();
        continue;
      }
      int end = nextEnd(text, pos);
      int next = nextStart(text, pos);
      if (next >= 0 && (end < 0 || next < end)) {
        // Another element starts before this one ends, so the sender cut this one off. Text
        // before the new start tag belongs to the cut element only when the element started on
        // this line. On a later line, that text is a prefix such as a syslog header.
        if (state == State.INSIDE) {
          if (pos > 0) {
            appendContent(text, pos, next);
          }
          sink.truncated(elementLine, "Event element", -1);
          emit(handler, false);
        }
        state = State.OUTSIDE;
        pos = next;
        continue;
      }
      if (end < 0) {
        if (state == State.INSIDE) {
          appendContent(text, pos, text.length());
        }
        break;
      }
      if (state == State.INSIDE) {
        appendContent(text, pos, end);
        emit(handler, true);
      }
      state = State.OUTSIDE;
      pos = end;
    }
    if (state == State.INSIDE) {
      pendingLineBreaks++;
    }
  }

  /**
   * Appends part of a line to the element, after the line breaks of the lines before it. Line
   * breaks are added only when more text follows, so an element cut off at a line end does not end
   * with one.
   */
  private void appendContent(String text, int from, int to) {
    for (; pendingLineBreaks > 0; pendingLineBreaks--) {
      element.append('\n');
    }
    element.append(text, from, to);
  }

  private int nextStart(String text, int from) {
    if (startAt == UNKNOWN || (startAt >= 0 && startAt < from)) {
      startAt = findStart(text, from);
    }
    return startAt;
  }

  private int nextEnd(String text, int from) {
    if (endTagAt == UNKNOWN || (endTagAt >= 0 && endTagAt < from)) {
      endAfter = findEnd(text, from);
      endTagAt = endAfter < 0 ? -1 : text.lastIndexOf(END_TAG, endAfter);
    }
    return endTagAt < 0 ? -1 : endAfter;
  }

  /**
   * Returns the index after {@code />} when the start tag at {@code start} closes itself, else -1.
   */
  private int selfClosingEnd(String text, int start) {
    int from = start + START_TAG.length();
    if (closeAt == UNKNOWN || (closeAt >= 0 && closeAt < from)) {
      closeAt = text.indexOf('>', from);
    }
    if (closeAt > 0 && text.charAt(closeAt - 1) == '/') {
      return closeAt + 1;
    }
    return -1;
  }

  private void emit(ElementHandler handler, boolean complete) {
    String xml = element.toString();
    element.setLength(0);
    state = State.OUTSIDE;
    hand(handler, xml, elementLine, complete);
  }

  /** Hands one element on and reports its lines with the use of what the handler reported. */
  private void hand(ElementHandler handler, String xml, long line, boolean complete) {
    CountingSink.Mark mark = sink.mark();
    handler.element(xml, line, complete);
    lastElementUse = sink.recordUse(mark, line);
    sink.lines(lastElementUse, elementLines);
    elementLines = 0;
  }

  /**
   * Hands on the element cut off when its current line was cut at the line cap or when it has grown
   * past the cap, and passes over its rest.
   */
  private void cutIfTooLong(boolean lineTruncated, ElementHandler handler) {
    if (!lineTruncated && element.length() <= limits.maxLineBytes()) {
      return;
    }
    if (!lineTruncated) {
      sink.truncated(elementLine, "Event element", element.length());
    }
    emit(handler, false);
    element.trimToSize();
    state = State.DISCARDING;
  }

  /**
   * Reports a line that contains no part of an element and returns its use. Blank lines and XML
   * prolog (declaration, comments, the {@code <Events>} root tags) pass silently, other text
   * lines, such as syslog messages of other programs, are ignored, and anything else is skipped.
   */
  private LineUse reportOutsideLine(String text, boolean invalidUtf8, long lineNumber) {
    String rest = stripProlog(text).strip();
    if (rest.isEmpty()) {
      return text.replace("\uFEFF", "").isBlank() ? LineUse.BLANK : LineUse.HEADER;
    }
    if (invalidUtf8 || hasControlCharacters(rest)) {
      sink.skipped(lineNumber, "binary data: the line is not UTF-8 text");
    } else if (rest.contains("<!DOCTYPE") || rest.contains("<!ENTITY")) {
      sink.skipped(lineNumber, "DOCTYPE declaration rejected: DTDs and entities are not processed");
    } else if (rest.indexOf('<') >= 0 || rest.indexOf('>') >= 0) {
      sink.skipped(lineNumber, "XML outside an <Event> element");
    } else {
      sink.ignored(lineNumber, "text line without a Sysmon event");
      return LineUse.IGNORED;
    }
    return LineUse.SKIPPED;
  }

  /**
   * Removes XML declarations, processing instructions, comments, {@code <Events>} and {@code
   * </Events>} tags and byte order marks. A construct whose end is not on the line stays in the
   * result.
   */
  static String stripProlog(String text) {
    StringBuilder rest = new StringBuilder(text.length());
    // Once a terminator is missing from the rest of the line, it is not searched for again, so
    // a line full of unterminated "<?" stays linear.
    boolean[] missing = new boolean[3];
    int pos = 0;
    while (pos < text.length()) {
      int end = -1;
      if (text.startsWith("<?", pos)) {
        end = endAfter(text, "?>", pos + 2, missing, 0);
      } else if (text.startsWith("<!--", pos)) {
        end = endAfter(text, "-->", pos + 4, missing, 1);
      } else if (text.startsWith("<Events", pos) && isNameEnd(text, pos + 7)) {
        end = endAfter(text, ">", pos + 7, missing, 2);
      } else if (text.startsWith("</Events", pos) && isNameEnd(text, pos + 8)) {
        end = endAfter(text, ">", pos + 8, missing, 2);
      }
      if (end > 0) {
        pos = end;
        continue;
      }
      char c = text.charAt(pos);
      if (c != '\uFEFF') {
        rest.append(c);
      }
      pos++;
    }
    return rest.toString();
  }

  private static int endAfter(
      String text, String terminator, int from, boolean[] missing, int which) {
    if (missing[which]) {
      return -1;
    }
    int at = text.indexOf(terminator, from);
    if (at < 0) {
      missing[which] = true;
      return -1;
    }
    return at + terminator.length();
  }

  private static boolean hasControlCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\r') {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the index of the next {@code <Event} start tag at or after {@code from}, or -1. The tag
   * name must end there, which rules out {@code <Events>}, {@code <EventData>} and {@code
   * <EventID>}.
   */
  static int findStart(String text, int from) {
    int at = text.indexOf(START_TAG, from);
    while (at >= 0) {
      if (isNameEnd(text, at + START_TAG.length())) {
        return at;
      }
      at = text.indexOf(START_TAG, at + 1);
    }
    return -1;
  }

  /**
   * Returns the index just after the next {@code </Event>} end tag at or after {@code from}, or -1
   * when the line contains none.
   */
  static int findEnd(String text, int from) {
    int at = text.indexOf(END_TAG, from);
    while (at >= 0) {
      int pos = at + END_TAG.length();
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
      if (pos < text.length() && text.charAt(pos) == '>') {
        return pos + 1;
      }
      at = text.indexOf(END_TAG, at + 1);
    }
    return -1;
  }

  /** Returns whether an XML name that started earlier ends at {@code pos}, or the line does. */
  private static boolean isNameEnd(String text, int pos) {
    if (pos >= text.length()) {
      return true;
    }
    char c = text.charAt(pos);
    return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}

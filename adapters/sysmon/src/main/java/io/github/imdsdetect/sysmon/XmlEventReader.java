package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads rendered Windows event XML with the JDK's StAX parser: a whole {@code <Event>} element, or
 * the {@code <DataItem>}/{@code <EventData>} fragment that Azure Log Analytics stores in the {@code
 * EventData} column of its {@code Event} table.
 *
 * <p>DTD support is off: a {@code DOCTYPE} is passed over without reading its declarations or
 * loading an external DTD, so an element that refers to any entity but the five predefined ones is
 * invalid.
 * Element and attribute names are matched by local name, so the event namespace {@code
 * http://schemas.microsoft.com/win/2004/08/events/event} is optional.
 *
 * <p>Not thread-safe: one reader serves one parse.
 */
final class XmlEventReader {
  /** Maximum number of open elements that {@link #closeOpenElements} closes. */
  static final int MAX_REPAIR_DEPTH = 16;

  private static final String[] PREDEFINED_ENTITIES = {"lt", "gt", "amp", "quot", "apos"};

  private final XMLInputFactory factory;
  private final ParseLimits limits;
  private final Set<String> dataNames;

  /** Creates a reader that keeps the event data values under {@code dataNames}. */
  XmlEventReader(ParseLimits limits, Set<String> dataNames) {
    this.limits = limits;
    this.dataNames = dataNames;
    this.factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
  }

  /**
   * Parses one {@code <Event>} element.
   *
   * @param xml the element's text, from {@code <Event} to {@code </Event>}
   * @param line the input line where the element starts, for reports
   * @return the record, or null after the element was reported to {@link ParseSink#skipped}
   */
  WindowsEventRecord readEvent(String xml, long line, ParseSink sink) {
    return parseEvent(xml, line, sink, "invalid Windows event XML: ");
  }

  /**
   * Parses the start of an {@code <Event>} element whose end was cut off: the element is completed
   * with the end tags it lacks, so the values before the cut are kept and the value that the cut
   * split keeps its first part.
   *
   * @return the record, or null after the element was reported to {@link ParseSink#skipped}
   */
  WindowsEventRecord readCutEvent(String start, long line, ParseSink sink) {
    String repaired = closeOpenElements(start);
    if (repaired == null) {
      sink.skipped(line, "<Event> element was cut off and nests too deeply to repair");
      return null;
    }
    return parseEvent(repaired, line, sink, "invalid Windows event XML in an element cut off: ");
  }

  /**
   * Reports an element without an {@code <EventID>} tag as skipped before any parsing, because
   * input made of many such elements would otherwise create a StAX reader for each of them.
   */
  private static boolean hasEventId(String xml, long line, ParseSink sink, String problem) {
    if (xml.contains("<EventID")) {
      return true;
    }
    sink.skipped(line, problem + "<Event> has no <System><EventID>");
    return false;
  }

  private WindowsEventRecord parseEvent(String xml, long line, ParseSink sink, String problem) {
    if (!hasEventId(xml, line, sink, problem)) {
      return null;
    }
    WindowsEventRecord record = new WindowsEventRecord(dataNames, line);
    try {
      XMLStreamReader reader =
          factory.createXMLStreamReader(new StringReader(addMissingSemicolons(xml)));
      try {
        if (reader.nextTag() != XMLStreamConstants.START_ELEMENT
            || !"Event".equals(reader.getLocalName())) {
          sink.skipped(
              line, problem + "root element is <" + reader.getLocalName() + ">, expected <Event>");
          return null;
        }
        readElements(reader, record, line, sink);
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      sink.skipped(line, problem + describe(e));
      return null;
    }
    if (record.eventIdText == null) {
      sink.skipped(line, problem + "<Event> has no <System><EventID>");
      return null;
    }
    return record;
  }

  /**
   * Returns {@code xml} with a {@code ;} added after each of the five predefined entity names that
   * lacks one. Sysmon for Linux writes {@code &lt unknown process&gt } and {@code &quot SELECT ...}
   * this way, which XML parsers reject. Text that is valid XML is returned unchanged, because valid
   * XML has no {@code &} without a reference.
   */
  static String addMissingSemicolons(String xml) {
    int at = xml.indexOf('&');
    if (at < 0) {
      return xml;
    }
    StringBuilder repaired = null;
    int copied = 0;
    while (at >= 0) {
      for (String name : PREDEFINED_ENTITIES) {
        int end = at + 1 + name.length();
        if (xml.startsWith(name, at + 1) && (end >= xml.length() || xml.charAt(end) != ';')) {
          if (repaired == null) {
            repaired = new StringBuilder(xml.length() + 16);
          }
          repaired.append(xml, copied, end).append(';');
          copied = end;
          break;
        }
      }
      at = xml.indexOf('&', at + 1);
    }
    if (repaired == null) {
      return xml;
    }
    return repaired.append(xml, copied, xml.length()).toString();
  }

  /**
   * Returns {@code start}, the beginning of an element whose end was cut off, followed by end tags
   * for the elements still open, after dropping a tag or entity reference that the cut split.
   * Returns null when more than {@value #MAX_REPAIR_DEPTH} elements are open. The repair is lexical
   * and assumes no {@code >} inside attribute values, comments or CDATA; the StAX parser still
   * checks the result.
   */
  static String closeOpenElements(String start) {
    String text = start;
    int lastReference = text.lastIndexOf('&');
    if (lastReference >= 0 && text.indexOf(';', lastReference) < 0) {
      text = text.substring(0, lastReference);
    }
    int lastTag = text.lastIndexOf('<');
    if (lastTag >= 0 && text.indexOf('>', lastTag) < 0) {
      text = text.substring(0, lastTag);
    }
    Deque<String> open = new ArrayDeque<>();
    int pos = text.indexOf('<');
    while (pos >= 0 && pos + 1 < text.length()) {
      int close = text.indexOf('>', pos);
      if (close < 0) {
        break;
      }
      char kind = text.charAt(pos + 1);
      if (kind == '/') {
        open.poll();
      } else if (kind != '?' && kind != '!' && text.charAt(close - 1) != '/') {
        int nameEnd = pos + 1;
        while (nameEnd < close
            && !Character.isWhitespace(text.charAt(nameEnd))
            && text.charAt(nameEnd) != '/') {
          nameEnd++;
        }
        open.push(text.substring(pos + 1, nameEnd));
        if (open.size() > MAX_REPAIR_DEPTH) {
          return null;
        }
      }
      pos = text.indexOf('<', close);
    }
    StringBuilder repaired = new StringBuilder(text);
    for (String name : open) {
      repaired.append("</").append(name).append('>');
    }
    return repaired.toString();
  }

  /**
   * Adds the {@code <Data Name="...">} values of an XML fragment, such as Azure's {@code
   * <DataItem><EventData>...</EventData></DataItem>}, to {@code record}. When the fragment is
   * invalid, the values read before the error stay in the record.
   *
   * @return null when the fragment was read to its end, otherwise why it is invalid
   */
  String readEventData(String xml, WindowsEventRecord record, long line, ParseSink sink) {
    try {
      XMLStreamReader reader =
          factory.createXMLStreamReader(new StringReader(addMissingSemicolons(xml)));
      try {
        readElements(reader, record, line, sink);
      } finally {
        reader.close();
      }
      return null;
    } catch (XMLStreamException e) {
      return describe(e);
    }
  }

  /**
   * Reads elements to the end of the document. The {@code System} header fields are taken from
   * inside {@code <System>} and the data values from {@code <Data Name>} inside {@code
   * <EventData>}, at any depth, so both a full event and a bare data fragment work.
   */
  private void readElements(
      XMLStreamReader reader, WindowsEventRecord record, long line, ParseSink sink)
      throws XMLStreamException {
    int systemDepth = 0;
    int eventDataDepth = 0;
    while (reader.hasNext()) {
      int type = reader.next();
      if (type == XMLStreamConstants.END_ELEMENT) {
        String name = reader.getLocalName();
        if ("System".equals(name) && systemDepth > 0) {
          systemDepth--;
        } else if ("EventData".equals(name) && eventDataDepth > 0) {
          eventDataDepth--;
        }
        continue;
      }
      if (type != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      String name = reader.getLocalName();
      if ("System".equals(name)) {
        systemDepth++;
      } else if ("EventData".equals(name)) {
        eventDataDepth++;
      } else if (systemDepth > 0) {
        readSystemElement(reader, name, record, line, sink);
      } else if (eventDataDepth > 0 && "Data".equals(name)) {
        String dataName = reader.getAttributeValue(null, "Name");
        String value = text(reader, dataName == null ? "Data" : dataName, line, sink);
        if (dataName != null) {
          record.putData(dataName, value);
        }
      }
    }
  }

  private void readSystemElement(
      XMLStreamReader reader, String name, WindowsEventRecord record, long line, ParseSink sink)
      throws XMLStreamException {
    switch (name) {
      case "Provider":
        record.provider = bounded(reader.getAttributeValue(null, "Name"), name, line, sink);
        record.providerGuid = bounded(reader.getAttributeValue(null, "Guid"), name, line, sink);
        break;
      case "TimeCreated":
        record.systemTime = bounded(reader.getAttributeValue(null, "SystemTime"), name, line, sink);
        break;
      case "EventID":
        record.eventIdText = text(reader, name, line, sink);
        break;
      case "Channel":
        record.channel = text(reader, name, line, sink);
        break;
      case "Computer":
        record.computer = text(reader, name, line, sink);
        break;
      default:
        break;
    }
  }

  /** Reads the text of a leaf element, cut to the field limit. */
  private String text(XMLStreamReader reader, String field, long line, ParseSink sink)
      throws XMLStreamException {
    return bounded(reader.getElementText(), field, line, sink);
  }

  private String bounded(String value, String field, long line, ParseSink sink) {
    if (value == null || value.length() <= limits.maxFieldChars()) {
      return value;
    }
    sink.truncated(line, field, value.length());
    return value.substring(0, limits.maxFieldChars());
  }

  /** Returns the parser's message on one line, without the JDK's "ParseError at" prefix. */
  private static String describe(XMLStreamException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int start = message.indexOf("Message: ");
    if (start >= 0) {
      message = message.substring(start + "Message: ".length());
    }
    String position = "";
    if (e.getLocation() != null && e.getLocation().getLineNumber() > 0) {
      position =
          " (row "
              + e.getLocation().getLineNumber()
              + ", column "
              + e.getLocation().getColumnNumber()
              + " of the XML text)";
    }
    return message.replace('\n', ' ').replace('\r', ' ').trim() + position;
  }
}

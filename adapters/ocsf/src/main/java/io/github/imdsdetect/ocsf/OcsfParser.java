package io.github.imdsdetect.ocsf;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.adapter.JsonRecords;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads OCSF 1.x events as Amazon Security Lake and other producers write them: JSON lines, a JSON
 * array of events, or single (pretty-printed) events. Nested objects and dotted keys give the same
 * event. Four classes become events, each mapped by {@link OcsfEventMapper}: Process Activity
 * (1007), Network Activity (4001), HTTP Activity (4002) and DNS Activity (4003).
 *
 * <p>The class is {@code class_uid}. Without it, the class is {@code type_uid / 100}, because OCSF
 * defines {@code type_uid} as {@code class_uid * 100 + activity_id}. Without either, an event of
 * category 1 (System Activity) or 4 (Network Activity) is classified by the objects it contains:
 * {@code process} for Process Activity, {@code query.hostname} for DNS, {@code http_request} for
 * HTTP and {@code dst_endpoint} for Network Activity.
 *
 * <p>Other classes go to {@link ParseSink#ignored} as {@code OCSF class <uid>}, and JSON objects
 * without any OCSF id as {@value #NOT_OCSF_KIND}. An event with a category id whose class cannot be
 * determined goes there as {@value #UNCLASSIFIED_KIND}. A class, type or category id that is not a
 * whole number goes to {@link ParseSink#skipped}, and so does malformed JSON.
 */
public final class OcsfParser implements EventParser {
  /** The kind that {@link ParseSink#ignored} receives for a JSON object without an OCSF class. */
  static final String NOT_OCSF_KIND = "JSON object without OCSF class_uid";

  /** The kind that {@link ParseSink#ignored} receives for an event whose class is unknown. */
  static final String UNCLASSIFIED_KIND = "OCSF event without class_uid or type_uid";

  /** Key of the arrays of {@code {name, value}} objects that hold HTTP headers. */
  private static final String HTTP_HEADERS = "http_headers";

  private static final int PROCESS_ACTIVITY = 1007;
  private static final int NETWORK_ACTIVITY = 4001;
  private static final int HTTP_ACTIVITY = 4002;
  private static final int DNS_ACTIVITY = 4003;
  private static final int NO_CLASS = -1;
  private static final int UNCLASSIFIED = -2;

  /** Maximum digits of an id that is read. The largest ids of OCSF 1.1.0, type uids, have 6. */
  private static final int MAX_ID_DIGITS = 9;

  private static final Pattern CLASS_UID = key("class_uid");
  private static final Pattern CATEGORY_UID = key("category_uid");
  private static final Pattern TYPE_UID = key("type_uid");
  private static final Pattern ACTIVITY_ID = key("activity_id");
  private static final Pattern METADATA_VERSION =
      Pattern.compile("\"metadata\"\\s*:\\s*\\{|\"metadata\\.(version|product)");
  private static final Pattern PRODUCT_OBJECT = Pattern.compile("\"product\"\\s*:\\s*\\{");
  private static final Pattern VERSION_NUMBER = Pattern.compile("[\".]version\"\\s*:\\s*\"\\d+\\.");

  /** Creates a parser, which keeps no state between calls. */
  public OcsfParser() {}

  private static Pattern key(String name) {
    return Pattern.compile("\"" + name + "\"\\s*:\\s*\"?\\d");
  }

  @Override
  public String format() {
    return "ocsf";
  }

  /**
   * Scores the head by the OCSF keys it contains: 95 for {@code class_uid} with {@code
   * category_uid}, {@code type_uid} or {@code activity_id}, 85 for {@code class_uid} alone, 80 for
   * {@code type_uid} with {@code category_uid}, 60 for {@code type_uid} or {@code category_uid}
   * with an OCSF {@code metadata} object, 30 for such a {@code metadata} object alone, and 0 for
   * input that does not start with a JSON object or array.
   */
  @Override
  public int sniff(String head) {
    int start = 0;
    while (start < head.length()
        && (Character.isWhitespace(head.charAt(start)) || head.charAt(start) == '\uFEFF')) {
      start++;
    }
    if (start == head.length() || (head.charAt(start) != '{' && head.charAt(start) != '[')) {
      return 0;
    }
    boolean classUid = CLASS_UID.matcher(head).find();
    boolean categoryUid = CATEGORY_UID.matcher(head).find();
    boolean typeUid = TYPE_UID.matcher(head).find();
    if (classUid && (categoryUid || typeUid || ACTIVITY_ID.matcher(head).find())) {
      return 95;
    }
    if (classUid) {
      return 85;
    }
    if (typeUid && categoryUid) {
      return 80;
    }
    boolean metadata =
        METADATA_VERSION.matcher(head).find()
            && (PRODUCT_OBJECT.matcher(head).find() || head.contains("\"metadata.product"))
            && VERSION_NUMBER.matcher(head).find();
    if (metadata && (typeUid || categoryUid)) {
      return 60;
    }
    return metadata ? 30 : 0;
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    JsonRecords records = new JsonRecords(Set.of(HTTP_HEADERS), limits);
    CountingSink counting = CountingSink.of(sink);
    HttpHeaderBuffer headers = new HttpHeaderBuffer(limits, counting);
    return records.read(in, record -> deliver(record, source, headers, counting), counting);
  }

  /**
   * Maps one record. An element of a container array, such as a header object, is part of the
   * record around it: only an event or an invalid id in it is reported on its own. Every other
   * record gets one report.
   */
  private static void deliver(
      FlatRecord record, String source, HttpHeaderBuffer headers, ParseSink sink) {
    if (record.inContainer() && HttpHeaderBuffer.isHeader(record)) {
      headers.add(record);
      return;
    }
    int classUid;
    try {
      classUid = classUid(record);
    } catch (InvalidIdException e) {
      headers.take(record.line());
      sink.skipped(record.line(), e.getMessage());
      return;
    }
    if (classUid == NO_CLASS) {
      if (!record.inContainer()) {
        headers.take(record.line());
        sink.ignored(record.line(), NOT_OCSF_KIND);
      }
      return;
    }
    String hostHeader = headers.host();
    String headerLines = headers.take(record.line());
    switch (classUid) {
      case PROCESS_ACTIVITY:
        sink.event(new OcsfEventMapper(record, source).processActivity());
        break;
      case NETWORK_ACTIVITY:
        sink.event(new OcsfEventMapper(record, source).networkActivity());
        break;
      case HTTP_ACTIVITY:
        sink.event(new OcsfEventMapper(record, source).httpActivity(headerLines, hostHeader));
        break;
      case DNS_ACTIVITY:
        sink.event(new OcsfEventMapper(record, source).dnsActivity());
        break;
      case UNCLASSIFIED:
        sink.ignored(record.line(), UNCLASSIFIED_KIND);
        break;
      default:
        sink.ignored(record.line(), "OCSF class " + classUid);
        break;
    }
  }

  /**
   * Returns the record's OCSF class uid, {@link #UNCLASSIFIED} for a category whose class cannot be
   * determined from the record's objects, or {@link #NO_CLASS} when the record has no class, type
   * or category id.
   *
   * @throws InvalidIdException when the id that decides is not a whole number
   */
  private static int classUid(FlatRecord record) throws InvalidIdException {
    String classUid = record.get("class_uid");
    if (classUid != null) {
      return parseId("class_uid", classUid);
    }
    String typeUid = record.get("type_uid");
    if (typeUid != null) {
      return parseId("type_uid", typeUid) / 100;
    }
    String categoryUid = record.get("category_uid");
    if (categoryUid != null) {
      return classOfCategory(parseId("category_uid", categoryUid), record);
    }
    return NO_CLASS;
  }

  private static int classOfCategory(int categoryUid, FlatRecord record) {
    if (categoryUid == 1 && hasKeyUnder(record, "process.")) {
      return PROCESS_ACTIVITY;
    }
    if (categoryUid == 4) {
      if (record.get("query.hostname") != null) {
        return DNS_ACTIVITY;
      }
      if (hasKeyUnder(record, "http_request.")) {
        return HTTP_ACTIVITY;
      }
      if (hasKeyUnder(record, "dst_endpoint.")) {
        return NETWORK_ACTIVITY;
      }
    }
    return UNCLASSIFIED;
  }

  private static boolean hasKeyUnder(FlatRecord record, String prefix) {
    for (String key : record.keys()) {
      if (key.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Parses an id of 1 to {@value #MAX_ID_DIGITS} decimal digits. */
  private static int parseId(String name, String value) throws InvalidIdException {
    if (value.isEmpty() || value.length() > MAX_ID_DIGITS) {
      throw new InvalidIdException(name, value);
    }
    int id = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidIdException(name, value);
      }
      id = id * 10 + (c - '0');
    }
    return id;
  }

  /** Exception for an OCSF id that is not a whole number. Its message is the sink's reason. */
  private static final class InvalidIdException extends Exception {
    private static final int MAX_SHOWN_CHARS = 40;

    InvalidIdException(String name, String value) {
      super(
          "invalid OCSF "
              + name
              + ": expected a whole number, found \""
              + (value.length() > MAX_SHOWN_CHARS
                  ? value.substring(0, MAX_SHOWN_CHARS) + "…"
                  : value)
              + "\"",
          null,
          false,
          false);
    }
  }
}

package io.github.imdsdetect.generators;

import io.github.imdsdetect.core.SimpleEvent;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Renders HTTP requests as Zeek http.log JSON and as Combined access log lines. */
final class WebRecords {
  private static final DateTimeFormatter COMBINED_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private WebRecords() {}

  static String renderZeek(LabelledEvent labelled, RecordContext context) {
    SimpleEvent event = labelled.event();
    long micros = context.time().toEpochMilli() * 1000 + context.sequence() % 1000;
    return RecordText.json(json -> {
      json.writeStartObject();
      json.writeFieldName("ts");
      json.writeNumber(BigDecimal.valueOf(micros, 6));
      json.writeStringField("uid", String.format(Locale.ROOT, "C%017X", 0x5EED_0000L + context.sequence()));
      json.writeStringField("id.orig_h", context.sourceAddress());
      json.writeNumberField("id.orig_p", context.sourcePort());
      RecordText.field(json, "id.resp_h", event.destinationAddress());
      json.writeNumberField("id.resp_p", event.destinationPort());
      json.writeNumberField("trans_depth", 1);
      RecordText.field(json, "method", event.httpMethod());
      RecordText.field(json, "host", event.urlHost());
      json.writeStringField("uri", uri(event));
      json.writeStringField("version", "1.1");
      json.writeStringField("user_agent", userAgent(labelled));
      json.writeNumberField("request_body_len", 0);
      json.writeNumberField("response_body_len", 1024);
      json.writeNumberField("status_code", 200);
      json.writeStringField("status_msg", "OK");
      json.writeArrayFieldStart("tags");
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /**
   * Renders a Combined log line. Apache escapes a double quote and a backslash in the request
   * line with a backslash, and so does this renderer.
   */
  static String renderCombined(LabelledEvent labelled, RecordContext context) {
    SimpleEvent event = labelled.event();
    String request = (event.httpMethod() + " " + uri(event) + " HTTP/1.1")
        .replace("\\", "\\\\").replace("\"", "\\\"");
    return context.sourceAddress() + " - - [" + COMBINED_TIME.format(context.time()) + "] \""
        + request + "\" 200 1024 \"-\" \"" + userAgent(labelled) + "\"";
  }

  private static String uri(SimpleEvent event) {
    return event.urlPath() + (event.urlQuery() == null ? "" : "?" + event.urlQuery());
  }

  private static String userAgent(LabelledEvent labelled) {
    return labelled.carrier() == Carrier.URL_QUERY_PARAMETER
        ? "python-requests/2.32.3" : "curl/8.5.0";
  }
}

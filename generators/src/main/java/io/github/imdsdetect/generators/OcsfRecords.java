package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.RecordText.field;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;

/**
 * Renders OCSF 1.1.0 events: Process Activity (1007) Launch, Network Activity (4001) Open, DNS
 * Activity (4003) Response and HTTP Activity (4002) with the activity of the request method.
 */
final class OcsfRecords {
  private OcsfRecords() {}

  static String render(LabelledEvent labelled, RecordContext context) {
    Carrier carrier = labelled.carrier();
    SimpleEvent event = labelled.event();
    return RecordText.json(json -> {
      json.writeStartObject();
      if (carrier == Carrier.COMMAND_LINE) {
        classHeader(json, 1007, "Process Activity", 1, "System Activity", 1, "Launch");
      } else if (carrier.isDns()) {
        classHeader(json, 4003, "DNS Activity", 4, "Network Activity", 2, "Response");
      } else if (carrier.isHttp()) {
        boolean put = "PUT".equals(String.valueOf(event.httpMethod()));
        classHeader(json, 4002, "HTTP Activity", 4, "Network Activity", put ? 7 : 3,
            put ? "Put" : "Get");
      } else {
        classHeader(json, 4001, "Network Activity", 4, "Network Activity", 1, "Open");
      }
      json.writeNumberField("time", context.time().toEpochMilli());
      json.writeObjectFieldStart("metadata");
      json.writeStringField("version", "1.1.0");
      json.writeObjectFieldStart("product");
      json.writeStringField("name", "imds-detect generators");
      json.writeStringField("vendor_name", "imds-detect");
      json.writeEndObject();
      json.writeEndObject();
      json.writeObjectFieldStart("device");
      field(json, "hostname", event.host());
      json.writeStringField("ip", context.sourceAddress());
      json.writeEndObject();
      boolean hasProcess = event.processName() != null || event.processExecutable() != null;
      if (carrier == Carrier.COMMAND_LINE) {
        json.writeObjectFieldStart("process");
        process(json, labelled, context);
        json.writeEndObject();
      } else if (hasProcess) {
        json.writeObjectFieldStart("actor");
        json.writeObjectFieldStart("process");
        process(json, labelled, context);
        json.writeEndObject();
        json.writeEndObject();
      }
      if (carrier.isDns()) {
        dns(json, event);
      } else if (carrier != Carrier.COMMAND_LINE) {
        endpoints(json, event, context);
      }
      if (carrier.isHttp()) {
        http(json, event);
      }
      json.writeEndObject();
    });
  }

  private static void classHeader(
      JsonGenerator json, int classUid, String className, int categoryUid, String categoryName,
      int activityId, String activityName) throws IOException {
    json.writeNumberField("class_uid", classUid);
    json.writeStringField("class_name", className);
    json.writeNumberField("category_uid", categoryUid);
    json.writeStringField("category_name", categoryName);
    json.writeNumberField("activity_id", activityId);
    json.writeStringField("activity_name", activityName);
    json.writeNumberField("type_uid", classUid * 100L + activityId);
    json.writeStringField("type_name", className + ": " + activityName);
    json.writeNumberField("severity_id", 1);
    json.writeStringField("severity", "Informational");
  }

  private static void process(JsonGenerator json, LabelledEvent labelled, RecordContext context)
      throws IOException {
    SimpleEvent event = labelled.event();
    json.writeNumberField("pid", context.pid());
    field(json, "name", event.processName());
    field(json, "cmd_line", event.commandLine());
    if (event.processExecutable() != null) {
      file(json, event.processExecutable().toString());
    }
    if (event.user() != null) {
      json.writeObjectFieldStart("user");
      field(json, "name", event.user());
      json.writeEndObject();
    }
    if (event.parentProcessExecutable() != null || event.parentProcessName() != null) {
      json.writeObjectFieldStart("parent_process");
      json.writeNumberField("pid", context.parentPid());
      field(json, "name", event.parentProcessName());
      if (event.parentProcessExecutable() != null) {
        file(json, event.parentProcessExecutable().toString());
      }
      json.writeEndObject();
    }
  }

  private static void file(JsonGenerator json, String path) throws IOException {
    json.writeObjectFieldStart("file");
    json.writeStringField("path", path);
    json.writeStringField("name", RecordText.baseName(path));
    json.writeStringField("parent_folder", RecordText.parent(path));
    json.writeNumberField("type_id", 1);
    json.writeStringField("type", "Regular File");
    json.writeEndObject();
  }

  private static void endpoints(JsonGenerator json, SimpleEvent event, RecordContext context)
      throws IOException {
    json.writeObjectFieldStart("src_endpoint");
    json.writeStringField("ip", context.sourceAddress());
    json.writeNumberField("port", context.sourcePort());
    json.writeEndObject();
    json.writeObjectFieldStart("dst_endpoint");
    field(json, "ip", event.destinationAddress());
    json.writeNumberField("port", event.destinationPort());
    json.writeEndObject();
    json.writeObjectFieldStart("connection_info");
    json.writeStringField("protocol_name", "tcp");
    json.writeNumberField("direction_id", 2);
    json.writeStringField("direction", "Outbound");
    json.writeEndObject();
  }

  private static void dns(JsonGenerator json, SimpleEvent event) throws IOException {
    json.writeObjectFieldStart("query");
    field(json, "hostname", event.dnsQueryName());
    json.writeStringField("type", "A");
    json.writeStringField("class", "IN");
    json.writeEndObject();
    if (event.dnsAnswers() != null) {
      json.writeArrayFieldStart("answers");
      for (String answer : event.dnsAnswers().toString().split(", ")) {
        json.writeStartObject();
        json.writeStringField("rdata", answer);
        json.writeStringField("type", answer.indexOf(':') >= 0 ? "AAAA" : "A");
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeNumberField("rcode_id", 0);
    json.writeStringField("rcode", "NoError");
  }

  private static void http(JsonGenerator json, SimpleEvent event) throws IOException {
    json.writeObjectFieldStart("http_request");
    field(json, "http_method", event.httpMethod());
    json.writeObjectFieldStart("url");
    field(json, "url_string", event.url());
    field(json, "hostname", event.urlHost());
    field(json, "path", event.urlPath());
    field(json, "query_string", event.urlQuery());
    json.writeStringField("scheme", "http");
    json.writeEndObject();
    if (event.httpHeaders() != null) {
      json.writeArrayFieldStart("http_headers");
      for (String line : event.httpHeaders().toString().split("\n")) {
        int colon = line.indexOf(':');
        json.writeStartObject();
        json.writeStringField("name", line.substring(0, colon));
        json.writeStringField("value", line.substring(colon + 1).strip());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
    json.writeObjectFieldStart("http_response");
    json.writeNumberField("code", 200);
    json.writeEndObject();
  }
}

package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.RecordText.field;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Renders Elastic Common Schema 8.11 documents as an Elastic Agent would ship them. */
final class EcsRecords {
  private EcsRecords() {}

  static String render(LabelledEvent labelled, RecordContext context) {
    SimpleEvent event = labelled.event();
    Carrier carrier = labelled.carrier();
    return RecordText.json(json -> {
      json.writeStartObject();
      field(json, "@timestamp", event.time());
      json.writeObjectFieldStart("ecs");
      json.writeStringField("version", "8.11.0");
      json.writeEndObject();
      json.writeObjectFieldStart("event");
      json.writeStringField("kind", "event");
      if (carrier == Carrier.COMMAND_LINE) {
        RecordText.stringArray(json, "category", List.of("process"));
        RecordText.stringArray(json, "type", List.of("start"));
        json.writeStringField("action", "exec");
      } else if (carrier.isDns()) {
        RecordText.stringArray(json, "category", List.of("network"));
        RecordText.stringArray(json, "type", List.of("protocol", "info"));
        json.writeStringField("action", "lookup_result");
      } else if (carrier.isHttp()) {
        RecordText.stringArray(json, "category", List.of("network", "web"));
        RecordText.stringArray(json, "type", List.of("access", "protocol"));
      } else {
        RecordText.stringArray(json, "category", List.of("network"));
        RecordText.stringArray(json, "type", List.of("connection", "start"));
        json.writeStringField("action", "connection_attempted");
      }
      json.writeEndObject();
      json.writeObjectFieldStart("host");
      field(json, "name", event.host());
      json.writeEndObject();
      if (event.user() != null) {
        json.writeObjectFieldStart("user");
        field(json, "name", event.user());
        json.writeEndObject();
      }
      if (event.processName() != null || event.processExecutable() != null) {
        process(json, labelled, context);
      }
      if (event.destinationAddress() != null) {
        json.writeObjectFieldStart("source");
        json.writeStringField("ip", context.sourceAddress());
        json.writeNumberField("port", context.sourcePort());
        json.writeEndObject();
        json.writeObjectFieldStart("destination");
        field(json, "ip", event.destinationAddress());
        json.writeNumberField("port", event.destinationPort());
        json.writeEndObject();
        json.writeObjectFieldStart("network");
        json.writeStringField("transport", "tcp");
        json.writeEndObject();
      }
      if (carrier.isDns()) {
        dns(json, event);
      }
      if (carrier.isHttp()) {
        http(json, event);
      }
      json.writeEndObject();
    });
  }

  private static void process(JsonGenerator json, LabelledEvent labelled, RecordContext context)
      throws IOException {
    SimpleEvent event = labelled.event();
    json.writeObjectFieldStart("process");
    json.writeNumberField("pid", context.pid());
    field(json, "name", event.processName());
    field(json, "executable", event.processExecutable());
    field(json, "command_line", event.commandLine());
    if (!labelled.arguments().isEmpty()) {
      RecordText.stringArray(json, "args", labelled.arguments());
      json.writeNumberField("args_count", labelled.arguments().size());
    }
    if (event.parentProcessExecutable() != null || event.parentProcessName() != null) {
      json.writeObjectFieldStart("parent");
      json.writeNumberField("pid", context.parentPid());
      field(json, "name", event.parentProcessName());
      field(json, "executable", event.parentProcessExecutable());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void dns(JsonGenerator json, SimpleEvent event) throws IOException {
    json.writeObjectFieldStart("dns");
    json.writeStringField("type", "answer");
    json.writeObjectFieldStart("question");
    field(json, "name", event.dnsQueryName());
    json.writeStringField("type", "A");
    json.writeEndObject();
    if (event.dnsAnswers() != null) {
      List<String> answers = Arrays.asList(event.dnsAnswers().toString().split(", "));
      json.writeArrayFieldStart("answers");
      for (String answer : answers) {
        json.writeStartObject();
        json.writeStringField("data", answer);
        json.writeStringField("type", answer.indexOf(':') >= 0 ? "AAAA" : "A");
        json.writeEndObject();
      }
      json.writeEndArray();
      RecordText.stringArray(json, "resolved_ip", answers);
    }
    json.writeEndObject();
  }

  private static void http(JsonGenerator json, SimpleEvent event) throws IOException {
    json.writeObjectFieldStart("url");
    field(json, "full", event.url());
    field(json, "domain", event.urlHost());
    field(json, "path", event.urlPath());
    field(json, "query", event.urlQuery());
    json.writeEndObject();
    json.writeObjectFieldStart("http");
    json.writeObjectFieldStart("request");
    field(json, "method", event.httpMethod());
    if (event.httpHeaders() != null) {
      json.writeObjectFieldStart("headers");
      for (String line : event.httpHeaders().toString().split("\n")) {
        int colon = line.indexOf(':');
        json.writeStringField(line.substring(0, colon), line.substring(colon + 1).strip());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
  }
}

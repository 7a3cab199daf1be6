package io.github.imdsdetect.kafkastreams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Writes a finding as the JSON value of one message on the findings topic. The field names are
 * those of the {@code imds-detect scan} JSON output, with the input topic as {@code source}, plus
 * an {@code input} object with the {@code topic}, {@code partition} and {@code offset} of the
 * record the finding came from. Absent values are left out.
 */
final class FindingJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private FindingJson() {}

  /**
   * Returns the JSON object for one finding.
   *
   * @param topic the input topic, written as {@code source}
   * @param partition the input partition, or -1 when unknown
   * @param offset the input record's offset, or -1 when unknown
   * @param line the line of the event within the record, 1 for a one-line record
   */
  static String write(
      String topic, int partition, long offset, long line, Finding finding, Event event) {
    StringWriter out = new StringWriter(768);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("source", topic);
      json.writeNumberField("line", line);
      json.writeStringField("rule_id", finding.ruleId());
      json.writeStringField("title", finding.title());
      json.writeStringField("severity", finding.severity().name().toLowerCase(Locale.ROOT));
      json.writeStringField("technique", finding.technique());
      json.writeStringField("field", finding.field().fieldName());
      json.writeStringField("indicator", finding.indicator());
      json.writeStringField("matched", finding.matchedText());
      if (finding.offset() >= 0) {
        json.writeNumberField("offset", finding.offset());
      }
      json.writeStringField("provider", finding.provider());
      json.writeStringField("data_kind", finding.dataKind());
      json.writeStringField("reason", finding.reason());
      writeEvent(json, event);
      json.writeObjectFieldStart("input");
      json.writeStringField("topic", topic);
      if (partition >= 0) {
        json.writeNumberField("partition", partition);
      }
      if (offset >= 0) {
        json.writeNumberField("offset", offset);
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a StringWriter failed", e);
    }
    return out.toString();
  }

  private static void writeEvent(JsonGenerator json, Event event) throws IOException {
    json.writeObjectFieldStart("event");
    writeText(json, "time", event.time());
    writeText(json, "host", event.host());
    writeText(json, "user", event.user());
    writeText(json, "process_name", event.processName());
    writeText(json, "process_executable", event.processExecutable());
    writeText(json, "command_line", event.commandLine());
    writeText(json, "parent_process_name", event.parentProcessName());
    writeText(json, "parent_process_executable", event.parentProcessExecutable());
    writeText(json, "destination_address", event.destinationAddress());
    if (event.destinationPort() >= 0) {
      json.writeNumberField("destination_port", event.destinationPort());
    }
    writeText(json, "dns_query_name", event.dnsQueryName());
    writeText(json, "url", event.url());
    json.writeEndObject();
  }

  private static void writeText(JsonGenerator json, String name, CharSequence value)
      throws IOException {
    if (value != null) {
      json.writeStringField(name, value.toString());
    }
  }
}

package io.github.imdsdetect.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * One finding flattened to strings and numbers, with a summary of the event it was found in.
 * Flink serializes it with its POJO serializer for records. Absent event fields are null, and
 * absent numbers are -1.
 *
 * @param source the source name of the record
 * @param line the line of the event: the record's line in its source plus the line within the
 *     record, or the line within the record when the source line is unknown
 * @param ruleId stable rule id, such as {@code imds.cmdline.endpoint}
 * @param title one-line rule title
 * @param severity {@code informational}, {@code low}, {@code medium}, {@code high} or
 *     {@code critical}
 * @param technique MITRE ATT&amp;CK technique id, {@code T1552.005}
 * @param field the ECS-style name of the event field that matched, such as
 *     {@code process.command_line}
 * @param indicator the indicator as the rule writes it
 * @param matchedText the text of the field that matched
 * @param offset the char offset of {@code matchedText} in the field, or -1 for a rule that
 *     compares the whole field
 * @param provider the cloud provider whose metadata service was reached, or {@code unknown}
 * @param dataKind what kind of data was reached, such as {@code credentials}
 * @param reason one sentence a person can read
 * @param eventTime the event time as the source wrote it
 * @param host the host that recorded the event
 * @param user the user the process ran as
 * @param processName the process name
 * @param processExecutable the full path of the process executable
 * @param commandLine the process command line
 * @param parentProcessName the parent process name
 * @param parentProcessExecutable the full path of the parent process executable
 * @param destinationAddress the destination address of a network connection
 * @param destinationPort the destination port of a network connection, or -1
 * @param dnsQueryName the name asked for in a DNS query
 * @param url the full URL of an HTTP request
 */
public record DetectionResult(
    String source,
    long line,
    String ruleId,
    String title,
    String severity,
    String technique,
    String field,
    String indicator,
    String matchedText,
    int offset,
    String provider,
    String dataKind,
    String reason,
    String eventTime,
    String host,
    String user,
    String processName,
    String processExecutable,
    String commandLine,
    String parentProcessName,
    String parentProcessExecutable,
    String destinationAddress,
    int destinationPort,
    String dnsQueryName,
    String url) {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /**
   * Copies a finding and the event fields it is reported with.
   *
   * @param source the source name of the record
   * @param line the line of the event, stored unchanged
   * @param finding the finding to copy
   * @param event the event the finding was found in
   * @return a new result, with the severity name in lower case
   */
  public static DetectionResult of(String source, long line, Finding finding, Event event) {
    return new DetectionResult(
        source,
        line,
        finding.ruleId(),
        finding.title(),
        finding.severity().name().toLowerCase(Locale.ROOT),
        finding.technique(),
        finding.field().fieldName(),
        finding.indicator(),
        finding.matchedText(),
        finding.offset(),
        finding.provider(),
        finding.dataKind(),
        finding.reason(),
        text(event.time()),
        text(event.host()),
        text(event.user()),
        text(event.processName()),
        text(event.processExecutable()),
        text(event.commandLine()),
        text(event.parentProcessName()),
        text(event.parentProcessExecutable()),
        text(event.destinationAddress()),
        event.destinationPort(),
        text(event.dnsQueryName()),
        text(event.url()));
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  /**
   * Writes this result as one JSON object without a line end. The field names are those of the
   * {@code imds-detect scan} JSON output: {@code source}, {@code line}, {@code rule_id} and so
   * on, with the event fields in a nested {@code event} object. Absent values are left out.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("source", source);
      json.writeNumberField("line", line);
      json.writeStringField("rule_id", ruleId);
      json.writeStringField("title", title);
      json.writeStringField("severity", severity);
      json.writeStringField("technique", technique);
      json.writeStringField("field", field);
      json.writeStringField("indicator", indicator);
      json.writeStringField("matched", matchedText);
      if (offset >= 0) {
        json.writeNumberField("offset", offset);
      }
      json.writeStringField("provider", provider);
      json.writeStringField("data_kind", dataKind);
      json.writeStringField("reason", reason);
      json.writeObjectFieldStart("event");
      writeIfPresent(json, "time", eventTime);
      writeIfPresent(json, "host", host);
      writeIfPresent(json, "user", user);
      writeIfPresent(json, "process_name", processName);
      writeIfPresent(json, "process_executable", processExecutable);
      writeIfPresent(json, "command_line", commandLine);
      writeIfPresent(json, "parent_process_name", parentProcessName);
      writeIfPresent(json, "parent_process_executable", parentProcessExecutable);
      writeIfPresent(json, "destination_address", destinationAddress);
      if (destinationPort >= 0) {
        json.writeNumberField("destination_port", destinationPort);
      }
      writeIfPresent(json, "dns_query_name", dnsQueryName);
      writeIfPresent(json, "url", url);
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a StringWriter failed", e);
    }
    return out.toString();
  }

  private static void writeIfPresent(JsonGenerator json, String name, String value)
      throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}

package io.github.imdsdetect.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.ExclusionCheck;
import io.github.imdsdetect.core.Explanation;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Suppression;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Writes each finding as one JSON object on its own line (JSON Lines), in UTF-8. The field names
 * are part of the scanner's interface and are listed in the help text: change them only with a
 * new major version.
 */
final class JsonFindingWriter implements FindingWriter {
  private final JsonGenerator generator;

  JsonFindingWriter(OutputStream out) throws IOException {
    JsonFactory factory =
        new JsonFactoryBuilder()
            .characterEscapes(new JsonEscapes())
            .rootValueSeparator((String) null)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    generator = factory.createGenerator(out, JsonEncoding.UTF8);
  }

  @Override
  public void write(String source, Finding finding, Suppression suppression, Event event)
      throws IOException {
    generator.writeStartObject();
    generator.writeStringField("source", source);
    generator.writeNumberField("line", finding.origin().line());
    generator.writeStringField("rule_id", finding.ruleId());
    generator.writeStringField("title", finding.title());
    generator.writeStringField("severity", finding.severity().name().toLowerCase(Locale.ROOT));
    generator.writeStringField("technique", finding.technique());
    generator.writeStringField("field", finding.field().fieldName());
    generator.writeStringField("indicator", finding.indicator());
    generator.writeStringField("matched", finding.matchedText());
    if (finding.offset() >= 0) {
      generator.writeNumberField("offset", finding.offset());
    }
    generator.writeStringField("provider", finding.provider());
    generator.writeStringField("data_kind", finding.dataKind());
    generator.writeStringField("reason", finding.reason());
    if (suppression != null) {
      generator.writeBooleanField("suppressed", true);
      generator.writeStringField("exclusion", suppression.exclusionId());
      generator.writeStringField("suppression_reason", suppression.reason());
    }
    writeEvent(event);
    generator.writeEndObject();
    generator.writeRaw('\n');
  }

  /**
   * Writes one line {@code {"source", "line", "explanation": {"process_class", "rules": [...]}}}.
   * It has no {@code rule_id}, which distinguishes it from a finding line.
   */
  @Override
  public void writeExplanation(String source, long line, Explanation explanation)
      throws IOException {
    generator.writeStartObject();
    generator.writeStringField("source", source);
    generator.writeNumberField("line", line);
    generator.writeObjectFieldStart("explanation");
    generator.writeStringField("process_class", explanation.processClass());
    generator.writeArrayFieldStart("rules");
    for (Explanation.RuleTrace trace : explanation.rules()) {
      generator.writeStartObject();
      generator.writeStringField("rule_id", trace.ruleId());
      generator.writeBooleanField("fired", trace.fired());
      generator.writeArrayFieldStart("matches");
      for (Finding match : trace.matches()) {
        generator.writeStartObject();
        generator.writeStringField("field", match.field().fieldName());
        generator.writeStringField("indicator", match.indicator());
        generator.writeStringField("matched", match.matchedText());
        if (match.offset() >= 0) {
          generator.writeNumberField("offset", match.offset());
        }
        generator.writeStringField("severity", match.severity().name().toLowerCase(Locale.ROOT));
        generator.writeEndObject();
      }
      generator.writeEndArray();
      generator.writeArrayFieldStart("exclusions");
      for (ExclusionCheck check : trace.exclusions()) {
        generator.writeStartObject();
        generator.writeStringField("id", check.exclusionId());
        generator.writeBooleanField("applied", check.applied());
        generator.writeStringField("reason", check.reason());
        generator.writeEndObject();
      }
      generator.writeEndArray();
      generator.writeEndObject();
    }
    generator.writeEndArray();
    generator.writeEndObject();
    generator.writeEndObject();
    generator.writeRaw('\n');
  }

  private void writeEvent(Event event) throws IOException {
    generator.writeObjectFieldStart("event");
    writeText("time", event.time());
    writeText("host", event.host());
    writeText("user", event.user());
    writeText("process_name", event.processName());
    writeText("process_executable", event.processExecutable());
    writeText("command_line", event.commandLine());
    writeText("parent_process_name", event.parentProcessName());
    writeText("parent_process_executable", event.parentProcessExecutable());
    writeText("destination_address", event.destinationAddress());
    if (event.destinationPort() >= 0) {
      generator.writeNumberField("destination_port", event.destinationPort());
    }
    writeText("dns_query_name", event.dnsQueryName());
    writeText("url", event.url());
    generator.writeEndObject();
  }

  /**
   * Most chars of an event field echoed in a finding line. Each finding repeats its event, so
   * without a cap a 1 Mi-char command line with three findings would add 3 Mi chars of output.
   * The finding's {@code matched} and {@code offset} still locate the indicator.
   */
  static final int MAX_ECHOED_CHARS = 8192;

  /** Writes the value, cut to {@link #MAX_ECHOED_CHARS} with a {@code NAME_length} field. */
  private void writeText(String name, CharSequence value) throws IOException {
    if (value == null) {
      return;
    }
    if (value.length() <= MAX_ECHOED_CHARS) {
      generator.writeStringField(name, value.toString());
      return;
    }
    int end = MAX_ECHOED_CHARS;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    generator.writeStringField(name, value.subSequence(0, end).toString());
    generator.writeNumberField(name + "_length", value.length());
  }

  @Override
  public void flush() throws IOException {
    generator.flush();
  }

  @Override
  public void close() throws IOException {
    generator.close();
  }
}

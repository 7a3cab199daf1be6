package io.github.imdsdetect.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A record that {@link ImdsDetectFunction} could not use in full, sent to the side output
 * {@link ImdsDetectFunction#SKIPPED_RECORDS}.
 *
 * @param source the source name of the record
 * @param line the line of the first problem: the record's line in its source plus the line
 *     within the record, or the line within the record when the source line is unknown
 * @param reason why the record was skipped, such as {@code invalid JSON: ...} or
 *     {@code empty record}
 * @param record the record text as it arrived, or null when a null record arrived
 */
public record SkippedRecord(String source, long line, String reason, String record) {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /**
   * Writes this record as one JSON object without a line end, with the fields {@code source},
   * {@code line}, {@code reason} and {@code record}.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringWriter out = new StringWriter(128 + (record == null ? 0 : record.length()));
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("source", source);
      json.writeNumberField("line", line);
      json.writeStringField("reason", reason);
      json.writeStringField("record", record);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a StringWriter failed", e);
    }
    return out.toString();
  }
}

package io.github.imdsdetect.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Explanation;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Suppression;
import io.github.imdsdetect.ecs.EcsAlertWriter;
import io.github.imdsdetect.ocsf.OcsfFindingWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes each finding as a document of another schema, one per line: an OCSF Detection Finding
 * or an ECS alert, ready for Amazon Security Lake or Elasticsearch. Matches that an exclusion
 * quieted are not written, because neither schema has a place for a suppressed finding.
 */
final class SchemaFindingWriter implements FindingWriter {
  private final OutputFormat schema;
  private final JsonGenerator generator;

  SchemaFindingWriter(OutputStream out, OutputFormat schema) throws IOException {
    if (schema != OutputFormat.OCSF && schema != OutputFormat.ECS) {
      throw new IllegalArgumentException("not a schema output: " + schema);
    }
    this.schema = schema;
    this.generator =
        new JsonFactoryBuilder()
            .characterEscapes(new JsonEscapes())
            .rootValueSeparator((String) null)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build()
            .createGenerator(out, JsonEncoding.UTF8);
  }

  @Override
  public void write(String source, Finding finding, Suppression suppression, Event event)
      throws IOException {
    if (suppression != null) {
      return;
    }
    if (schema == OutputFormat.OCSF) {
      OcsfFindingWriter.write(finding, event, generator);
    } else {
      EcsAlertWriter.write(finding, event, generator);
    }
    generator.writeRaw('\n');
  }

  /** Writes nothing: the argument parser rejects --explain with a schema output. */
  @Override
  public void writeExplanation(String source, long line, Explanation explanation) {}

  @Override
  public void flush() throws IOException {
    generator.flush();
  }

  @Override
  public void close() throws IOException {
    generator.close();
  }
}

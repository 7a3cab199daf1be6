package io.github.imdsdetect.weblog;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link WebLogParser}. */
class WebLogContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new WebLogParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/weblog/constructed/apache_combined_ssrf.log");
  }

  @Override
  protected long positiveLine() {
    return 2;
  }

  @Override
  protected String positiveRule() {
    return "imds.http.url";
  }

  @Override
  protected Path benignSample() {
    return Path.of("../../samples/weblog/elastic_examples_apache_logs_first8000.log");
  }

  @Override
  protected String malformedLine() {
    return "this is not an access log line";
  }
}

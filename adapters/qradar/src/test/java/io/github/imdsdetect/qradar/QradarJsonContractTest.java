package io.github.imdsdetect.qradar;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link QradarJsonParser}. */
class QradarJsonContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new QradarJsonParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/qradar/constructed/ariel_search_results.json");
  }

  @Override
  protected long positiveLine() {
    return 63;
  }

  @Override
  protected String positiveRule() {
    return "imds.cmdline.credentials";
  }

  @Override
  protected Path benignSample() {
    return Path.of("../../samples/qradar/demisto_qradar_v2_raw_responses.json");
  }

  @Override
  protected String malformedLine() {
    return null;
  }

  @Override
  protected boolean lineOriented() {
    return false;
  }
}

package io.github.imdsdetect.ecs;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link EcsParser}. */
class EcsContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new EcsParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/ecs/constructed/elastic_agent_t1552_005.ndjson");
  }

  @Override
  protected long positiveLine() {
    return 1;
  }

  @Override
  protected String positiveRule() {
    return "imds.cmdline.credentials";
  }

  @Override
  protected Path benignSample() {
    return Path.of("../../samples/ecs/beats_auditbeat_auditd_meta_data.json");
  }

  @Override
  protected String malformedLine() {
    return "{\"@timestamp\": \"2024-01-01T00:00:00Z\", \"process\":";
  }

  /**
   * Returns the positive sample, because the benign real sample is one pretty-printed document.
   */
  @Override
  protected Path leadingSample() {
    return positiveSample();
  }
}

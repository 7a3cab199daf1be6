package io.github.imdsdetect.ocsf;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link OcsfParser}. */
class OcsfContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new OcsfParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/ocsf/constructed/process_activity.jsonl");
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
    return Path.of("../../samples/ocsf/ocsf_java_tools_crowdstrike_process_rollup_2_ocsf.json");
  }

  @Override
  protected String malformedLine() {
    return "{\"class_uid\": 1007, \"process\":";
  }

  /**
   * Returns the positive sample, because the benign real sample is one pretty-printed document.
   */
  @Override
  protected Path leadingSample() {
    return positiveSample();
  }
}

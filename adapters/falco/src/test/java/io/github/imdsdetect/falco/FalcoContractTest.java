package io.github.imdsdetect.falco;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link FalcoParser}. */
class FalcoContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new FalcoParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/falco/constructed/falco_imds_alerts.json");
  }

  @Override
  protected long positiveLine() {
    return 1;
  }

  @Override
  protected String positiveRule() {
    return "imds.net.connection";
  }

  @Override
  protected Path benignSample() {
    return Path.of("../../samples/falco/falco_test_output_single_rule_with_cat_write.json");
  }

  @Override
  protected String malformedLine() {
    return "{\"output\": \"cut";
  }
}

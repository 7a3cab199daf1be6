package io.github.imdsdetect.zeek;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link ZeekParser}. */
class ZeekContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new ZeekParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/zeek/constructed/imds_http.json");
  }

  @Override
  protected long positiveLine() {
    return 1;
  }

  @Override
  protected String positiveRule() {
    return "imds.http.url";
  }

  @Override
  protected Path benignSample() {
    return Path.of("../../samples/zeek/mordor_apt29_day1_SCRANTON_http.log");
  }

  @Override
  protected String malformedLine() {
    return "{\"ts\": 1588205198.8, \"uid\":";
  }
}

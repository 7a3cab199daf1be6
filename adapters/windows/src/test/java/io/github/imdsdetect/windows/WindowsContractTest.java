package io.github.imdsdetect.windows;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link WindowsSecurityParser}. */
class WindowsContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new WindowsSecurityParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/windows/constructed/winlogbeat_security_imds.ndjson");
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
    return Path.of("../../samples/sysmon/mordor_cmd_bitsadmin_download_psh_script.json");
  }

  @Override
  protected String malformedLine() {
    return "{\"winlog\": {\"event_id\":";
  }
}

package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link SysmonParser}. */
class SysmonContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new SysmonParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/sysmon/mordor_log4shell_sysmon_win_azurela.json");
  }

  @Override
  protected long positiveLine() {
    return 2;
  }

  @Override
  protected String positiveRule() {
    return "imds.net.connection";
  }

  @Override
  protected Path benignSample() {
    return Path.of("../../samples/sysmon/mordor_log4shell_sysmon_linux_syslog_azurela.json");
  }

  @Override
  protected String malformedLine() {
    return "{\"EventID\": 3, \"Channel\":";
  }
}

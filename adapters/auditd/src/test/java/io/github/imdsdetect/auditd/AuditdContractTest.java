package io.github.imdsdetect.auditd;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.testkit.EventParserContract;
import java.nio.file.Path;

/** Runs the shared adapter contract on {@link AuditdParser}. */
class AuditdContractTest extends EventParserContract {

  @Override
  protected EventParser parser() {
    return new AuditdParser();
  }

  @Override
  protected Path positiveSample() {
    return Path.of("../../samples/auditd/constructed/aws_imds_access.log");
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
    return Path.of("../../samples/auditd/mordor_sh_arp_cache_audit.log");
  }

  @Override
  protected String malformedLine() {
    return "type=SYSCALL msg=audit(1478797003.817";
  }
}

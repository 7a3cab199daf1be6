package io.github.imdsdetect.it.modularconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineCheckTest {

  @Test
  void consumerRunsAsNamedModule() {
    Module consumer = CommandLineCheck.class.getModule();

    assertTrue(consumer.isNamed(), "the test must run on the module path, not the class path");
    assertEquals("io.github.imdsdetect.it.modularconsumer", consumer.getName());
  }

  @Test
  void coreResolvesUnderItsPublishedName() {
    Module core = Detector.class.getModule();

    assertEquals("io.github.imdsdetect.core", core.getName());
    assertTrue(
        CommandLineCheck.class.getModule().canRead(core),
        "the consumer module must read core through its requires directive");
  }

  @Test
  void credentialRequestIsDetected() {
    List<Finding> findings =
        new CommandLineCheck()
            .check(
                "/usr/bin/curl",
                "curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/");

    assertTrue(
        findings.stream().anyMatch(f -> f.ruleId().equals("imds.cmdline.credentials")),
        "expected imds.cmdline.credentials among " + findings);
  }

  @Test
  void unrelatedCommandHasNoFindings() {
    List<Finding> findings = new CommandLineCheck().check("/usr/bin/ls", "ls -l /tmp");

    assertEquals(List.of(), findings);
  }
}

package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DetectorTest {
  private static final Detector DEFAULT = Detector.create(RuleSet.defaults());
  private static final Detector QRADAR = Detector.create(RuleSet.qradar());

  private static List<String> ruleIds(List<Finding> findings) {
    List<String> ids = new ArrayList<>();
    for (Finding finding : findings) {
      if (!ids.contains(finding.ruleId())) {
        ids.add(finding.ruleId());
      }
    }
    return ids;
  }

  @Test
  void awsCredentialsWithCurlFiresEndpointAndCredentials() {
    Event event =
        SimpleEvent.builder()
            .processName("curl")
            .processExecutable("/usr/bin/curl")
            .commandLine("curl http://169.254.169.254/latest/meta-data/iam/security-credentials/")
            .origin(new EventOrigin("audit.log", 7))
            .build();
    List<Finding> findings = DEFAULT.detect(event);
    assertEquals(
        List.of("imds.cmdline.endpoint", "imds.cmdline.credentials", "imds.cmdline.path"),
        ruleIds(findings));
    Finding endpoint = findings.get(0);
    assertEquals("169.254.169.254", endpoint.matchedText());
    assertEquals(12, endpoint.offset());
    assertEquals("aws", endpoint.provider());
    assertEquals(new EventOrigin("audit.log", 7), endpoint.origin());
    Finding credentials = findings.get(1);
    assertEquals(Severity.CRITICAL, credentials.severity());
    assertEquals("credentials", credentials.dataKind());
    assertEquals("iam/security-credentials", credentials.matchedText());
  }

  @Test
  void decimalAddressCaughtByDefaultMissedByQradar() {
    Event event = SimpleEvent.builder().processName("curl")
        .commandLine("curl http://2852039166/latest/user-data").build();
    assertTrue(ruleIds(DEFAULT.detect(event)).contains("imds.cmdline.endpoint"));
    assertTrue(QRADAR.detect(event).isEmpty());
  }

  @Test
  void cloudInitWordInCommentSilencesQradarButNotDefault() {
    Event event = SimpleEvent.builder().processName("curl").processExecutable("/usr/bin/curl")
        .commandLine("curl http://169.254.169.254/latest/meta-data/iam/security-credentials/ # cloud-init")
        .build();
    assertTrue(QRADAR.detect(event).isEmpty());
    assertTrue(ruleIds(DEFAULT.detect(event)).contains("imds.cmdline.credentials"));
  }

  @Test
  void connectionWithoutProcessNameIsMissedByQradarOnly() {
    Event event = SimpleEvent.builder().destinationAddress("169.254.169.254").destinationPort(80)
        .build();
    assertTrue(QRADAR.detect(event).isEmpty());
    assertEquals(List.of("imds.net.connection"), ruleIds(DEFAULT.detect(event)));
  }

  @Test
  void qradarConnectionFindingComparesWholeField() {
    Event event = SimpleEvent.builder().processName("python3").destinationAddress("169.254.169.254")
        .build();
    List<Finding> findings = QRADAR.detect(event);
    assertEquals(1, findings.size());
    assertEquals("qradar.pattern1.connection", findings.get(0).ruleId());
    assertEquals(-1, findings.get(0).offset());
  }

  @Test
  void agentExcusedByExecutablePath() {
    Event event = SimpleEvent.builder().processName("amazon-ssm-agent")
        .processExecutable("/usr/bin/amazon-ssm-agent").destinationAddress("169.254.169.254")
        .build();
    Verdict verdict = DEFAULT.evaluate(event);
    assertTrue(verdict.findings().isEmpty());
    assertEquals(1, verdict.suppressions().size());
    assertEquals("agent.amazon-ssm-agent", verdict.suppressions().get(0).exclusionId());
  }

  @Test
  void agentNameInTempDirectoryIsNotExcused() {
    Event event = SimpleEvent.builder().processName("amazon-ssm-agent")
        .processExecutable("/tmp/amazon-ssm-agent").destinationAddress("169.254.169.254").build();
    Verdict verdict = DEFAULT.evaluate(event);
    assertEquals(List.of("imds.net.connection"), ruleIds(verdict.findings()));
    assertTrue(verdict.suppressions().isEmpty());
  }

  @Test
  void agentNameAtUnknownPathIsNotExcused() {
    Event event = SimpleEvent.builder().processName("cloud-init")
        .processExecutable("/opt/evil/cloud-init").destinationAddress("169.254.169.254").build();
    assertEquals(List.of("imds.net.connection"), ruleIds(DEFAULT.detect(event)));
  }

  @Test
  void agentScriptRunByPythonIsExcused() {
    Event event = SimpleEvent.builder().processName("google_accounts")
        .processExecutable("/usr/bin/python2.7;58d1ccfb (deleted)")
        .commandLine("/usr/bin/python2.7 /usr/bin/google_accounts_daemon")
        .destinationAddress("169.254.169.254").build();
    Verdict verdict = DEFAULT.evaluate(event);
    assertTrue(verdict.findings().isEmpty());
    assertEquals("agent.google-guest-agent", verdict.suppressions().get(0).exclusionId());
  }

  @Test
  void pythonAgentWithoutCommandLineReported() {
    Event event = SimpleEvent.builder().processName("google_accounts")
        .processExecutable("/usr/bin/python2.7;58d1ccfb (deleted)")
        .destinationAddress("169.254.169.254").build();
    Verdict verdict = DEFAULT.evaluate(event);
    assertEquals(List.of("imds.net.connection"), ruleIds(verdict.findings()));
    assertTrue(verdict.suppressions().isEmpty());
  }

  @Test
  void windowsDevicePathOfAzureAgentIsExcused() {
    Event event = SimpleEvent.builder()
        .processExecutable(
            "\\device\\harddiskvolume2\\windowsazure\\packages\\guestagent\\windowsazureguestagent.exe")
        .destinationAddress("169.254.169.254").build();
    assertTrue(DEFAULT.detect(event).isEmpty());
  }

  @Test
  void gcpTokenViaHostName() {
    Event event = SimpleEvent.builder().processName("curl").commandLine(
        "curl -H \"Metadata-Flavor: Google\" "
            + "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token")
        .build();
    List<Finding> findings = DEFAULT.detect(event);
    assertEquals(
        List.of("imds.cmdline.endpoint", "imds.cmdline.credentials", "imds.cmdline.path"),
        ruleIds(findings));
    assertEquals("gcp", findings.get(0).provider());
    assertEquals("token", findings.get(1).dataKind());
  }

  @Test
  void dnsRebindingAnswerFiresButMetadataNameAnswerDoesNot() {
    Event rebinding = SimpleEvent.builder().dnsQueryName("evil.attacker.test")
        .dnsAnswers("169.254.169.254").build();
    assertEquals(List.of("imds.dns.answer"), ruleIds(DEFAULT.detect(rebinding)));
    Event expected = SimpleEvent.builder().processName("curl")
        .dnsQueryName("metadata.google.internal").dnsAnswers("169.254.169.254").build();
    assertEquals(List.of("imds.dns.query"), ruleIds(DEFAULT.detect(expected)));
  }

  @Test
  void benignEventReturnsSharedEmptyVerdict() {
    Event event = SimpleEvent.builder().processName("apt-get")
        .commandLine("apt-get install -y nginx").destinationAddress("151.101.2.132").build();
    assertSame(Verdict.NONE, DEFAULT.evaluate(event));
  }

  @Test
  void nullEventRejected() {
    assertThrows(NullPointerException.class, () -> DEFAULT.evaluate(null));
  }

  @Test
  void findingReasonNamesFieldAndProcess() {
    Event event = SimpleEvent.builder().processExecutable("/usr/bin/python3")
        .destinationAddress("::ffff:169.254.169.254").build();
    Finding finding = DEFAULT.detect(event).get(0);
    assertNotNull(finding.reason());
    assertTrue(finding.reason().contains("destination.address"), finding.reason());
    assertTrue(finding.reason().contains("/usr/bin/python3"), finding.reason());
  }

  @Test
  void sharedDetectorGivesSameResultsOnManyThreads() throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      events.add(SimpleEvent.builder().processName(i % 3 == 0 ? "amazon-ssm-agent" : "curl")
          .commandLine(i % 2 == 0 ? "curl http://169.254.169.254/latest/meta-data/" + i
              : "ls -la /tmp/" + i)
          .destinationAddress(i % 5 == 0 ? "169.254.169.254" : "10.0.0." + (i % 250)).build());
    }
    List<List<Finding>> expected = new ArrayList<>();
    for (Event event : events) {
      expected.add(DEFAULT.detect(event));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<List<Finding>>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Callable<List<List<Finding>>> task = () -> {
          List<List<Finding>> results = new ArrayList<>();
          for (Event event : events) {
            results.add(DEFAULT.detect(event));
          }
          return results;
        };
        futures.add(pool.submit(task));
      }
      for (Future<List<List<Finding>>> future : futures) {
        assertEquals(expected, future.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

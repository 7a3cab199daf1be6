package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contextual severity, mentions, route changes, profiles and explanations. */
class ContextTest {
  private static final Detector DEFAULT = Detector.create(RuleSet.defaults());

  private static Severity maxSeverity(List<Finding> findings) {
    Severity max = null;
    for (Finding finding : findings) {
      if (max == null || finding.severity().compareTo(max) > 0) {
        max = finding.severity();
      }
    }
    return max;
  }

  private static List<String> ruleIds(List<Finding> findings) {
    List<String> ids = new ArrayList<>();
    for (Finding finding : findings) {
      if (!ids.contains(finding.ruleId())) {
        ids.add(finding.ruleId());
      }
    }
    return ids;
  }

  private static Event connection(String executable) {
    return SimpleEvent.builder().processExecutable(executable)
        .destinationAddress("169.254.169.254").destinationPort(80).build();
  }

  @Test
  void credentialsByShellAreCritical() {
    Event event = SimpleEvent.builder().processName("bash").commandLine(
        "bash -c 'curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/web'")
        .build();
    assertEquals(Severity.CRITICAL, maxSeverity(DEFAULT.detect(event)));
  }

  @Test
  void instanceIdByDownloaderIsHigh() {
    Event event = SimpleEvent.builder().processName("wget")
        .commandLine("wget -qO- http://169.254.169.254/latest/meta-data/instance-id").build();
    assertEquals(Severity.HIGH, maxSeverity(DEFAULT.detect(event)));
  }

  @Test
  void javaRuntimeConnectionIsLow() {
    List<Finding> findings = DEFAULT.detect(connection("/usr/lib/jvm/java-17/bin/java"));
    assertEquals(Severity.LOW, maxSeverity(findings));
    assertTrue(findings.get(0).reason().contains("SDK"), findings.get(0).reason());
  }

  @Test
  void unclassifiedProcessConnectionKeepsMedium() {
    assertEquals(Severity.MEDIUM, maxSeverity(DEFAULT.detect(connection("/opt/app/bin/server"))));
  }

  @Test
  void webWorkerConnectionIsHigh() {
    assertEquals(Severity.HIGH, maxSeverity(DEFAULT.detect(connection("/usr/sbin/php-fpm8.1"))));
  }

  @Test
  void firewallBlockIsInformationalMention() {
    Event event = SimpleEvent.builder().processName("iptables")
        .commandLine("iptables -A OUTPUT -d 169.254.169.254 -m owner ! --uid-owner root -j DROP")
        .build();
    List<Finding> findings = DEFAULT.detect(event);
    assertEquals(List.of("imds.cmdline.endpoint"), ruleIds(findings));
    assertEquals(Severity.INFORMATIONAL, maxSeverity(findings));
  }

  @Test
  void grepOverConfigIsInformationalMention() {
    Event event = SimpleEvent.builder().processExecutable("/usr/bin/grep")
        .commandLine("grep -r 169.254.169.254 /etc/cloud").build();
    assertEquals(Severity.INFORMATIONAL, maxSeverity(DEFAULT.detect(event)));
  }

  @Test
  void routeToMetadataAddressIsRouteChange() {
    Event event = SimpleEvent.builder().processName("ip")
        .commandLine("ip route add 169.254.169.254/32 via 10.0.0.99 dev eth0").build();
    List<Finding> findings = DEFAULT.detect(event);
    assertTrue(ruleIds(findings).contains("imds.cmdline.route-change"), findings::toString);
    assertEquals(Severity.HIGH, maxSeverity(findings));
  }

  @Test
  void natRedirectOfMetadataAddressIsRouteChange() {
    Event event = SimpleEvent.builder().processName("iptables").commandLine(
        "iptables -t nat -A OUTPUT -d 169.254.169.254 -p tcp --dport 80 -j DNAT"
            + " --to-destination 127.0.0.1:8080").build();
    assertTrue(ruleIds(DEFAULT.detect(event)).contains("imds.cmdline.route-change"));
  }

  @Test
  void routeChangeWithoutMetadataAddressIsQuiet() {
    Event event = SimpleEvent.builder().processName("ip")
        .commandLine("ip route add 10.1.0.0/16 via 10.0.0.1").build();
    assertTrue(DEFAULT.detect(event).isEmpty());
  }

  @Test
  void kubeletExcusedOnlyInKubernetesProfile() {
    Event event = connection("/usr/bin/kubelet");
    assertFalse(DEFAULT.detect(event).isEmpty());
    assertTrue(Detector.create(RuleSet.kubernetesNode()).detect(event).isEmpty());
  }

  @Test
  void curlUnderKubeletStaysFindingInKubernetesProfile() {
    Event event = SimpleEvent.builder().processExecutable("/usr/bin/curl")
        .parentProcessExecutable("/usr/bin/containerd-shim-runc-v2")
        .commandLine("curl http://169.254.169.254/latest/meta-data/iam/security-credentials/node")
        .build();
    List<Finding> findings = Detector.create(RuleSet.kubernetesNode()).detect(event);
    assertEquals(Severity.CRITICAL, maxSeverity(findings));
  }

  @Test
  void terraformProviderInWorkspaceExcusedInIacProfile() {
    Event event = connection("/home/runner/work/infra/infra/.terraform/providers/"
        + "registry.terraform.io/hashicorp/aws/5.31.0/linux_amd64/terraform-provider-aws_v5.31.0_x5");
    assertFalse(DEFAULT.detect(event).isEmpty());
    assertTrue(Detector.create(RuleSet.iacRunner()).detect(event).isEmpty());
  }

  @Test
  void shellStaysFindingInIacProfile() {
    Event event = SimpleEvent.builder().processExecutable("/bin/sh")
        .parentProcessExecutable("/usr/local/bin/terraform")
        .commandLine("sh -c 'curl http://169.254.169.254/latest/meta-data/iam/security-credentials/'")
        .build();
    assertEquals(Severity.CRITICAL, maxSeverity(Detector.create(RuleSet.iacRunner()).detect(event)));
  }

  @Test
  void explanationListsConsideredExclusions() {
    Event event = SimpleEvent.builder().processExecutable("/tmp/amazon-ssm-agent")
        .processName("amazon-ssm-agent").destinationAddress("169.254.169.254").build();
    Explanation explanation = DEFAULT.explain(event);
    assertEquals(1, explanation.rules().size());
    Explanation.RuleTrace trace = explanation.rules().get(0);
    assertTrue(trace.fired());
    ExclusionCheck ssm = trace.exclusions().stream()
        .filter(c -> c.exclusionId().equals("agent.amazon-ssm-agent")).findFirst().orElseThrow();
    assertFalse(ssm.applied());
    assertTrue(ssm.reason().contains("temporary"), ssm.reason());
  }

  @Test
  void explanationShowsAppliedExclusion() {
    Explanation explanation = DEFAULT.explain(connection("/usr/bin/amazon-ssm-agent"));
    assertFalse(explanation.rules().get(0).fired());
    assertTrue(explanation.verdict().findings().isEmpty());
    assertEquals(1, explanation.verdict().suppressions().size());
  }

  @Test
  void builtInNamesResolve() {
    for (String name : RuleSet.names()) {
      assertEquals(name, RuleSet.named(name).name());
    }
  }

  @Test
  void renamedGrepInTmpFetchingCredentialsIsNotInformational() {
    Event event = SimpleEvent.builder().processExecutable("/tmp/grep")
        .commandLine("/tmp/grep http://169.254.169.254/latest/meta-data/iam/security-credentials/")
        .build();
    assertTrue(maxSeverity(DEFAULT.detect(event)).compareTo(Severity.HIGH) >= 0,
        DEFAULT.detect(event)::toString);
  }

  @Test
  void javaFromTmpIsNotSdkRuntime() {
    assertEquals(Severity.HIGH, maxSeverity(DEFAULT.detect(connection("/tmp/.x/java"))));
  }

  @Test
  void blackholeRouteIsNotRouteChange() {
    Event event = SimpleEvent.builder().processName("ip")
        .commandLine("ip route add blackhole 169.254.169.254/32").build();
    assertFalse(ruleIds(DEFAULT.detect(event)).contains("imds.cmdline.route-change"));
  }

  @Test
  void childOfSsmAgentIsNotExcused() {
    Event event = SimpleEvent.builder().processExecutable("/usr/bin/curl")
        .parentProcessExecutable("/usr/bin/ssm-document-worker")
        .commandLine("curl http://169.254.169.254/latest/meta-data/iam/security-credentials/r")
        .build();
    assertEquals(Severity.CRITICAL, maxSeverity(DEFAULT.detect(event)));
  }
}

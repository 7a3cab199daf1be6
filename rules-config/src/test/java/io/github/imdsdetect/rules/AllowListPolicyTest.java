package io.github.imdsdetect.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Exclusion;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.SimpleEvent;
import io.github.imdsdetect.core.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListPolicyTest {

  /** Returns whether the core excuses an event from {@code path} when the entry lists it. */
  private static boolean coreExcuses(String path) {
    Exclusion exclusion = Exclusion.processIdentity("probe", "probe", List.of(), List.of(path),
        List.of(), List.of());
    Rule rule = Rule.builder("probe")
        .title("probe")
        .fields(Field.DESTINATION_ADDRESS)
        .indicators(Indicator.metadataAddress())
        .exclusions(List.of(exclusion))
        .build();
    Detector detector = Detector.create(new RuleSet("probe", "probe", List.of(rule)));
    Verdict verdict = detector.evaluate(SimpleEvent.builder()
        .processExecutable(path)
        .destinationAddress("169.254.169.254")
        .build());
    return verdict.findings().isEmpty() && !verdict.suppressions().isEmpty();
  }

  @Test
  void untrustedDirectoriesMatchCore() {
    assertEquals(true, coreExcuses("/opt/probe/agent"));
    for (String directory : AllowListPolicy.UNTRUSTED_DIRECTORIES) {
      String path = directory + "agent";

      assertEquals(false, coreExcuses(path), path);
      assertNotNull(AllowListPolicy.checkExecutable(path), path);
    }
    String appData = "c:/profiles/x/appdata/local/temp/agent.exe";
    assertEquals(false, coreExcuses(appData));
    assertNotNull(AllowListPolicy.checkExecutable(appData));
  }

  @Test
  void agentLikePatternsAreAccepted() {
    for (String path : List.of("/opt/aws/bin/cfn-*", "/snap/amazon-ssm-agent/*/amazon-ssm-agent",
        "c:/program files/amazon/ssm/amazon-ssm-agent.exe", "C:\\Program Files\\Acme\\a.exe",
        "/usr/bin/google_*", "/opt/acme/bin/inventory-agent")) {
      assertNull(AllowListPolicy.checkExecutable(path), path);
    }
    for (String name : List.of("amazon-ssm-agent", "ssh-agent", "inventory-agent.exe",
        "google_guest_agent", "Agent 2")) {
      assertNull(AllowListPolicy.checkName(name), name);
    }
  }

  @Test
  void blockedNamesIgnoreCaseExeAndVersion() {
    for (String name : List.of("Python3.12.exe", "perl5.36.0", "sh", "BASH", "wget2",
        "containerd-shim-runc-v2", "CURL.EXE")) {
      assertNotNull(AllowListPolicy.checkName(name), name);
    }
    for (String name : List.of("inventory-agent", "agent2", "shell-agent", "curly")) {
      assertNull(AllowListPolicy.checkName(name), name);
    }
  }

  @Test
  void blockedGlobsAreFoundForEveryCategory() {
    assertNotNull(AllowListPolicy.checkExecutable("/bin/*sh"));
    assertNotNull(AllowListPolicy.checkExecutable("/usr/bin/w*"));
    assertNotNull(AllowListPolicy.checkExecutable("/usr/bin/*3.12"));
    assertNotNull(AllowListPolicy.checkExecutable("c:/windows/system32/svc*.exe"));
    assertNull(AllowListPolicy.checkExecutable("/usr/bin/acme-*"));
  }
}

package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Agents written in Python or shell, run by an interpreter: the excuse depends on the script
 * argument of the command line, never on the process name, which a process sets itself.
 */
class AgentScriptExclusionTest {
  private static final Detector DEFAULT = Detector.create(RuleSet.defaults());

  /** Returns an auditd-like connect event: executable, process name and PROCTITLE. */
  private static Event connect(String executable, String name, String commandLine) {
    SimpleEvent.Builder builder = SimpleEvent.builder().processExecutable(executable)
        .processName(name).destinationAddress("169.254.169.254").destinationPort(80);
    if (commandLine != null) {
      builder.commandLine(commandLine);
    }
    return builder.build();
  }

  private static ExclusionCheck check(Event event, String exclusionId) {
    for (Explanation.RuleTrace trace : DEFAULT.explain(event).rules()) {
      if (trace.ruleId().equals("imds.net.connection")) {
        return trace.exclusions().stream()
            .filter(check -> check.exclusionId().equals(exclusionId)).findFirst().orElseThrow();
      }
    }
    throw new AssertionError("imds.net.connection did not match " + event);
  }

  @ParameterizedTest(name = "{1} as {0}: {2}")
  @CsvSource(delimiter = '|', value = {
      "agent.azure-guest-agent | waagent | python3 -c import os",
      "agent.azure-guest-agent | waagent | python3 -",
      "agent.azure-guest-agent | waagent | python3 -m http.server",
      "agent.azure-guest-agent | waagent | python3 /opt/app/run.py",
      "agent.azure-guest-agent | waagent | python3 -uc import os",
      "agent.azure-guest-agent | waagent | python3 -u -m waagent",
      "agent.azure-guest-agent | waagent | python3",
      "agent.azure-guest-agent | waagent | python3 waagent",
      "agent.azure-guest-agent | waagent | python3 -W ignore /tmp/waagent",
      "agent.azure-guest-agent | waagent | python3 -- -",
      "agent.google-guest-agent | google_accounts | python3 -c import os",
      "agent.google-guest-agent | google_accounts | python3 /usr/bin/google_guest_agent",
      "agent.google-guest-agent | google_accounts | python3 -m google_compute_engine",
      "agent.cloud-init | cloud-init | python3 -c import os",
      "agent.cloud-init | cloud-init | python3 -m cloudinit.cmd.main",
      "agent.cloud-init | cloud-init | python3 /usr/local/bin/cloud-init",
      "agent.aws-cfn-bootstrap | cfn-hup | python3 -c import os",
      "agent.aws-cfn-bootstrap | cfn-hup | python3 /home/ec2-user/cfn-hup",
  })
  void impersonatingInterpreterIsNotExcused(String exclusionId, String name,
      String commandLine) {
    Event event = connect("/usr/bin/python3", name, commandLine);
    Verdict verdict = DEFAULT.evaluate(event);
    assertEquals(1, verdict.findings().size(), verdict::toString);
    assertTrue(verdict.suppressions().isEmpty(), verdict::toString);
    assertFalse(check(event, exclusionId).applied());
  }

  @ParameterizedTest(name = "{1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "agent.azure-guest-agent | python3 | /usr/bin/python3 -u /usr/sbin/waagent -run-exthandlers",
      "agent.azure-guest-agent | waagent | /usr/bin/python3 -u /usr/sbin/waagent -daemon",
      "agent.azure-guest-agent | python3 | python3 -u /usr/bin/waagent -collect-logs",
      "agent.azure-guest-agent | python3 | /usr/bin/python3 -u"
          + " /var/lib/waagent/WALinuxAgent-2.9.1.1/bin/WALinuxAgent-2.9.1.1-py3.8.egg"
          + " -run-exthandlers",
      "agent.cloud-init | python3 | /usr/bin/python3 /usr/bin/cloud-init modules",
      "agent.cloud-init | cloud-init | /usr/bin/python3 /usr/bin/cloud-init init --local",
      "agent.google-guest-agent | google_accounts | /usr/bin/python3"
          + " /usr/bin/google_accounts_daemon",
      "agent.google-guest-agent | google_network_ | /usr/bin/python3 -E"
          + " /usr/bin/google_network_daemon",
      "agent.aws-cfn-bootstrap | cfn-hup | /usr/bin/python3 -s /opt/aws/bin/cfn-hup",
      "agent.aws-cfn-bootstrap | python3 | /usr/bin/python3 -W ignore -- /opt/aws/bin/cfn-init"
          + " -v --stack s",
  })
  void genuineAgentScriptIsExcused(String exclusionId, String name, String commandLine) {
    Event event = connect("/usr/bin/python3", name, commandLine);
    Verdict verdict = DEFAULT.evaluate(event);
    assertTrue(verdict.findings().isEmpty(), verdict::toString);
    assertEquals(exclusionId, verdict.suppressions().get(0).exclusionId());
    assertTrue(check(event, exclusionId).applied());
  }

  @Test
  void shellAgentScriptIsExcused() {
    Event event = connect("/usr/bin/bash", "eic_curl_authorized_keys",
        "/bin/bash -o pipefail /usr/share/ec2-instance-connect/eic_curl_authorized_keys u k");
    assertTrue(DEFAULT.evaluate(event).findings().isEmpty());
  }

  @Test
  void shellWithCommandStringIsNotExcused() {
    Event event = connect("/usr/bin/bash", "eic_curl_authorized_keys",
        "bash -c /usr/share/ec2-instance-connect/eic_curl_authorized_keys");
    assertEquals(1, DEFAULT.evaluate(event).findings().size());
  }

  @Test
  void shellReadingStandardInputIsNotExcused() {
    Event event = connect("/usr/bin/bash", "ec2ifscan", "bash -s /usr/sbin/ec2ifscan");
    assertEquals(1, DEFAULT.evaluate(event).findings().size());
  }

  @Test
  void reasonNamesTheScript() {
    Event event = connect("/usr/bin/python3", "python3",
        "/usr/bin/python3 -u /usr/sbin/waagent -run-exthandlers");
    assertEquals("script /usr/sbin/waagent run by /usr/bin/python3 is the"
        + " agent.azure-guest-agent agent", check(event, "agent.azure-guest-agent").reason());
  }

  @Test
  void reasonNamesTheCodeOption() {
    Event event = connect("/usr/bin/python3", "waagent", "python3 -c import os");
    assertEquals("/usr/bin/python3 runs code given with -c, so it runs no installed"
        + " agent.azure-guest-agent script", check(event, "agent.azure-guest-agent").reason());
  }

  @Test
  void reasonNamesTheMissingCommandLine() {
    Event event = connect("/usr/bin/python3", "waagent", null);
    String reason = check(event, "agent.azure-guest-agent").reason();
    assertEquals("/usr/bin/python3 is an interpreter, and the event has no command line to show"
        + " which script it runs", reason);
  }

  @Test
  void reasonNamesTheForeignScript() {
    Event event = connect("/usr/bin/python3", "waagent", "python3 /opt/app/run.py");
    assertEquals("script /opt/app/run.py run by /usr/bin/python3 is not an install path of"
        + " agent.azure-guest-agent", check(event, "agent.azure-guest-agent").reason());
  }

  @Test
  void relativeScriptIsNotExcused() {
    Event event = connect("/usr/bin/python3", "python3",
        "python3 -u bin/WALinuxAgent-2.9.1.1-py3.8.egg -run-exthandlers");
    ExclusionCheck check = check(event, "agent.azure-guest-agent");
    assertFalse(check.applied());
    assertTrue(check.reason().contains("relative path"), check.reason());
  }

  @Test
  void nameOnlyEventShowingInterpreterNeedsScript() {
    Event impostor = SimpleEvent.builder().processName("waagent")
        .commandLine("python3 -c import os").destinationAddress("169.254.169.254").build();
    Event genuine = SimpleEvent.builder().processName("waagent")
        .commandLine("python3 -u /usr/sbin/waagent -daemon")
        .destinationAddress("169.254.169.254").build();
    assertEquals(1, DEFAULT.evaluate(impostor).findings().size());
    assertTrue(DEFAULT.evaluate(genuine).findings().isEmpty());
  }

  @Test
  void childOfAgentIsNotExcused() {
    Event event = SimpleEvent.builder().processExecutable("/usr/bin/curl").processName("curl")
        .parentProcessExecutable("/usr/sbin/waagent")
        .commandLine("curl http://169.254.169.254/metadata/instance").build();
    Verdict verdict = DEFAULT.evaluate(event);
    assertFalse(verdict.findings().isEmpty());
    assertTrue(verdict.suppressions().isEmpty());
  }

  @Test
  void exclusionWithParentExecutableExcusesOnlyItself() {
    Exclusion exclusion = Exclusion.processIdentity("acme", "acme agent", List.of(),
        List.of("/opt/acme/bin/agent"), List.of(), List.of());
    Event child = SimpleEvent.builder().processExecutable("/usr/bin/bash")
        .parentProcessExecutable("/opt/acme/bin/agent")
        .commandLine("bash -c 'curl http://169.254.169.254/'").build();
    Event agent = SimpleEvent.builder().processExecutable("/opt/acme/bin/agent").build();
    assertNull(exclusion.apply(child));
    assertEquals("process executable /opt/acme/bin/agent is the acme agent",
        exclusion.apply(agent));
  }

  @Test
  void scriptsNeedInterpreters() {
    assertThrows(IllegalArgumentException.class, () -> Exclusion.processIdentity("x", "x",
        List.of(), List.of(), List.of("/usr/bin/x"), List.of()));
    assertThrows(IllegalArgumentException.class, () -> Exclusion.processIdentity("x", "x",
        List.of("x"), List.of(), List.of(), List.of("/usr/bin/python3")));
  }

  @Test
  void scriptArgumentSkipsOptionValues() {
    assertEquals("/a.py", ScriptArgument.find("python3 -X dev -W ignore /a.py", "python3")
        .script());
    assertEquals("/a.py", ScriptArgument.find("python3 -Wignore /a.py", "python3").script());
    assertEquals("/a.py",
        ScriptArgument.find("python3 --check-hash-based-pycs never /a.py", "python3").script());
    assertEquals("/a.sh", ScriptArgument.find("bash -e -o errexit /a.sh", "bash").script());
    assertEquals("/a.js", ScriptArgument.find("node -C dev --max-old-space-size=512 /a.js",
        "/usr/bin/node").script());
  }

  @Test
  void scriptArgumentRejectsUnknownNodeOption() {
    ScriptArgument argument =
        ScriptArgument.find("node --unknown-flag /usr/lib/node_modules/aws-cdk/bin/cdk", "node");
    assertNull(argument.script());
  }

  @Test
  void scriptArgumentRejectsQuotedPath() {
    ScriptArgument argument = ScriptArgument.find("python3 \"/opt/my app/a.py\" x", "python3");
    assertNull(argument.script());
    assertTrue(argument.problem().contains("quote"), argument.problem());
  }

  @Test
  void scriptArgumentSplitsAtEachSpace() {
    assertEquals(List.of("a", "", "b'", "\"c"), ScriptArgument.tokens("a  b' \"c"));
  }

  /**
   * Command lines that got a credential-stealing interpreter excused as an agent. Sources join
   * argv with spaces, so quotes and spaces inside an argument are not argument boundaries.
   */
  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // A quote in argv[0] made the old tokenizer read "x -c ... #" as one argv[0].
      "agent.azure-guest-agent | /usr/bin/python3 | x' -c import urllib.request #' /usr/sbin/waagent",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 '/usr/sbin/waagent'",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 \"/usr/sbin/waagent\" -daemon",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 -u' /usr/sbin/waagent",
      "agent.azure-guest-agent | /usr/bin/python3 | `python3\t/usr/sbin/waagent`",
      "agent.azure-guest-agent | /usr/bin/python3 | `python3 /usr/sbin/waagent\n-c x`",
      "agent.azure-guest-agent | /usr/bin/python3 | `python3 /usr/sbin/waagent -daemon\r`",
      "agent.azure-guest-agent | /usr/bin/python3 | `python3\u00a0/usr/sbin/waagent`",
      "agent.azure-guest-agent | /usr/bin/python3 | curl /usr/sbin/waagent",
      "agent.azure-guest-agent | /usr/bin/python3 | /tmp/x/python3 /usr/sbin/waagent",
      // argv[0] "python3 /usr/sbin/waagent" followed by an option that runs other code.
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -c import os",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -m http.server",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -i",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -uc import os",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -cexec(x)",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -cimport os",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -daemon -c x",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -ui",
      "agent.aws-cfn-bootstrap | /usr/bin/python3 | python3 /opt/aws/bin/cfn-hup -mpdb",
      "agent.ec2-instance-connect | /usr/bin/bash | bash"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys -c id",
      "agent.ec2-instance-connect | /usr/bin/bash | bash"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys -ec id",
      "agent.ec2-instance-connect | /usr/bin/bash | bash"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys --rcfile /tmp/r -i",
      "agent.ec2-instance-connect | /usr/bin/bash | bash"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys --login",
      "agent.ec2-instance-connect | /usr/bin/bash | bash"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys -s",
      "iac.aws-cdk | /usr/bin/node | node /usr/lib/node_modules/aws-cdk/bin/cdk -e x",
      "iac.aws-cdk | /usr/bin/node | node /usr/lib/node_modules/aws-cdk/bin/cdk --eval=x",
      "iac.aws-cdk | /usr/bin/node | node /usr/lib/node_modules/aws-cdk/bin/cdk -pe x",
      "iac.aws-cdk | /usr/bin/node | node /usr/lib/node_modules/aws-cdk/bin/cdk -r /tmp/x.js",
      // A backslash is a file name char on Linux, so this is a relative path.
      "agent.azure-guest-agent | /usr/bin/python3 | python3 \\usr\\sbin\\waagent",
      "agent.azure-guest-agent | /usr/bin/python3 | /usr/bin/python3 \\usr\\sbin\\waagent",
      // Options before the script that run other code.
      "agent.azure-guest-agent | /usr/bin/python3 | python3 -i /usr/sbin/waagent",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 -ui /usr/sbin/waagent",
      "agent.ec2-instance-connect | /usr/bin/bash | bash --rcfile /tmp/r"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys",
      "agent.ec2-instance-connect | /usr/bin/bash | bash --init-file /tmp/r"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys",
      "agent.ec2-instance-connect | /usr/bin/bash | bash -i"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys",
      "agent.ec2-instance-connect | /usr/bin/bash | bash -l"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys",
      "agent.ec2-instance-connect | /usr/bin/bash | bash -el"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys",
      "agent.ec2-instance-connect | /usr/bin/bash | bash --login"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys",
      "iac.aws-cdk | /usr/bin/node | node -r /tmp/x.js /usr/lib/node_modules/aws-cdk/bin/cdk",
      "iac.aws-cdk | /usr/bin/node | node --import=/tmp/x.mjs"
          + " /usr/lib/node_modules/aws-cdk/bin/cdk",
  })
  void interpreterBypassIsNotExcused(String exclusionId, String executable, String commandLine) {
    Detector detector = Detector.create(RuleSet.iacRunner());
    Event event = connect(executable, "waagent", commandLine);
    Verdict verdict = detector.evaluate(event);
    assertEquals(1, verdict.findings().size(), verdict::toString);
    assertTrue(verdict.suppressions().isEmpty(), verdict::toString);
  }

  /** Events with a process name but no executable path, as some sources write them. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "waagent | sh -c 'curl x'",
      "waagent | perl -e print",
      "waagent | /usr/bin/env python3 -c x",
      "waagent | /usr/bin/env python3 /usr/sbin/waagent",
      "waagent | /tmp/x/python3 /usr/sbin/waagent",
      "waagent | /tmp/waagent -daemon",
      "waagent | python3 /usr/sbin/waagent -c x",
      "waagent | python3 \\usr\\sbin\\waagent",
      "waagent | \\usr\\bin\\python3 \\usr\\sbin\\waagent",
      "waagent | waagent' -c x",
      "cfn-hup | bash /opt/aws/bin/cfn-hup",
  })
  void nameOnlyEventWithForeignCommandIsNotExcused(String name, String commandLine) {
    Event event = SimpleEvent.builder().processName(name).commandLine(commandLine)
        .destinationAddress("169.254.169.254").build();
    Verdict verdict = DEFAULT.evaluate(event);
    assertEquals(1, verdict.findings().size(), verdict::toString);
    assertTrue(verdict.suppressions().isEmpty(), verdict::toString);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "agent.azure-guest-agent | waagent | /usr/sbin/waagent -daemon",
      "agent.azure-guest-agent | waagent | waagent -run-exthandlers",
      "agent.azure-guest-agent | waagent | python3 -u /usr/sbin/waagent -daemon",
      "agent.azure-guest-agent | waagent | /usr/bin/python3 -W ignore /usr/sbin/waagent -daemon",
      "agent.cloud-init | cloud-init | /usr/bin/python3 /usr/bin/cloud-init init",
      "agent.amazon-ssm-agent | amazon-ssm-agent.exe"
          + " | \"C:\\Program Files\\Amazon\\SSM\\amazon-ssm-agent.exe\"",
  })
  void nameOnlyEventWithAgentCommandIsExcused(String exclusionId, String name,
      String commandLine) {
    Event event = SimpleEvent.builder().processName(name).commandLine(commandLine)
        .destinationAddress("169.254.169.254").build();
    Verdict verdict = DEFAULT.evaluate(event);
    assertTrue(verdict.findings().isEmpty(), verdict::toString);
    assertEquals(exclusionId, verdict.suppressions().get(0).exclusionId());
    assertTrue(verdict.suppressions().get(0).reason().contains("bound by name"),
        verdict.suppressions().get(0).reason());
  }

  @Test
  void reasonNamesNameOnlyBinding() {
    Event event = SimpleEvent.builder().processName("waagent")
        .destinationAddress("169.254.169.254").build();
    assertEquals("process name waagent is the agent.azure-guest-agent agent (bound by name only:"
        + " the event has no executable path or command line)",
        check(event, "agent.azure-guest-agent").reason());
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(delimiter = '|', value = {
      "agent.azure-guest-agent | /usr/bin/python3 | python3 -W ignore /usr/sbin/waagent -daemon",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 -B -E -s -O -X dev /usr/sbin/waagent",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 -u /usr/sbin/waagent"
          + " -configuration-path:/etc/waagent.conf",
      "agent.azure-guest-agent | /usr/bin/python3 | python3 /usr/sbin/waagent -deprovision+user",
      "agent.ec2-instance-connect | /usr/bin/bash | bash"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys ec2-user SHA256:x",
      "agent.ec2-instance-connect | /usr/bin/bash | /bin/bash -e -x -u -o pipefail"
          + " /usr/share/ec2-instance-connect/eic_run_authorized_keys ec2-user SHA256:x",
      "iac.aws-cdk | /usr/bin/node | node /usr/lib/node_modules/aws-cdk/bin/cdk deploy"
          + " --require-approval never",
  })
  void harmlessOptionsAreExcused(String exclusionId, String executable, String commandLine) {
    Detector detector = Detector.create(RuleSet.iacRunner());
    Event event = connect(executable, "x", commandLine);
    Verdict verdict = detector.evaluate(event);
    assertTrue(verdict.findings().isEmpty(), verdict::toString);
    assertEquals(exclusionId, verdict.suppressions().get(0).exclusionId());
  }
}

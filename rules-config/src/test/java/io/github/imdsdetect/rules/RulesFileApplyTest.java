package io.github.imdsdetect.rules;

import static io.github.imdsdetect.rules.Fixtures.SOURCE;
import static io.github.imdsdetect.rules.Fixtures.TODAY;
import static io.github.imdsdetect.rules.Fixtures.findings;
import static io.github.imdsdetect.rules.Fixtures.load;
import static io.github.imdsdetect.rules.Fixtures.suppressedBy;
import static io.github.imdsdetect.rules.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Exclusion;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Severity;
import io.github.imdsdetect.core.SimpleEvent;
import io.github.imdsdetect.core.Verdict;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each section and key of a rules file, checked through a detector built from the result. */
class RulesFileApplyTest {

  private static final String AGENT = "/opt/acme/inventory/bin/inventory-agent";

  private static Verdict evaluate(RulesFile.Result result, Event event) {
    return Detector.create(result.ruleSet()).evaluate(event);
  }

  private static Verdict evaluateDefault(Event event) {
    return Detector.create(RuleSet.defaults()).evaluate(event);
  }

  private static Event connection(String executable, String name) {
    return SimpleEvent.builder()
        .processExecutable(executable)
        .processName(name)
        .destinationAddress("169.254.169.254")
        .build();
  }

  /**
   * Returns an event whose process is neither a shell, downloader, interpreter nor SDK runtime,
   * so that the detector reports the rule's or indicator's severity unchanged.
   */
  private static Event commandLine(String commandLine) {
    return SimpleEvent.builder()
        .processExecutable("/opt/app/bin/report-job")
        .processName("report-job")
        .commandLine(commandLine)
        .build();
  }

  // ---- the result ----

  @Test
  void emptyFileKeepsEveryRule() throws Exception {
    RulesFile.Result result = load("# nothing but a comment", "");

    assertEquals("default+rules.ini", result.ruleSet().name());
    assertEquals(List.of(), result.warnings());
    assertEquals(RuleSet.defaults().rules(), result.ruleSet().rules());
  }

  @Test
  void rulesFileKeepsContextualSeverity() throws Exception {
    RulesFile.Result onDefault = load("# nothing but a comment", "");
    RulesFile.Result onQradar = RulesFile.apply(RuleSet.qradar(),
        new StringReader("# nothing\n"), SOURCE, TODAY);

    assertTrue(RuleSet.defaults().contextualSeverity());
    assertTrue(onDefault.ruleSet().contextualSeverity());
    assertEquals(RuleSet.qradar().contextualSeverity(), onQradar.ruleSet().contextualSeverity());
    // A downloader that requests credentials is critical with or without the file.
    Event curl = SimpleEvent.builder()
        .processExecutable("/usr/bin/curl")
        .commandLine("curl http://169.254.169.254/latest/meta-data/iam/security-credentials/r")
        .build();
    assertEquals(Detector.create(RuleSet.defaults()).detect(curl),
        Detector.create(onDefault.ruleSet()).detect(curl));
  }

  @Test
  void readerOverloadMatchesText() throws Exception {
    String text = text("[rule imds.http.url]", "severity = critical");

    RulesFile.Result fromReader =
        RulesFile.apply(RuleSet.defaults(), new StringReader(text), SOURCE, TODAY);

    assertEquals("default+rules.ini", fromReader.ruleSet().name());
    assertEquals(Severity.CRITICAL, fromReader.ruleSet().rule("imds.http.url").severity());
  }

  @Test
  void unchangedRulesAreReused() throws Exception {
    RulesFile.Result result = load("[rule imds.http.url]", "severity = critical");

    assertSame(RuleSet.defaults().rule("imds.dns.query"), result.ruleSet().rule("imds.dns.query"));
  }

  @Test
  void byteOrderMarkAndCrLfAreAccepted() throws Exception {
    String text = "\uFEFF# comment\r\n[rule imds.http.url]\r\nseverity = low\r\n";

    RulesFile.Result result = RulesFile.apply(RuleSet.defaults(), text, SOURCE, TODAY);

    assertEquals(Severity.LOW, result.ruleSet().rule("imds.http.url").severity());
  }

  // ---- [rule RULE_ID] ----

  @Test
  void disabledRuleNoLongerFires() throws Exception {
    Event rebinding =
        SimpleEvent.builder().dnsQueryName("rebind.example").dnsAnswers("169.254.169.254").build();
    assertEquals(1, findings(evaluateDefault(rebinding), "imds.dns.answer").size());

    RulesFile.Result result = load("[rule imds.dns.answer]", "disable = true");

    assertNull(result.ruleSet().rule("imds.dns.answer"));
    assertEquals(RuleSet.defaults().rules().size() - 1, result.ruleSet().rules().size());
    assertTrue(evaluate(result, rebinding).findings().isEmpty());
  }

  @Test
  void disableFalseKeepsRule() throws Exception {
    RulesFile.Result result = load("[rule imds.dns.answer]", "disable = false");

    assertNotNull(result.ruleSet().rule("imds.dns.answer"));
  }

  @Test
  void severityChangeShowsInFindings() throws Exception {
    Event event = commandLine("curl -s http://10.0.0.1/latest/meta-data/");
    assertEquals(Severity.MEDIUM, findings(evaluateDefault(event), "imds.cmdline.path").get(0)
        .severity());

    RulesFile.Result result = load("[rule imds.cmdline.path]", "severity = critical");

    List<Finding> found = findings(evaluate(result, event), "imds.cmdline.path");
    assertEquals(1, found.size());
    assertEquals(Severity.CRITICAL, found.get(0).severity());
  }

  @Test
  void everySeverityNameParses() throws Exception {
    for (Severity severity : Severity.values()) {
      String name = severity.name().toLowerCase(java.util.Locale.ROOT);

      RulesFile.Result result = load("[rule imds.http.url]", "severity = " + name);

      assertEquals(severity, result.ruleSet().rule("imds.http.url").severity(), name);
    }
  }

  @Test
  void removedExclusionNoLongerQuiets() throws Exception {
    Event afterburn = connection("/usr/bin/afterburn", "afterburn");
    assertEquals(List.of("agent.afterburn"),
        suppressedBy(evaluateDefault(afterburn), "imds.net.connection"));

    RulesFile.Result result =
        load("[rule imds.net.connection]", "remove_exclusion = agent.afterburn, agent.cloud-init");

    Rule rule = result.ruleSet().rule("imds.net.connection");
    assertTrue(rule.exclusions().stream().noneMatch(e -> e.id().equals("agent.afterburn")));
    assertTrue(rule.exclusions().stream().noneMatch(e -> e.id().equals("agent.cloud-init")));
    assertEquals(1, findings(evaluate(result, afterburn), "imds.net.connection").size());
    Event ssm = connection("/usr/bin/amazon-ssm-agent", "amazon-ssm-agent");
    assertEquals(List.of("agent.amazon-ssm-agent"),
        suppressedBy(evaluate(result, ssm), "imds.net.connection"));
  }

  @Test
  void qradarExclusionIdIsRemovable() throws Exception {
    String text = text("[rule qradar.pattern1.connection]",
        "remove_exclusion = process.name NOT ILIKE '%cloud-init%'");
    Event cloudInit =
        SimpleEvent.builder().processName("cloud-init").destinationAddress("169.254.169.254")
            .build();
    assertTrue(Detector.create(RuleSet.qradar()).evaluate(cloudInit).findings().isEmpty());

    RulesFile.Result result = RulesFile.apply(RuleSet.qradar(), text, SOURCE, TODAY);

    assertEquals("qradar+rules.ini", result.ruleSet().name());
    assertEquals(1,
        findings(evaluate(result, cloudInit), "qradar.pattern1.connection").size());
  }

  // ---- [indicator] ----

  @Test
  void containsIndicatorFires() throws Exception {
    Event event = commandLine("curl http://metadata.tencentyun.com/");
    assertTrue(findings(evaluateDefault(event), "imds.cmdline.path").isEmpty());

    RulesFile.Result result = load(
        "[indicator]",
        "rule = imds.cmdline.path",
        "contains = metadata.tencentyun.com",
        "provider = tencent",
        "data_kind = metadata");

    List<Finding> found = findings(evaluate(result, event), "imds.cmdline.path");
    assertEquals(1, found.size());
    assertEquals("metadata.tencentyun.com", found.get(0).matchedText());
    assertEquals("tencent", found.get(0).provider());
    assertEquals("metadata", found.get(0).dataKind());
    assertEquals(Severity.MEDIUM, found.get(0).severity());
  }

  @Test
  void likeIndicatorFires() throws Exception {
    RulesFile.Result result = load(
        "[indicator]",
        "rule = imds.cmdline.path",
        "field = process.command_line",
        "like = %openstack/____-__-__/meta_data.json%");

    Event dated = commandLine("curl http://10.1.2.3/openstack/2018-08-27/meta_data.json");
    Event other = commandLine("curl http://10.1.2.3/openstack/2018-08/meta_data.json");
    assertEquals(1, findings(evaluate(result, dated), "imds.cmdline.path").size());
    assertTrue(findings(evaluate(result, other), "imds.cmdline.path").isEmpty());
  }

  @Test
  void regexIndicatorFiresWithItsSeverity() throws Exception {
    RulesFile.Result result = load(
        "[indicator]",
        "rule = imds.cmdline.credentials",
        "regex = (?i)x-aws-ec2-metadata-token-ttl-seconds\\s*:\\s*\\d+",
        "required_literal = x-aws-ec2-metadata-token-ttl-seconds",
        "provider = aws",
        "data_kind = token",
        "severity = critical");

    Event event = commandLine("curl -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600' $H");
    List<Finding> found = findings(evaluate(result, event), "imds.cmdline.credentials");
    assertEquals(1, found.size());
    assertEquals(Severity.CRITICAL, found.get(0).severity());
    assertEquals("X-aws-ec2-metadata-token-ttl-seconds: 21600", found.get(0).matchedText());
    assertEquals("token", found.get(0).dataKind());
    Event noSeconds = commandLine("curl -H 'X-aws-ec2-metadata-token-ttl-seconds: soon' $H");
    assertTrue(findings(evaluate(result, noSeconds), "imds.cmdline.credentials").isEmpty());
  }

  @Test
  void providerAloneLeavesDataKindUnknown() throws Exception {
    RulesFile.Result result =
        load("[indicator]", "rule = imds.cmdline.path", "contains = x-test-path", "provider = acme");

    Indicator added = last(result.ruleSet().rule("imds.cmdline.path").indicators());
    assertEquals("acme", added.provider());
    assertEquals("unknown", added.dataKind());
    assertNull(added.severity());
  }

  @Test
  void indicatorsAppendInFileOrder() throws Exception {
    RulesFile.Result result = load(
        "[indicator]", "rule = imds.http.header", "contains = x-first",
        "[indicator]", "rule = imds.http.header", "contains = x-second");

    List<Indicator> indicators = result.ruleSet().rule("imds.http.header").indicators();
    int size = indicators.size();
    assertEquals(RuleSet.defaults().rule("imds.http.header").indicators().size() + 2, size);
    assertEquals("x-first", indicators.get(size - 2).pattern());
    assertEquals("x-second", indicators.get(size - 1).pattern());
  }

  @Test
  void quotedValueUnescapes() throws Exception {
    RulesFile.Result result = load(
        "[indicator]", "rule = imds.cmdline.path", "contains = \"  a \\\"b\\\" c:\\\\d, #e  \"");

    Indicator added = last(result.ruleSet().rule("imds.cmdline.path").indicators());
    assertEquals("  a \"b\" c:\\d, #e  ", added.pattern());
  }

  @Test
  void bareValueKeepsBackslashesAndHashes() throws Exception {
    RulesFile.Result result =
        load("[indicator]", "rule = imds.cmdline.path", "contains = a\\b #c \"d\"");

    Indicator added = last(result.ruleSet().rule("imds.cmdline.path").indicators());
    assertEquals("a\\b #c \"d\"", added.pattern());
  }

  // ---- [allow ID] ----

  @Test
  void allowEntryQuietsItsExecutableOnly() throws Exception {
    RulesFile.Result result = load(
        "[allow acme-inventory]",
        "rules = imds.net.connection",
        "executable = " + AGENT,
        "reason = \"inventory agent reads the instance id\"");

    Event agent = connection(AGENT, "inventory-agent");
    Event otherPath = connection("/opt/other/bin/inventory-agent", "inventory-agent");
    Event tmpCopy = connection("/tmp/inventory-agent", "inventory-agent");
    Event nameOnly = connection(null, "inventory-agent");
    assertEquals(List.of("acme-inventory"), suppressedBy(evaluate(result, agent),
        "imds.net.connection"));
    assertTrue(findings(evaluate(result, agent), "imds.net.connection").isEmpty());
    assertEquals(1, findings(evaluate(result, otherPath), "imds.net.connection").size());
    assertEquals(1, findings(evaluate(result, tmpCopy), "imds.net.connection").size());
    assertEquals(1, findings(evaluate(result, nameOnly), "imds.net.connection").size());
  }

  @Test
  void allowEntryDoesNotQuietChildrenOfItsExecutable() throws Exception {
    RulesFile.Result result = load(
        "[allow acme-inventory]",
        "rules = *",
        "executable = " + AGENT,
        "reason = \"inventory agent reads the instance id\"");

    Event shell = SimpleEvent.builder()
        .processExecutable("/usr/bin/bash")
        .processName("bash")
        .parentProcessExecutable(AGENT)
        .commandLine("/usr/bin/bash -c 'curl http://169.254.169.254/latest/meta-data/instance-id'")
        .build();
    Event curl = SimpleEvent.builder()
        .processExecutable("/usr/bin/curl")
        .parentProcessExecutable(AGENT)
        .commandLine("curl http://169.254.169.254/latest/meta-data/instance-id")
        .build();
    Event noExecutable = SimpleEvent.builder()
        .parentProcessExecutable(AGENT)
        .destinationAddress("169.254.169.254")
        .build();
    assertEquals(List.of(), suppressedBy(evaluate(result, shell), "imds.cmdline.endpoint"));
    assertEquals(1, findings(evaluate(result, shell), "imds.cmdline.endpoint").size());
    assertEquals(List.of(), suppressedBy(evaluate(result, curl), "imds.cmdline.endpoint"));
    assertEquals(1, findings(evaluate(result, curl), "imds.cmdline.endpoint").size());
    assertEquals(1, findings(evaluate(result, noExecutable), "imds.net.connection").size());
  }

  @Test
  void allowGlobStaysWithinSegment() throws Exception {
    RulesFile.Result result = load(
        "[allow acme]",
        "rules = imds.net.connection",
        "executable = /opt/acme/*/agent",
        "reason = acme agents");

    Event oneLevel = connection("/opt/acme/v2/agent", "agent");
    Event twoLevels = connection("/opt/acme/v2/bin/agent", "agent");
    Event upperCase = connection("/OPT/Acme/V2/AGENT", "agent");
    assertTrue(findings(evaluate(result, oneLevel), "imds.net.connection").isEmpty());
    assertTrue(findings(evaluate(result, upperCase), "imds.net.connection").isEmpty());
    assertEquals(1, findings(evaluate(result, twoLevels), "imds.net.connection").size());
  }

  @Test
  void windowsPathInQuotesMatchesEitherSlash() throws Exception {
    RulesFile.Result result = load(
        "[allow acme-win]",
        "rules = imds.net.connection",
        "executable = \"c:\\\\program files\\\\acme\\\\agent.exe\", c:\\tools\\acme.exe",
        "reason = acme agent on windows");

    Event backslashes = connection("C:\\Program Files\\ACME\\agent.exe", "agent.exe");
    Event bareForm = connection("c:/tools/acme.exe", "acme.exe");
    assertTrue(findings(evaluate(result, backslashes), "imds.net.connection").isEmpty());
    assertTrue(findings(evaluate(result, bareForm), "imds.net.connection").isEmpty());
  }

  @Test
  void nameBoundEntryQuietsEventsWithoutPath() throws Exception {
    RulesFile.Result result = load(
        "[allow acme-by-name]",
        "rules = imds.net.connection",
        "executable = " + AGENT,
        "name = inventory-agent",
        "bound = name",
        "reason = firewall events carry only the process name");

    Event nameOnly = connection(null, "inventory-agent");
    Event agent = connection(AGENT, "inventory-agent");
    Event tmpCopy = connection("/tmp/inventory-agent", "inventory-agent");
    Event otherName = connection(null, "other-agent");
    assertEquals(List.of("acme-by-name"),
        suppressedBy(evaluate(result, nameOnly), "imds.net.connection"));
    assertTrue(findings(evaluate(result, agent), "imds.net.connection").isEmpty());
    assertEquals(1, findings(evaluate(result, tmpCopy), "imds.net.connection").size());
    assertEquals(1, findings(evaluate(result, otherName), "imds.net.connection").size());
  }

  @Test
  void nameOnlyEntryDefaultsToNameBinding() throws Exception {
    RulesFile.Result result = load(
        "[allow acme-by-name]",
        "rules = imds.net.connection",
        "name = inventory-agent",
        "reason = firewall events carry only the process name");

    Exclusion exclusion = last(result.ruleSet().rule("imds.net.connection").exclusions());
    assertEquals(List.of("inventory-agent"), exclusion.names());
    assertEquals(List.of(), exclusion.executables());
    assertTrue(findings(evaluate(result, connection(null, "inventory-agent")),
        "imds.net.connection").isEmpty());
    assertEquals(1, findings(evaluate(result, connection("/usr/bin/inventory-agent",
        "inventory-agent")), "imds.net.connection").size());
  }

  @Test
  void explicitExecutableBindingIgnoresNothing() throws Exception {
    RulesFile.Result result = load(
        "[allow acme]",
        "rules = imds.net.connection",
        "executable = " + AGENT,
        "bound = executable",
        "reason = acme");

    Exclusion exclusion = last(result.ruleSet().rule("imds.net.connection").exclusions());
    assertEquals(List.of(AGENT), exclusion.executables());
    assertEquals(List.of(), exclusion.names());
  }

  @Test
  void allowEntryLeavesOtherRulesAlone() throws Exception {
    RulesFile.Result result = load(
        "[allow acme]",
        "rules = imds.net.connection",
        "executable = " + AGENT,
        "reason = acme");

    Event event = SimpleEvent.builder()
        .processExecutable(AGENT)
        .commandLine("inventory-agent --endpoint http://169.254.169.254/")
        .destinationAddress("169.254.169.254")
        .build();
    Verdict verdict = evaluate(result, event);
    assertEquals(List.of("acme"), suppressedBy(verdict, "imds.net.connection"));
    assertEquals(1, findings(verdict, "imds.cmdline.endpoint").size());
  }

  @Test
  void allowStarCoversEveryRule() throws Exception {
    RulesFile.Result result =
        load("[allow acme]", "rules = *", "executable = " + AGENT, "reason = acme");

    for (Rule rule : result.ruleSet().rules()) {
      assertEquals("acme", last(rule.exclusions()).id(), rule.id());
    }
    Event rebinding = SimpleEvent.builder()
        .processExecutable(AGENT)
        .dnsQueryName("rebind.example")
        .dnsAnswers("169.254.169.254")
        .build();
    assertEquals(List.of("acme"), suppressedBy(evaluate(result, rebinding), "imds.dns.answer"));
  }

  @Test
  void allowDescriptionCarriesReasonAndOrigin() throws Exception {
    RulesFile.Result result = load(
        "",
        "[allow acme]",
        "rules = imds.net.connection",
        "executable = " + AGENT,
        "reason = \"acme, the inventory agent\"",
        "until = 2026-03-31");

    Exclusion exclusion = last(result.ruleSet().rule("imds.net.connection").exclusions());
    assertEquals("acme, the inventory agent (rules.ini line 2, until 2026-03-31)",
        exclusion.description());
  }

  @Test
  void expiredEntryIsWarnedAndSkipped() throws Exception {
    RulesFile.Result result = load(
        "[allow acme]",
        "rules = imds.net.connection",
        "executable = " + AGENT,
        "reason = acme",
        "until = 2026-01-14");

    assertEquals(List.of("rules.ini:1: allow-list entry 'acme' expired on 2026-01-14 and is not"
        + " applied; renew its until date or delete it"), result.warnings());
    assertEquals(RuleSet.defaults().rule("imds.net.connection"),
        result.ruleSet().rule("imds.net.connection"));
    assertEquals(1, findings(evaluate(result, connection(AGENT, "inventory-agent")),
        "imds.net.connection").size());
  }

  @Test
  void entryAppliesThroughItsUntilDay() throws Exception {
    RulesFile.Result result = load(
        "[allow acme]",
        "rules = imds.net.connection",
        "executable = " + AGENT,
        "reason = acme",
        "until = 2026-01-15");

    assertEquals(List.of(), result.warnings());
    assertTrue(findings(evaluate(result, connection(AGENT, "inventory-agent")),
        "imds.net.connection").isEmpty());
  }

  @Test
  void replacedBuiltInExclusionUsesItsId() throws Exception {
    RulesFile.Result result = load(
        "[allow agent.cloud-init]",
        "rules = imds.net.connection",
        "executable = /usr/local/bin/cloud-init",
        "reason = our cloud-init build",
        "[rule imds.net.connection]",
        "remove_exclusion = agent.cloud-init");

    List<Exclusion> exclusions = result.ruleSet().rule("imds.net.connection").exclusions();
    assertEquals(1, exclusions.stream().filter(e -> e.id().equals("agent.cloud-init")).count());
    assertTrue(findings(evaluate(result, connection("/usr/local/bin/cloud-init", "cloud-init")),
        "imds.net.connection").isEmpty());
    assertEquals(1, findings(evaluate(result, connection("/usr/bin/cloud-init", "cloud-init")),
        "imds.net.connection").size());
  }

  // ---- warnings ----

  @Test
  void changesToDisabledRuleAreWarned() throws Exception {
    RulesFile.Result result = load(
        "[rule imds.http.header]",
        "disable = true",
        "severity = high",
        "[indicator]",
        "rule = imds.http.header",
        "contains = x-test",
        "[allow acme]",
        "rules = imds.http.header, imds.http.url",
        "executable = " + AGENT,
        "reason = acme");

    assertEquals(List.of(
        "rules.ini:1: [rule imds.http.header] disables the rule, so its severity and"
            + " remove_exclusion have no effect",
        "rules.ini:4: the indicator has no effect because rule imds.http.header is disabled",
        "rules.ini:7: allow-list entry 'acme' names rule imds.http.header, which is disabled"),
        result.warnings());
    assertEquals("acme", last(result.ruleSet().rule("imds.http.url").exclusions()).id());
  }

  @Test
  void disablingEveryRuleIsWarned() throws Exception {
    StringBuilder text = new StringBuilder();
    for (Rule rule : RuleSet.defaults().rules()) {
      text.append("[rule ").append(rule.id()).append("]\ndisable = true\n");
    }

    RulesFile.Result result = RulesFile.apply(RuleSet.defaults(), text.toString(), SOURCE, TODAY);

    assertEquals(List.of(), result.ruleSet().rules());
    assertEquals(1, result.warnings().size());
    assertTrue(result.warnings().get(0).contains("every rule of the base set 'default' is"
        + " disabled"), result.warnings().get(0));
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }
}

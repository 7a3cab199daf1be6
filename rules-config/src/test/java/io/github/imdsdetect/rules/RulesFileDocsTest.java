package io.github.imdsdetect.rules;

import static io.github.imdsdetect.rules.Fixtures.SOURCE;
import static io.github.imdsdetect.rules.Fixtures.TODAY;
import static io.github.imdsdetect.rules.Fixtures.findings;
import static io.github.imdsdetect.rules.Fixtures.suppressedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Severity;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The example file and the examples in docs/rules-file.md load and behave as described. */
class RulesFileDocsTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Path EXAMPLE = DOCS.resolve("examples/rules-example.ini");

  private static RulesFile.Result loadExample(LocalDate today) throws Exception {
    try (Reader reader = Files.newBufferedReader(EXAMPLE, StandardCharsets.UTF_8)) {
      return RulesFile.apply(RuleSet.defaults(), reader, "rules-example.ini", today);
    }
  }

  private static Event connection(String executable) {
    return SimpleEvent.builder()
        .processExecutable(executable)
        .destinationAddress("169.254.169.254")
        .build();
  }

  @Test
  void exampleFileLoads() throws Exception {
    RulesFile.Result result = loadExample(TODAY);

    assertEquals(List.of(), result.warnings());
    assertEquals("default+rules-example.ini", result.ruleSet().name());
    assertNull(result.ruleSet().rule("imds.dns.answer"));
    assertEquals(Severity.HIGH, result.ruleSet().rule("imds.cmdline.path").severity());
    assertTrue(result.ruleSet().rule("imds.cmdline.path").exclusions().stream()
        .noneMatch(e -> e.id().equals("agent.afterburn")));
  }

  @Test
  void exampleFileExcusesItsAgents() throws Exception {
    Detector detector = Detector.create(loadExample(TODAY).ruleSet());

    assertEquals(List.of("acme-inventory"), suppressedBy(detector.evaluate(
        connection("/opt/acme/inventory/bin/inventory-agent")), "imds.net.connection"));
    assertEquals(List.of("acme-inventory"), suppressedBy(detector.evaluate(
        connection("C:\\Program Files\\ACME\\Inventory\\inventory-agent.exe")),
        "imds.net.connection"));
    assertEquals(List.of("migration-probe"), suppressedBy(detector.evaluate(
        connection("/opt/migration/bin/probe-eu1")), "imds.net.connection"));
    Event nameOnly =
        SimpleEvent.builder().processName("inventory-agent").destinationAddress("169.254.169.254")
            .build();
    assertEquals(List.of("acme-inventory-firewall"),
        suppressedBy(detector.evaluate(nameOnly), "imds.net.connection"));
    assertEquals(1, findings(detector.evaluate(connection("/tmp/inventory-agent")),
        "imds.net.connection").size());
  }

  @Test
  void exampleFileIndicatorsFire() throws Exception {
    Detector detector = Detector.create(loadExample(TODAY).ruleSet());
    Event openStack = SimpleEvent.builder()
        .processExecutable("/opt/app/bin/report-job")
        .commandLine("fetch http://10.0.0.1/openstack/2018-08-27/meta_data.json")
        .build();

    assertEquals(1, findings(detector.evaluate(openStack), "imds.cmdline.path").size());
  }

  @Test
  void exampleEntryExpiresAfterItsDate() throws Exception {
    RulesFile.Result result = loadExample(LocalDate.of(2027, 7, 1));

    assertEquals(1, result.warnings().size());
    assertTrue(result.warnings().get(0).startsWith("rules-example.ini:"),
        result.warnings().get(0));
    assertTrue(result.warnings().get(0).contains("allow-list entry 'migration-probe' expired on"
        + " 2027-06-30"), result.warnings().get(0));
  }

  /** Returns the text of each fenced block of the given language in the page. */
  private static List<String> fencedBlocks(String page, String language) {
    List<String> blocks = new ArrayList<>();
    String open = "```" + language + "\n";
    int start = page.indexOf(open);
    while (start >= 0) {
      int end = page.indexOf("```\n", start + open.length());
      blocks.add(page.substring(start + open.length(), end));
      start = page.indexOf(open, end + 4);
    }
    return blocks;
  }

  @Test
  void everyIniBlockOfPageLoads() throws Exception {
    String page = Files.readString(DOCS.resolve("rules-file.md"), StandardCharsets.UTF_8);
    List<String> blocks = fencedBlocks(page, "ini");
    assertTrue(blocks.size() >= 5, "found " + blocks.size() + " ini blocks");

    for (String block : blocks) {
      RuleSet base = block.startsWith("# base: qradar") ? RuleSet.qradar() : RuleSet.defaults();

      RulesFile.Result result = RulesFile.apply(base, block, SOURCE, TODAY);

      assertEquals(List.of(), result.warnings(), block);
    }
  }

  @Test
  void errorMessagesOfPageAreReal() throws Exception {
    String page = Files.readString(DOCS.resolve("rules-file.md"), StandardCharsets.UTF_8);
    List<String> documented = new ArrayList<>();
    for (String block : fencedBlocks(page, "text")) {
      for (String line : block.split("\n")) {
        if (line.startsWith("rules.ini:")) {
          documented.add(line);
        }
      }
    }
    String padding = "#\n".repeat(5);
    List<String> actual = List.of(
        message(padding + "[rule imds.http.url]\nseverity = urgent\n"),
        message(padding.repeat(2) + "#\n[rule imds.cmdline.paths]\nseverity = high\n"),
        message(padding.repeat(3) + "#\n[allow acme]\nrules = *\nreason = acme\nname = curl\n"));

    assertEquals(3, documented.size(), documented::toString);
    assertEquals(documented.get(0), actual.get(0));
    String shortened = documented.get(1);
    assertTrue(shortened.endsWith(", ..."), shortened);
    assertTrue(actual.get(1).startsWith(shortened.substring(0, shortened.length() - 3)),
        actual.get(1));
    assertEquals(documented.get(2), actual.get(2));
  }

  @Test
  void idsNamedOnPageExist() throws Exception {
    String page = Files.readString(DOCS.resolve("rules-file.md"), StandardCharsets.UTF_8);
    List<String> known = new ArrayList<>();
    for (RuleSet set : List.of(RuleSet.defaults(), RuleSet.qradar())) {
      for (Rule rule : set.rules()) {
        known.add(rule.id());
        rule.fields().forEach(f -> known.add(f.fieldName()));
        rule.exclusions().forEach(e -> known.add(e.id()));
      }
    }
    Matcher ids = Pattern.compile("`((?:imds|qradar|agent|dns)\\.[a-z0-9._-]+)`").matcher(page);
    int count = 0;

    while (ids.find()) {
      count++;
      assertTrue(known.contains(ids.group(1)), ids.group(1));
    }
    assertTrue(count >= 10, "found " + count + " ids");
  }

  private static String message(String text) {
    return assertThrows(RulesFileException.class,
        () -> RulesFile.apply(RuleSet.defaults(), text, SOURCE, TODAY)).getMessage();
  }
}

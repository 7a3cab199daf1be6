package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner screens ECS lines by default; {@code --no-screen} builds every event. Both must
 * write the same findings and the same summary.
 */
class ScreenOptionTest {

  @Test
  void generatedDataSetScansAlike(@TempDir Path dir) {
    CliRun generated = CliRun.run("generate", "--count", "400", "--seed", "7", dir.toString());
    assertEquals(0, generated.exitCode(), generated.err());
    for (String file : new String[] {"ecs.ndjson", "ocsf.ndjson", "zeek_http.ndjson"}) {
      String path = dir.resolve(file).toString();
      assertSameScan(path);
    }
  }

  @Test
  void bundledEcsSamplesScanAlike() {
    assertSameScan("../../samples/ecs/constructed/elastic_agent_t1552_005.ndjson");
    assertSameScan("../../samples/ecs/constructed/elasticsearch_search_response.json");
    assertSameScan("../../samples/ecs/beats_auditbeat_auditd_meta_data.json");
  }

  @Test
  void unsearchableRuleLiteralsStillFound(@TempDir Path dir) throws IOException {
    Path events = dir.resolve("events.ndjson");
    Files.writeString(events,
        "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"process\":{\"command_line\":"
            + "\"run ssrf\\\"payload; Invoke-WebRequest -UseBasicParsing"
            + " m\u00e9tadonn\u00e9es\"}}\n",
        StandardCharsets.UTF_8);
    // A quote, a space and a non-ASCII letter: JSON escapes the first, and the screen looks for
    // none of them, so it must not clear the line.
    for (String literal : new String[] {"ssrf\"payload", "\"Invoke-WebRequest -UseBasicParsing\"",
        "m\u00e9tadonn\u00e9es"}) {
      Path rules = dir.resolve("rules.ini");
      Files.writeString(rules, "[indicator]\nrule = imds.cmdline.path\ncontains = " + literal
          + "\n", StandardCharsets.UTF_8);
      CliRun screened = CliRun.run("scan", "--output", "text", "--rules", rules.toString(),
          events.toString());
      assertEquals(1, screened.exitCode(), screened.err());
      assertTrue(screened.out().contains("imds.cmdline.path"), screened.out());
      assertSameScan("--rules", rules.toString(), events.toString());
    }
  }

  @Test
  void everyRuleDisabledScansTheSame(@TempDir Path dir) throws IOException {
    StringBuilder rules = new StringBuilder();
    for (Rule rule : RuleSet.named("qradar").rules()) {
      rules.append("[rule ").append(rule.id()).append("]\ndisable = true\n");
    }
    Path rulesFile = dir.resolve("none.ini");
    Files.writeString(rulesFile, rules.toString(), StandardCharsets.UTF_8);
    String sample = "../../samples/ecs/constructed/elastic_agent_t1552_005.ndjson";
    CliRun screened = CliRun.run("scan", "--profile", "qradar", "--rules", rulesFile.toString(),
        sample);
    assertEquals(0, screened.exitCode(), screened.err());
    assertSameScan("--profile", "qradar", "--rules", rulesFile.toString(), sample);
  }

  @Test
  void helpListsTheOption() {
    CliRun help = CliRun.run("--help");
    assertTrue(help.out().contains("--no-screen"), help.out());
  }

  /** Scans with the screen and with {@code --no-screen}, and compares everything written. */
  private static void assertSameScan(String... args) {
    List<String> screenedArgs = new ArrayList<>(List.of("scan", "--output", "text"));
    screenedArgs.addAll(List.of(args));
    List<String> builtArgs = new ArrayList<>(screenedArgs);
    builtArgs.add(1, "--no-screen");
    CliRun screened = CliRun.run(screenedArgs.toArray(new String[0]));
    CliRun built = CliRun.run(builtArgs.toArray(new String[0]));
    String command = String.join(" ", args);
    assertEquals(built.exitCode(), screened.exitCode(), command);
    assertEquals(built.out(), screened.out(), command);
    assertEquals(built.err(), screened.err(), command);
    assertTrue(screened.err().contains("events: "), screened.err());
  }
}

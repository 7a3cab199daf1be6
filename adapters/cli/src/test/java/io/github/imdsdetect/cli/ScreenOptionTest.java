package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner screens ECS lines by default; {@code --no-screen} builds every event. Both must
 * write the same findings and the same summary.
 */
class ScreenOptionTest {

  @Test
  void generatedDataSetScansTheSameWithAndWithoutTheScreen(@TempDir Path dir) {
    CliRun generated = CliRun.run("generate", "--count", "400", "--seed", "7", dir.toString());
    assertEquals(0, generated.exitCode(), generated.err());
    for (String file : new String[] {"ecs.ndjson", "ocsf.ndjson", "zeek_http.ndjson"}) {
      String path = dir.resolve(file).toString();
      assertSameScan(path);
    }
  }

  @Test
  void bundledEcsSamplesScanTheSameWithAndWithoutTheScreen() {
    assertSameScan("../../samples/ecs/constructed/elastic_agent_t1552_005.ndjson");
    assertSameScan("../../samples/ecs/constructed/elasticsearch_search_response.json");
    assertSameScan("../../samples/ecs/beats_auditbeat_auditd_meta_data.json");
  }

  @Test
  void helpListsTheOption() {
    CliRun help = CliRun.run("--help");
    assertTrue(help.out().contains("--no-screen"), help.out());
  }

  private static void assertSameScan(String path) {
    CliRun screened = CliRun.run("scan", "--output", "text", path);
    CliRun built = CliRun.run("scan", "--output", "text", "--no-screen", path);
    assertEquals(built.exitCode(), screened.exitCode(), path);
    assertEquals(built.out(), screened.out(), path);
    assertEquals(built.err(), screened.err(), path);
    assertTrue(screened.err().contains("events: "), screened.err());
  }
}

package io.github.imdsdetect.qradar;

import static io.github.imdsdetect.qradar.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs both QRadar parsers on the real and constructed files under samples/qradar. */
class QradarSamplesTest {
  private static final Path SAMPLES = Path.of("../../samples/qradar");
  private static final Path DEMISTO = SAMPLES.resolve("demisto_qradar_v2_raw_responses.json");
  private static final Path JSON = SAMPLES.resolve("constructed/ariel_search_results.json");
  private static final Path CSV = SAMPLES.resolve("constructed/ariel_search_results.csv");
  private static final String AWS_CREDENTIALS =
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
  private static final String GCP_TOKEN =
      "-s -H \"Metadata-Flavor: Google\" http://metadata.google.internal/computeMetadata/v1/"
          + "instance/service-accounts/default/token";

  private static RecordingSink parse(EventParser parser, Path file) throws IOException {
    RecordingSink sink = new RecordingSink();
    try (InputStream in = Files.newInputStream(file)) {
      parser.parse(in, file.getFileName().toString(), ParseLimits.DEFAULTS, sink);
    }
    return sink;
  }

  private static long lineCount(EventParser parser, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parser.parse(in, "count", ParseLimits.DEFAULTS, new RecordingSink());
    }
  }

  private static Map<String, String> row(
      String time, String user, String process, String commandLine, String destination) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("@timestamp", "2026-11-30 " + time);
    fields.put("user.name", user);
    if (process != null) {
      fields.put("process.name", process);
    }
    if (commandLine != null) {
      fields.put("process.command_line", commandLine);
    }
    fields.put("destination.address", destination);
    return fields;
  }

  /** Returns the expected events of the 15 constructed JSON and CSV rows, in file order. */
  static List<Map<String, String>> constructedRows() {
    String imds = "169.254.169.254";
    return List.of(
        row("09:53:15", "root", "sh", "sh -c \"set -e\napt-get update\"", "10.128.0.7"),
        row("09:52:41", "_apt", "apt-get", null, "151.101.2.132"),
        row("09:51:02", "ec2-user", "ps", "ps -eo pid,comm,args", "10.0.1.23"),
        row("09:50:33", "ec2-user", "systemctl", "systemctl status nginx", "10.0.1.23"),
        row(
            "09:48:30", "deploy", "google-guest-agent",
            "/tmp/google-guest-agent " + GCP_TOKEN, "10.128.0.7"),
        row(
            "09:47:55", "ec2-user", "curl", "curl " + AWS_CREDENTIALS + " # cloud-init",
            "10.0.1.23"),
        row("09:44:30", "N/A", null, null, imds),
        row(
            "09:42:09", "ec2-user", "python3",
            "python3 -c \"import urllib.request; print(urllib.request.urlopen('"
                + AWS_CREDENTIALS + "').read().decode())\"",
            "10.0.1.23"),
        row("09:42:09", "ec2-user", "python3", null, imds),
        row("09:32:00", "root", "google_guest_agent", null, imds),
        row("09:31:17", "deploy", "curl", "curl " + GCP_TOKEN, "10.128.0.7"),
        row("09:21:10", "SYSTEM", "WindowsAzureGuestAgent.exe", null, imds),
        row(
            "09:20:45", "azureuser", "curl",
            "curl -s -H Metadata:true --noproxy \"*\" \"http://169.254.169.254/metadata/identity/"
                + "oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/\"",
            "10.1.0.4"),
        row("09:15:00", "root", "amazon-ssm-agent", null, imds),
        row("09:14:02", "ec2-user", "curl", "curl " + AWS_CREDENTIALS, "10.0.1.23"));
  }

  @Test
  void demistoFileYieldsItsOneResultRow() throws IOException {
    RecordingSink sink = parse(new QradarJsonParser(), DEMISTO);

    // {"MY Source IPs": "8.8.8.8"} starts on line 48. Its only column is an alias of
    // sourceip, which maps to no event field, so the event has no fields.
    assertEquals(List.of(48L), sink.eventLines());
    assertEquals(Map.of(), fields(sink.events.get(0)));
    assertEquals(
        List.of(new RecordingSink.Notice(1, "object without QRadar event columns")),
        sink.ignored);
    assertEquals(List.of(), sink.skipped);
    assertEquals(391, lineCount(new QradarJsonParser(), DEMISTO));
  }

  @Test
  void constructedJsonMapsEveryRow() throws IOException {
    RecordingSink sink = parse(new QradarJsonParser(), JSON);

    List<Long> expectedLines = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      expectedLines.add(3L + 12L * i);
    }
    assertEquals(expectedLines, sink.eventLines());
    List<Map<String, String>> expected = constructedRows();
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), fields(sink.events.get(i)), "row " + (i + 1));
    }
    assertEquals(
        List.of(new RecordingSink.Notice(1, "object without QRadar event columns")),
        sink.ignored);
    assertEquals(List.of(), sink.skipped);
    assertEquals(184, lineCount(new QradarJsonParser(), JSON));
  }

  @Test
  void compactJsonResponseStreamsRows() throws IOException {
    // A response saved without reformatting is one line for the whole result.
    String compact =
        Files.readString(JSON).replaceAll("\\s*\\n\\s*", "").replace("\": ", "\":");
    RecordingSink sink = new RecordingSink();
    new QradarJsonParser()
        .parse(
            new ByteArrayInputStream(compact.getBytes(StandardCharsets.UTF_8)),
            "compact.json",
            ParseLimits.DEFAULTS,
            sink);

    assertEquals(15, sink.events.size());
    List<Map<String, String>> expected = constructedRows();
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(1L, sink.events.get(i).origin().line(), "row " + (i + 1));
      assertEquals(expected.get(i), fields(sink.events.get(i)), "row " + (i + 1));
    }
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void constructedCsvMapsEveryRow() throws IOException {
    RecordingSink sink = parse(new QradarCsvParser(), CSV);

    // The first row's command line contains a line break, so that row covers lines 2 and 3.
    List<Long> expectedLines = new ArrayList<>(List.of(2L));
    for (long line = 4; line <= 17; line++) {
      expectedLines.add(line);
    }
    assertEquals(expectedLines, sink.eventLines());
    List<Map<String, String>> expected = constructedRows();
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), fields(sink.events.get(i)), "row " + (i + 1));
      assertEquals("ariel_search_results.csv", sink.events.get(i).origin().source());
    }
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.truncated);
    assertEquals(17, lineCount(new QradarCsvParser(), CSV));
  }

  @Test
  void sniffPicksTheMatchingParser() throws IOException {
    QradarJsonParser json = new QradarJsonParser();
    QradarCsvParser csv = new QradarCsvParser();

    assertEquals(90, json.sniff(head(JSON)));
    assertEquals(0, csv.sniff(head(JSON)));
    assertEquals(90, csv.sniff(head(CSV)));
    assertEquals(0, json.sniff(head(CSV)));
    // The demisto wrapper has "magnitude" and "username" keys in its offense and note objects.
    assertEquals(90, json.sniff(head(DEMISTO)));
    assertEquals(0, csv.sniff(head(DEMISTO)));
    Path ecs = Path.of("../../samples/ecs/constructed/elastic_agent_t1552_005.ndjson");
    assertEquals(0, csv.sniff(head(ecs)));
  }

  private static String head(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int length = Math.min(bytes.length, 1 << 16);
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}

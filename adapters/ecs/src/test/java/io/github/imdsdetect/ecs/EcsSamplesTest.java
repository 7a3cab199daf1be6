package io.github.imdsdetect.ecs;

import static io.github.imdsdetect.ecs.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
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

/** Runs EcsParser on the real and constructed files under samples/ecs. */
class EcsSamplesTest {
  private static final Path SAMPLES = Path.of("../../samples/ecs");
  private static final String AWS_CREDENTIALS =
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/";

  private final EcsParser parser = new EcsParser();

  private RecordingSink parse(Path file) throws IOException {
    RecordingSink sink = new RecordingSink();
    try (InputStream in = Files.newInputStream(file)) {
      parser.parse(in, file.getFileName().toString(), ParseLimits.DEFAULTS, sink);
    }
    return sink;
  }

  private long lineCount(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parser.parse(in, "count", ParseLimits.DEFAULTS, new RecordingSink());
    }
  }

  private static Map<String, String> expect(String... keysAndValues) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      expected.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return expected;
  }

  /** Returns the expected events of lines 1 to 8 of constructed/elastic_agent_t1552_005.ndjson. */
  static List<Map<String, String>> constructedEvents() {
    return List.of(
        expect(
            "@timestamp", "2026-11-30T09:14:02.311Z",
            "host.name", "ip-10-0-1-23",
            "user.name", "ec2-user",
            "process.name", "curl",
            "process.executable", "/usr/bin/curl",
            "process.command_line", "curl " + AWS_CREDENTIALS,
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"),
        expect(
            "@timestamp", "2026-11-30T09:20:45.102Z",
            "host.name", "vm-app-01",
            "user.name", "azureuser",
            "process.name", "curl",
            "process.executable", "/usr/bin/curl",
            "process.command_line",
            "curl -s -H Metadata:true --noproxy * http://169.254.169.254/metadata/identity/oauth2/"
                + "token?api-version=2018-02-01&resource=https://management.azure.com/"),
        expect(
            "@timestamp", "2026-11-30T09:31:17.845Z",
            "host.name", "gce-web-1",
            "user.name", "deploy",
            "process.name", "curl",
            "process.executable", "/usr/bin/curl",
            "process.command_line",
            "curl -s -H \"Metadata-Flavor: Google\" http://metadata.google.internal/"
                + "computeMetadata/v1/instance/service-accounts/default/token",
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"),
        expect(
            "@timestamp", "2026-11-30T09:42:09.530Z",
            "host.name", "ip-10-0-1-23",
            "user.name", "ec2-user",
            "process.name", "python3.9",
            "process.executable", "/usr/bin/python3.9",
            "process.command_line",
            "python3 -c \"import urllib.request; print(urllib.request.urlopen('" + AWS_CREDENTIALS
                + "').read().decode())\"",
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"),
        expect(
            "@timestamp", "2026-11-30T09:15:00.004Z",
            "host.name", "ip-10-0-1-23",
            "user.name", "root",
            "process.name", "amazon-ssm-agent",
            "process.executable", "/usr/bin/amazon-ssm-agent",
            "destination.address", "169.254.169.254",
            "destination.port", "80"),
        expect(
            "@timestamp", "2026-11-30T09:31:17.801Z",
            "host.name", "gce-web-1",
            "destination.address", "169.254.169.254",
            "destination.port", "53",
            "dns.question.name", "metadata.google.internal",
            "dns.answers", "169.254.169.254"),
        expect(
            "@timestamp", "2026-11-30T09:50:33.010Z",
            "host.name", "ip-10-0-1-23",
            "user.name", "ec2-user",
            "process.name", "systemctl",
            "process.executable", "/usr/bin/systemctl",
            "process.command_line", "systemctl status nginx",
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"),
        expect(
            "@timestamp", "2026-11-30T09:52:41.377Z",
            "host.name", "gce-web-1",
            "destination.address", "93.184.216.34",
            "destination.port", "80",
            "url.full", "http://www.example.com/index.html",
            "url.domain", "www.example.com",
            "url.path", "/index.html",
            "http.request.method", "GET",
            "http.request.headers",
            "accept: */*\nhost: www.example.com\nuser-agent: curl/7.88.1"));
  }

  @Test
  void constructedNdjsonMapsEveryLine() throws IOException {
    Path file = SAMPLES.resolve("constructed/elastic_agent_t1552_005.ndjson");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), sink.eventLines());
    List<Map<String, String>> expected = constructedEvents();
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), fields(sink.events.get(i)), "line " + (i + 1));
      assertEquals("elastic_agent_t1552_005.ndjson", sink.events.get(i).origin().source());
    }
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    assertEquals(List.of(), sink.truncated);
    assertEquals(8, lineCount(file));
  }

  @Test
  void searchResponseYieldsOnlySourceDocuments() throws IOException {
    Path file = SAMPLES.resolve("constructed/elasticsearch_search_response.json");
    RecordingSink sink = parse(file);

    assertEquals(List.of(17L, 117L, 217L, 341L, 433L), sink.eventLines());
    List<Map<String, String>> ndjson = constructedEvents();
    // The hits contain NDJSON lines 7, 4, 2, 5 and 1, newest first.
    int[] ndjsonLines = {7, 4, 2, 5, 1};
    for (int i = 0; i < ndjsonLines.length; i++) {
      assertEquals(
          ndjson.get(ndjsonLines[i] - 1), fields(sink.events.get(i)), "hit " + (i + 1));
    }
    assertEquals(
        List.of(new RecordingSink.Notice(1, "Elasticsearch search response")), sink.ignored);
    assertEquals(List.of(), sink.skipped);
    assertEquals(534, lineCount(file));
  }

  @Test
  void compactSearchResponseStreamsHits() throws IOException {
    String pretty =
        Files.readString(SAMPLES.resolve("constructed/elasticsearch_search_response.json"));
    // Elasticsearch writes this compact form unless ?pretty is set.
    String compact = pretty.replaceAll("\\s*\\n\\s*", "").replace("\" : ", "\":") + "\n";
    RecordingSink sink = new RecordingSink();
    parser.parse(
        new ByteArrayInputStream(compact.getBytes(StandardCharsets.UTF_8)),
        "compact.json",
        ParseLimits.DEFAULTS,
        sink);

    assertEquals(List.of(1L, 1L, 1L, 1L, 1L), sink.eventLines());
    List<Map<String, String>> ndjson = constructedEvents();
    int[] ndjsonLines = {7, 4, 2, 5, 1};
    for (int i = 0; i < ndjsonLines.length; i++) {
      assertEquals(
          ndjson.get(ndjsonLines[i] - 1), fields(sink.events.get(i)), "hit " + (i + 1));
    }
    assertEquals(
        List.of(new RecordingSink.Notice(1, "Elasticsearch search response")), sink.ignored);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void packetbeatGoldenMapsDnsAndHttp() throws IOException {
    Path file = SAMPLES.resolve("beats_packetbeat_golden_http_basic_auth-expected.json");
    RecordingSink sink = parse(file);

    assertEquals(List.of(2L, 79L), sink.eventLines());
    assertEquals(
        expect(
            "destination.address", "8.8.8.8",
            "destination.port", "53",
            "dns.question.name", "www.example.com",
            "dns.answers", "2606:2800:220:1:248:1893:25c8:1946"),
        fields(sink.events.get(0)));
    assertEquals(
        expect(
            "user.name", "simplesimon",
            "destination.address", "93.184.216.34",
            "destination.port", "80",
            "url.full", "http://www.example.com/",
            "url.domain", "www.example.com",
            "url.path", "/",
            "http.request.method", "GET",
            "http.request.headers",
            "accept: */*\n"
                + "authorization: Basic c2ltcGxlc2ltb246YWJjZDEyMys=\n"
                + "content-length: 0\n"
                + "host: www.example.com\n"
                + "user-agent: curl/7.37.1"),
        fields(sink.events.get(1)));
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    // 154 line breaks and no final one: 155 lines.
    assertEquals(155, lineCount(file));
  }

  @Test
  void filebeatAuditdJoinsProcessArgs() throws IOException {
    Path file = SAMPLES.resolve("beats_filebeat_auditd_execve-hex-arg-expected.json");
    RecordingSink sink = parse(file);

    assertEquals(List.of(2L), sink.eventLines());
    assertEquals(
        expect(
            "@timestamp", "2022-11-28T06:01:53.901Z",
            "process.executable", "sh",
            "process.command_line", "sh -c echo \\\"arg hex encoded\\\""),
        fields(sink.events.get(0)));
    assertEquals(List.of(), sink.skipped);
    assertEquals(22, lineCount(file));
  }

  @Test
  void auditbeatNestedDocumentMaps() throws IOException {
    Path file = SAMPLES.resolve("beats_auditbeat_auditd_meta_data.json");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L), sink.eventLines());
    assertEquals(
        expect(
            "@timestamp", "2017-10-12T08:05:34.853Z",
            "host.name", "host.example.com",
            "user.name", "root",
            "process.executable", "/usr/sbin/sshd"),
        fields(sink.events.get(0)));
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    assertEquals(58, lineCount(file));
  }

  @Test
  void realSamplesHoldNoMetadataAccess() throws IOException {
    List<String> indicators =
        List.of("169.254.169.254", "fd00:ec2::254", "metadata.google.internal", "169.254.170.2");
    List<SimpleEvent> events = new ArrayList<>();
    for (String name :
        List.of(
            "beats_packetbeat_golden_http_basic_auth-expected.json",
            "beats_filebeat_auditd_execve-hex-arg-expected.json",
            "beats_auditbeat_auditd_meta_data.json")) {
      events.addAll(parse(SAMPLES.resolve(name)).events);
    }

    assertEquals(4, events.size());
    for (SimpleEvent event : events) {
      for (String value : fields(event).values()) {
        for (String indicator : indicators) {
          assertFalse(value.contains(indicator), event + " contains " + indicator);
        }
      }
    }
  }

  @Test
  void sniffScoresSamples() throws IOException {
    assertEquals(95, sniff(SAMPLES.resolve("constructed/elastic_agent_t1552_005.ndjson")));
    assertEquals(95, sniff(SAMPLES.resolve("constructed/elasticsearch_search_response.json")));
    assertEquals(
        60, sniff(SAMPLES.resolve("beats_packetbeat_golden_http_basic_auth-expected.json")));
    assertEquals(
        85, sniff(SAMPLES.resolve("beats_filebeat_auditd_execve-hex-arg-expected.json")));
    assertEquals(85, sniff(SAMPLES.resolve("beats_auditbeat_auditd_meta_data.json")));
    Path qradar = Path.of("../../samples/qradar");
    assertEquals(0, sniff(qradar.resolve("demisto_qradar_v2_raw_responses.json")));
    assertEquals(0, sniff(qradar.resolve("constructed/ariel_search_results.json")));
    assertEquals(0, sniff(qradar.resolve("constructed/ariel_search_results.csv")));
  }

  @Test
  void sniffRejectsOtherInput() {
    assertEquals(0, parser.sniff(""));
    assertEquals(0, parser.sniff("type=EXECVE msg=audit(1669615313.901:5538): argc=3"));
    // OCSF nests a process object but has no @timestamp or ECS version.
    assertTrue(parser.sniff("{\"class_uid\": 1007, \"process\": {\"cmd_line\": \"x\"}}") < 50);
    assertEquals(90, parser.sniff("{\"took\":3,\"hits\":{\"hits\":[{\"_source\":{}}]}}"));
  }

  private int sniff(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int length = Math.min(bytes.length, 1 << 16);
    return parser.sniff(new String(bytes, 0, length, StandardCharsets.UTF_8));
  }
}

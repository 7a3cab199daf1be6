package io.github.imdsdetect.ocsf;

import static io.github.imdsdetect.ocsf.RecordingSink.expect;
import static io.github.imdsdetect.ocsf.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Runs OcsfParser on the real and constructed files under samples/ocsf. */
class OcsfSamplesTest {
  static final Path SAMPLES = Path.of("../../samples/ocsf");
  private static final String AWS_CREDENTIALS =
      "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
  private static final String AZURE_TOKEN_COMMAND =
      "curl -s -H Metadata:true --noproxy * http://169.254.169.254/metadata/identity/oauth2/"
          + "token?api-version=2018-02-01&resource=https://management.azure.com/";
  private static final String GCP_TOKEN_COMMAND =
      "curl -s -H \"Metadata-Flavor: Google\" http://metadata.google.internal/"
          + "computeMetadata/v1/instance/service-accounts/default/token";
  private static final String PYTHON_COMMAND =
      "python3 -c \"import urllib.request; print(urllib.request.urlopen('" + AWS_CREDENTIALS
          + "').read().decode())\"";

  private final OcsfParser parser = new OcsfParser();
  private final Detector detector = Detector.create(RuleSet.defaults());

  static RecordingSink parse(Path file) throws IOException {
    RecordingSink sink = new RecordingSink();
    try (InputStream in = Files.newInputStream(file)) {
      new OcsfParser().parse(in, file.getFileName().toString(), ParseLimits.DEFAULTS, sink);
    }
    return sink;
  }

  private long lineCount(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parser.parse(in, "count", ParseLimits.DEFAULTS, new RecordingSink());
    }
  }

  /** Returns the ids of the rules that fire on each event, in event order. */
  private List<Set<String>> ruleIds(List<SimpleEvent> events) {
    List<Set<String>> ids = new ArrayList<>();
    for (SimpleEvent event : events) {
      Set<String> fired = new TreeSet<>();
      for (Finding finding : detector.detect(event)) {
        fired.add(finding.ruleId());
      }
      ids.add(fired);
    }
    return ids;
  }

  private List<Set<String>> constructedRuleIds(String name) throws IOException {
    return ruleIds(parse(SAMPLES.resolve("constructed/" + name)).events);
  }

  private static void assertClean(RecordingSink sink) {
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void crowdstrikeProcessRollupMapped() throws IOException {
    Path file = SAMPLES.resolve("ocsf_java_tools_crowdstrike_process_rollup_2_ocsf.json");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L), sink.eventLines());
    // The event has no process.name, no device name and an actor process with only ids.
    assertEquals(
        expect(
            "@timestamp", "2023-07-20T17:08:53.259Z",
            "process.name", "cmd.exe",
            "process.executable", "\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe",
            "process.command_line", "C:\\Windows\\system32\\cmd.exe"),
        fields(sink.events.get(0)));
    assertEquals(
        "ocsf_java_tools_crowdstrike_process_rollup_2_ocsf.json",
        sink.events.get(0).origin().source());
    assertClean(sink);
    assertEquals(79, lineCount(file));
  }

  @Test
  void windows4688ProcessMapped() throws IOException {
    Path file = SAMPLES.resolve("ocsf_java_tools_windows_xml_4688_ocsf.json");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L), sink.eventLines());
    // process.user is the new process's user; actor.user (the machine account) is not used.
    // The parent comes from actor.process because the activity is Launch.
    assertEquals(
        expect(
            "@timestamp", "2015-11-12T02:24:52.377Z",
            "host.name", "WIN-GG82ULGC9GO.contoso.local",
            "user.name", "dadmin",
            "process.name", "rundll32.exe",
            "process.executable", "C:\\Windows\\System32\\rundll32.exe",
            "process.command_line", "C:\\Windows\\System32\\rundll32.exe c:\\sys\\junk.txt",
            "process.parent.name", "explorer.exe",
            "process.parent.executable", "C:\\Windows\\explorer.exe"),
        fields(sink.events.get(0)));
    assertClean(sink);
    assertEquals(89, lineCount(file));
  }

  @Test
  void crowdstrikeDnsRequestMapped() throws IOException {
    Path file = SAMPLES.resolve("ocsf_java_tools_crowdstrike_dns_request_ocsf.json");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L), sink.eventLines());
    // time is a string of epoch milliseconds in this file.
    assertEquals(
        expect(
            "@timestamp", "2023-07-20T15:35:25.810Z",
            "dns.question.name", "integrations.fitanalytics.com"),
        fields(sink.events.get(0)));
    assertClean(sink);
    assertEquals(56, lineCount(file));
  }

  @Test
  void realSamplesHaveNoFindings() throws IOException {
    for (String name :
        List.of(
            "ocsf_java_tools_crowdstrike_process_rollup_2_ocsf.json",
            "ocsf_java_tools_windows_xml_4688_ocsf.json",
            "ocsf_java_tools_crowdstrike_dns_request_ocsf.json")) {
      RecordingSink sink = parse(SAMPLES.resolve(name));
      assertEquals(List.of(Set.of()), ruleIds(sink.events), name);
    }
  }

  /** Returns the expected events of constructed/process_activity.jsonl, line by line. */
  static List<Map<String, String>> processActivityEvents() {
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
            "process.command_line", AZURE_TOKEN_COMMAND,
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"),
        expect(
            "@timestamp", "2026-11-30T09:31:17.845Z",
            "host.name", "gce-web-1",
            "user.name", "deploy",
            "process.name", "curl",
            "process.executable", "/usr/bin/curl",
            "process.command_line", GCP_TOKEN_COMMAND,
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"),
        expect(
            "@timestamp", "2026-11-30T09:42:09.530Z",
            "host.name", "ip-10-0-1-23",
            "user.name", "ec2-user",
            "process.name", "python3.9",
            "process.executable", "/usr/bin/python3.9",
            "process.command_line", PYTHON_COMMAND,
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"),
        expect(
            "@timestamp", "2026-11-30T09:50:33.010Z",
            "host.name", "ip-10-0-1-23",
            "user.name", "ec2-user",
            "process.name", "systemctl",
            "process.executable", "/usr/bin/systemctl",
            "process.command_line", "systemctl status nginx",
            "process.parent.name", "bash",
            "process.parent.executable", "/usr/bin/bash"));
  }

  @Test
  void constructedProcessActivityMapped() throws IOException {
    Path file = SAMPLES.resolve("constructed/process_activity.jsonl");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sink.eventLines());
    List<Map<String, String>> expected = processActivityEvents();
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), fields(sink.events.get(i)), "line " + (i + 1));
      assertEquals("process_activity.jsonl", sink.events.get(i).origin().source());
    }
    assertClean(sink);
    assertEquals(5, lineCount(file));
  }

  @Test
  void constructedProcessActivityDetected() throws IOException {
    List<Set<String>> fired = constructedRuleIds("process_activity.jsonl");

    for (int i = 0; i < 4; i++) {
      assertTrue(
          fired.get(i).contains("imds.cmdline.credentials"), "line " + (i + 1) + ": " + fired);
    }
    assertEquals(Set.of(), fired.get(4), "benign line 5");
  }

  @Test
  void constructedNetworkActivityMapped() throws IOException {
    Path file = SAMPLES.resolve("constructed/network_activity.jsonl");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L, 2L, 3L, 4L), sink.eventLines());
    List<Map<String, String>> expected =
        List.of(
            expect(
                "@timestamp", "2026-11-30T09:15:00.004Z",
                "host.name", "ip-10-0-1-23",
                "user.name", "root",
                "process.name", "amazon-ssm-agent",
                "process.executable", "/usr/bin/amazon-ssm-agent",
                "process.command_line", "/usr/bin/amazon-ssm-agent",
                "process.parent.name", "systemd",
                "process.parent.executable", "/usr/lib/systemd/systemd",
                "destination.address", "169.254.169.254",
                "destination.port", "80"),
            expect(
                "@timestamp", "2026-11-30T09:42:09.561Z",
                "host.name", "ip-10-0-1-23",
                "user.name", "ec2-user",
                "process.name", "python3.9",
                "process.executable", "/usr/bin/python3.9",
                "process.command_line", PYTHON_COMMAND,
                "process.parent.name", "bash",
                "process.parent.executable", "/usr/bin/bash",
                "destination.address", "169.254.169.254",
                "destination.port", "80"),
            expect(
                "@timestamp", "2026-11-30T09:55:12.640Z",
                "host.name", "ip-10-0-1-23",
                "user.name", "ec2-user",
                "process.name", "curl",
                "process.executable", "/usr/bin/curl",
                "process.command_line", "curl -sI https://www.example.com/",
                "process.parent.name", "bash",
                "process.parent.executable", "/usr/bin/bash",
                "destination.address", "93.184.216.34",
                "destination.port", "443"),
            expect(
                "@timestamp", "2026-11-30T09:56:00.000Z",
                "destination.address", "10.0.2.15",
                "destination.port", "5432"));
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), fields(sink.events.get(i)), "line " + (i + 1));
    }
    assertClean(sink);
  }

  @Test
  void constructedNetworkActivityDetected() throws IOException {
    List<Set<String>> fired = constructedRuleIds("network_activity.jsonl");

    assertEquals(Set.of(), fired.get(0), "amazon-ssm-agent is excused");
    assertTrue(fired.get(1).contains("imds.net.connection"), "python3.9: " + fired.get(1));
    assertEquals(Set.of(), fired.get(2), "benign line 3");
    assertEquals(Set.of(), fired.get(3), "benign line 4");
  }

  @Test
  void constructedHttpActivityMapped() throws IOException {
    Path file = SAMPLES.resolve("constructed/http_activity.jsonl");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L, 2L, 3L), sink.eventLines());
    List<Map<String, String>> expected =
        List.of(
            expect(
                "@timestamp", "2026-11-30T09:14:40.118Z",
                "host.name", "ip-10-0-1-23",
                "user.name", "ec2-user",
                "process.name", "curl",
                "process.executable", "/usr/bin/curl",
                "process.command_line",
                "curl -s -X PUT -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\""
                    + " http://169.254.169.254/latest/api/token",
                "process.parent.name", "bash",
                "process.parent.executable", "/usr/bin/bash",
                "destination.address", "169.254.169.254",
                "destination.port", "80",
                "url.full", "http://169.254.169.254/latest/api/token",
                "url.domain", "169.254.169.254",
                "url.path", "/latest/api/token",
                "http.request.method", "PUT",
                "http.request.headers",
                "Host: 169.254.169.254\nUser-Agent: curl/8.5.0\nAccept: */*\n"
                    + "X-aws-ec2-metadata-token-ttl-seconds: 21600"),
            expect(
                "@timestamp", "2026-11-30T09:14:40.241Z",
                "host.name", "ip-10-0-1-23",
                "user.name", "ec2-user",
                "process.name", "curl",
                "process.executable", "/usr/bin/curl",
                "process.command_line",
                "curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" " + AWS_CREDENTIALS,
                "process.parent.name", "bash",
                "process.parent.executable", "/usr/bin/bash",
                "destination.address", "169.254.169.254",
                "destination.port", "80",
                "url.full", AWS_CREDENTIALS,
                "url.domain", "169.254.169.254",
                "url.path", "/latest/meta-data/iam/security-credentials/",
                "http.request.method", "GET",
                "http.request.headers",
                "Host: 169.254.169.254\nUser-Agent: curl/8.5.0\nAccept: */*\n"
                    + "X-aws-ec2-metadata-token: "
                    + "AQAEAExampleTokenNotRealAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="),
            expect(
                "@timestamp", "2026-11-30T09:52:41.377Z",
                "host.name", "gce-web-1",
                "user.name", "deploy",
                "process.name", "curl",
                "process.executable", "/usr/bin/curl",
                "process.command_line", "curl -s http://www.example.com/index.html?lang=en",
                "process.parent.name", "bash",
                "process.parent.executable", "/usr/bin/bash",
                "destination.address", "93.184.216.34",
                "destination.port", "80",
                "url.full", "http://www.example.com/index.html?lang=en",
                "url.domain", "www.example.com",
                "url.path", "/index.html",
                "url.query", "lang=en",
                "http.request.method", "GET",
                "http.request.headers",
                "Host: www.example.com\nUser-Agent: curl/7.88.1\nAccept: */*"));
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), fields(sink.events.get(i)), "line " + (i + 1));
    }
    assertClean(sink);
  }

  @Test
  void constructedHttpActivityDetected() throws IOException {
    List<Set<String>> fired = constructedRuleIds("http_activity.jsonl");

    assertTrue(fired.get(0).contains("imds.http.header"), "token request: " + fired.get(0));
    assertTrue(fired.get(0).contains("imds.http.url"), "token request: " + fired.get(0));
    assertTrue(fired.get(1).contains("imds.http.header"), "credentials request: " + fired.get(1));
    assertEquals(Set.of(), fired.get(2), "benign line 3");
  }

  @Test
  void constructedDnsActivityMapped() throws IOException {
    Path file = SAMPLES.resolve("constructed/dns_activity.jsonl");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L, 2L), sink.eventLines());
    List<Map<String, String>> expected =
        List.of(
            expect(
                "@timestamp", "2026-11-30T09:31:17.801Z",
                "host.name", "gce-web-1",
                "user.name", "deploy",
                "process.name", "curl",
                "process.executable", "/usr/bin/curl",
                "process.command_line", GCP_TOKEN_COMMAND,
                "process.parent.name", "bash",
                "process.parent.executable", "/usr/bin/bash",
                "dns.question.name", "metadata.google.internal",
                "dns.answers", "169.254.169.254"),
            expect(
                "@timestamp", "2026-11-30T09:52:41.302Z",
                "host.name", "gce-web-1",
                "user.name", "deploy",
                "process.name", "curl",
                "process.executable", "/usr/bin/curl",
                "process.command_line", "curl -s http://www.example.com/index.html?lang=en",
                "process.parent.name", "bash",
                "process.parent.executable", "/usr/bin/bash",
                "dns.question.name", "www.example.com",
                "dns.answers", "93.184.216.34"));
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), fields(sink.events.get(i)), "line " + (i + 1));
    }
    assertClean(sink);
  }

  @Test
  void constructedDnsActivityDetected() throws IOException {
    List<Set<String>> fired = constructedRuleIds("dns_activity.jsonl");

    assertTrue(fired.get(0).contains("imds.dns.query"), "metadata.google.internal: " + fired);
    // The resolver at 169.254.169.254:53 is not mapped, so a benign lookup has no finding.
    assertEquals(Set.of(), fired.get(1), "benign line 2");
  }
}

package io.github.imdsdetect.falco;

import static io.github.imdsdetect.falco.RecordingSink.expect;
import static io.github.imdsdetect.falco.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs FalcoParser on the real and constructed files under samples/falco. */
class FalcoSamplesTest {
  private static final Path SAMPLES = Path.of("../../samples/falco");
  private static final Path CONSTRUCTED = SAMPLES.resolve("constructed");
  private static final Path REAL =
      SAMPLES.resolve("falco_test_output_single_rule_with_cat_write.json");
  private static final Detector DETECTOR = Detector.create(RuleSet.defaults());
  private static final String EKS_NODE = "ip-10-0-1-23.ec2.internal";

  private final FalcoParser parser = new FalcoParser();

  private RecordingSink parse(Path file) throws IOException {
    RecordingSink sink = new RecordingSink();
    try (InputStream in = Files.newInputStream(file)) {
      long lines = parser.parse(in, file.getFileName().toString(), ParseLimits.DEFAULTS, sink);
      assertEquals(Files.readAllLines(file, StandardCharsets.UTF_8).size(), lines, "lines");
    }
    return sink;
  }

  private static String head(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static List<Map<String, String>> allFields(RecordingSink sink) {
    List<Map<String, String>> all = new ArrayList<>();
    for (SimpleEvent event : sink.events) {
      all.add(fields(event));
    }
    return all;
  }

  private static List<Boolean> flagged(RecordingSink sink) {
    List<Boolean> flagged = new ArrayList<>();
    for (SimpleEvent event : sink.events) {
      flagged.add(!DETECTOR.detect(event).isEmpty());
    }
    return flagged;
  }

  @Test
  void realFalcoOutputMapsEveryAlert() throws IOException {
    RecordingSink sink = parse(REAL);

    assertEquals(8, sink.events.size());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), sink.eventLines());
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    assertEquals(95, parser.sniff(head(REAL)));
    assertEquals(
        expect(
            "@timestamp", "2016-08-04T16:17:57.881781397Z",
            "host.name", "test-falco-hostname",
            "process.command_line", "cat /dev/null"),
        fields(sink.eventAt(1)));
    for (SimpleEvent event : sink.events) {
      assertNull(event.destinationAddress(), "the open_from_cat rule has no network fields");
      assertTrue(DETECTOR.detect(event).isEmpty(), "findings for " + event);
    }
  }

  /** Returns the curl alert of the EC2 rule, line 1 of falco_imds_alerts.json. */
  private static Map<String, String> curlAlert() {
    return expect(
        "@timestamp",
        "2026-11-30T09:14:02.311248912Z",
        "host.name",
        EKS_NODE,
        "user.name",
        "root",
        "process.name",
        "curl",
        "process.executable",
        "/usr/bin/curl",
        "process.command_line",
        "curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "process.parent.name",
        "sh",
        "destination.address",
        "169.254.169.254",
        "destination.port",
        "80");
  }

  /** Returns the "Terminal shell in container" alert, line 4 of falco_imds_alerts.json. */
  private static Map<String, String> shellAlert() {
    return expect(
        "@timestamp", "2026-11-30T09:30:55.940012008Z",
        "host.name", EKS_NODE,
        "user.name", "root",
        "process.name", "sh",
        "process.executable", "/bin/sh",
        "process.command_line", "sh",
        "process.parent.name", "runc");
  }

  @Test
  void constructedAlertsMapExactly() throws IOException {
    Path file = CONSTRUCTED.resolve("falco_imds_alerts.json");
    RecordingSink sink = parse(file);

    assertEquals(
        List.of(
            curlAlert(),
            expect(
                "@timestamp", "2026-11-30T09:14:09.502117340Z",
                "host.name", EKS_NODE,
                "user.name", "app",
                "process.name", "python3",
                "process.executable", "/usr/local/bin/python3.12",
                "process.command_line", "python3 /app/fetch_report.py --bucket shop-reports",
                "process.parent.name", "bash",
                "destination.address", "169.254.169.254",
                "destination.port", "80"),
            expect(
                "@timestamp",
                "2026-11-30T09:21:37.088410275Z",
                "host.name",
                "gke-prod-pool-1-9f8e7d6c-h2lk",
                "user.name",
                "root",
                "process.name",
                "wget",
                "process.executable",
                "/usr/bin/wget",
                "process.command_line",
                "wget -q -O - --header=Metadata-Flavor:Google http://metadata.google.internal/"
                    + "computeMetadata/v1/instance/service-accounts/default/token",
                "process.parent.name",
                "sh",
                "destination.address",
                "169.254.169.254",
                "destination.port",
                "80"),
            shellAlert()),
        allFields(sink));
    assertEquals(List.of(true, true, true, false), flagged(sink));
    assertEquals(List.of(), sink.skipped);
    assertEquals(95, parser.sniff(head(file)));
  }

  @Test
  void kubectlLogsSkipFalcoMessages() throws IOException {
    Path file = CONSTRUCTED.resolve("falco_kubectl_logs.log");
    RecordingSink sink = parse(file);

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), sink.skippedLines());
    for (RecordingSink.Notice notice : sink.skipped) {
      assertTrue(notice.text().startsWith("invalid JSON"), notice.text());
    }
    assertEquals(List.of(10L, 11L), sink.eventLines());
    assertEquals(List.of(curlAlert(), shellAlert()), allFields(sink));
    assertEquals(95, parser.sniff(head(file)));
  }
}

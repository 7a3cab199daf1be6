package io.github.imdsdetect.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventTime;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Severity;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests the content of OcsfFindingWriter's Detection Findings. */
class OcsfFindingWriterTest {
  private static final long DETECTION_MILLIS = 1_800_000_000_123L;
  private static final Clock DETECTION_CLOCK =
      Clock.fixed(Instant.ofEpochMilli(DETECTION_MILLIS), ZoneOffset.UTC);

  private static final String CREDENTIALS =
      "curl http://169.254.169.254/latest/meta-data/iam/security-credentials/";

  private static final SimpleEvent CURL_EVENT =
      SimpleEvent.builder()
          .time("2026-11-30T09:14:02.311Z")
          .host("ip-10-0-1-23")
          .user("ec2-user")
          .processName("curl")
          .processExecutable("/usr/bin/curl")
          .commandLine(CREDENTIALS)
          .parentProcessName("bash")
          .parentProcessExecutable("/usr/bin/bash")
          .origin(new EventOrigin("process_activity.jsonl", 1))
          .build();

  private static Finding finding(Severity severity, String technique, int offset) {
    return new Finding(
        "imds.cmdline.credentials",
        "Command line requests credentials or a token from a metadata service",
        severity,
        technique,
        Field.COMMAND_LINE,
        "iam/security-credentials",
        "iam/security-credentials",
        offset,
        new EventOrigin("process_activity.jsonl", 1),
        "aws",
        "credentials",
        "process.command_line requests AWS role credentials");
  }

  private static final Finding CURL_FINDING = finding(Severity.CRITICAL, "T1552.005", 45);

  @Test
  void processFindingWritesExpectedJson() throws IOException {
    String json = OcsfFindingWriter.toJson(CURL_FINDING, CURL_EVENT);

    String expected =
        "{\"activity_id\":1,\"activity_name\":\"Create\",\"category_uid\":2,"
            + "\"category_name\":\"Findings\",\"class_uid\":2004,"
            + "\"class_name\":\"Detection Finding\",\"type_uid\":200401,"
            + "\"type_name\":\"Detection Finding: Create\",\"time\":1796030042311,"
            + "\"severity_id\":5,\"severity\":\"Critical\",\"status_id\":1,\"status\":\"New\","
            + "\"message\":\"process.command_line requests AWS role credentials\","
            + "\"metadata\":{\"version\":\"1.1.0\","
            + "\"product\":{\"name\":\"imds-detect\",\"vendor_name\":\"imds-detect\"}},"
            + "\"finding_info\":{\"uid\":\"" + OcsfFindingWriter.findingUid(CURL_FINDING) + "\","
            + "\"title\":\"Command line requests credentials or a token from a metadata service\","
            + "\"desc\":\"process.command_line requests AWS role credentials\","
            + "\"types\":[\"Cloud Instance Metadata API Access\"],"
            + "\"analytic\":{\"uid\":\"imds.cmdline.credentials\","
            + "\"name\":\"imds.cmdline.credentials\",\"type_id\":1,\"type\":\"Rule\"},"
            + "\"attacks\":[{\"technique\":{\"uid\":\"T1552\",\"name\":\"Unsecured Credentials\"},"
            + "\"sub_technique\":{\"uid\":\"T1552.005\",\"name\":\"Cloud Instance Metadata API\"},"
            + "\"tactic\":{\"uid\":\"TA0006\",\"name\":\"Credential Access\"}}]},"
            + "\"device\":{\"hostname\":\"ip-10-0-1-23\",\"type_id\":0,\"type\":\"Unknown\"},"
            + "\"evidences\":[{\"process\":{\"name\":\"curl\",\"cmd_line\":\"" + CREDENTIALS + "\","
            + "\"file\":{\"name\":\"curl\",\"path\":\"/usr/bin/curl\",\"type_id\":1,"
            + "\"type\":\"Regular File\"},"
            + "\"parent_process\":{\"name\":\"bash\",\"file\":{\"name\":\"bash\","
            + "\"path\":\"/usr/bin/bash\",\"type_id\":1,\"type\":\"Regular File\"}},"
            + "\"user\":{\"name\":\"ec2-user\"}}}],"
            + "\"observables\":["
            + "{\"name\":\"device.hostname\",\"type_id\":1,\"type\":\"Hostname\","
            + "\"value\":\"ip-10-0-1-23\"},"
            + "{\"name\":\"evidences.process.user.name\",\"type_id\":4,\"type\":\"User Name\","
            + "\"value\":\"ec2-user\"},"
            + "{\"name\":\"evidences.process.name\",\"type_id\":9,\"type\":\"Process Name\","
            + "\"value\":\"curl\"}],"
            + "\"unmapped\":{\"imds_detect\":{\"rule_id\":\"imds.cmdline.credentials\","
            + "\"field\":\"process.command_line\",\"indicator\":\"iam/security-credentials\","
            + "\"matched\":\"iam/security-credentials\",\"offset\":45,\"provider\":\"aws\","
            + "\"data_kind\":\"credentials\",\"source\":\"process_activity.jsonl\",\"line\":1}}}";
    assertEquals(expected, json);
  }

  @Test
  void writeMatchesToJson() throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = new JsonFactory().createGenerator(text)) {
      OcsfFindingWriter.write(CURL_FINDING, CURL_EVENT, out);
    }

    assertEquals(OcsfFindingWriter.toJson(CURL_FINDING, CURL_EVENT), text.toString());
  }

  @Test
  void severityMapsToSeverityId() throws IOException {
    Map<Severity, List<Object>> expected =
        Map.of(
            Severity.INFORMATIONAL, List.of(1L, "Informational"),
            Severity.LOW, List.of(2L, "Low"),
            Severity.MEDIUM, List.of(3L, "Medium"),
            Severity.HIGH, List.of(4L, "High"),
            Severity.CRITICAL, List.of(5L, "Critical"));
    for (Severity severity : Severity.values()) {
      Map<String, Object> root =
          JsonTree.object(OcsfFindingWriter.toJson(finding(severity, "T1552.005", 0), null));

      assertEquals(expected.get(severity).get(0), root.get("severity_id"), severity.name());
      assertEquals(expected.get(severity).get(1), root.get("severity"), severity.name());
    }
  }

  @Test
  void timeComesFromCallerOrEvent() throws IOException {
    Map<String, Object> explicit =
        JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, CURL_EVENT, null, 42L));
    Map<String, Object> fromEvent =
        JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, CURL_EVENT, DETECTION_CLOCK));

    assertEquals(42L, explicit.get("time"));
    assertEquals(1796030042311L, fromEvent.get("time"));
    assertFalse(JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, CURL_EVENT))
        .toString().contains("created_time"), "created_time without a missing time");
    assertFalse(fromEvent.toString().contains("event_time_missing"),
        "event_time_missing with an event time");
  }

  @Test
  void unreadableTimeUsesDetectionTime() throws IOException {
    Map<String, Object> unreadable =
        JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING,
            SimpleEvent.copyOf(CURL_EVENT).time("yesterday").build(), DETECTION_CLOCK));

    assertEquals(DETECTION_MILLIS, unreadable.get("time"));
    assertEquals(DETECTION_MILLIS,
        ((Map<?, ?>) unreadable.get("finding_info")).get("created_time"));
    Map<?, ?> details = (Map<?, ?>) ((Map<?, ?>) unreadable.get("unmapped")).get("imds_detect");
    assertEquals(Boolean.TRUE, details.get("event_time_missing"));
    assertEquals("yesterday", details.get("unreadable_event_time"));
  }

  @Test
  void absentTimeUsesDetectionTime() throws IOException {
    SimpleEvent undated = SimpleEvent.copyOf(CURL_EVENT).time(null).build();
    for (SimpleEvent event : java.util.Arrays.asList(undated, null)) {
      Map<String, Object> json =
          JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, event, DETECTION_CLOCK));

      assertEquals(DETECTION_MILLIS, json.get("time"), String.valueOf(event));
      assertEquals(DETECTION_MILLIS,
          ((Map<?, ?>) json.get("finding_info")).get("created_time"), String.valueOf(event));
      Map<?, ?> details = (Map<?, ?>) ((Map<?, ?>) json.get("unmapped")).get("imds_detect");
      assertEquals(Boolean.TRUE, details.get("event_time_missing"), String.valueOf(event));
      assertFalse(details.containsKey("unreadable_event_time"), String.valueOf(event));
    }
  }

  @Test
  void publicWriterUsesSystemClockForMissingTime() throws IOException {
    long before = System.currentTimeMillis();
    Map<String, Object> json = JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, null));
    long after = System.currentTimeMillis();

    long time = (Long) json.get("time");
    assertTrue(time >= before, "time " + time);
    assertTrue(time <= after, "time " + time);
  }

  @Test
  void writeWithClockMatchesToJson() throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = new JsonFactory().createGenerator(text)) {
      OcsfFindingWriter.write(CURL_FINDING, null, out, DETECTION_CLOCK);
    }

    assertEquals(OcsfFindingWriter.toJson(CURL_FINDING, null, DETECTION_CLOCK), text.toString());
  }

  @Test
  void eventTimeFormsAreRead() {
    Map<String, Long> expected =
        Map.ofEntries(
            Map.entry("2026-11-30T09:14:02.311Z", 1796030042311L),
            Map.entry("2026-11-30T10:14:02.311+01:00", 1796030042311L),
            Map.entry("2026-11-30T10:14:02.311+0100", 1796030042311L),
            Map.entry("2026-11-30 09:14:02.311", 1796030042311L),
            Map.entry("2026-11-30T09:14:02.311812200Z", 1796030042311L),
            Map.entry("2026-11-30t09:14:02z", 1796030042000L),
            Map.entry("1796030042", 1796030042000L),
            Map.entry("1796030042311", 1796030042311L),
            Map.entry("1796030042311812", 1796030042311L),
            Map.entry("1796030042311812200", 1796030042311L),
            Map.entry("1796030042.311812", 1796030042311L),
            Map.entry("30/Nov/2026:10:14:02 +0100", 1796030042000L),
            Map.entry("  1796030042  ", 1796030042000L),
            Map.entry("0", 0L),
            Map.entry("", -1L),
            Map.entry("yesterday", -1L),
            Map.entry("2026-13-40T99:00:00Z", -1L),
            Map.entry("99999999999999999999", -1L),
            Map.entry("1.2.3", -1L),
            Map.entry("-5", -1L));
    for (Map.Entry<String, Long> entry : expected.entrySet()) {
      assertEquals(entry.getValue(), EventTime.epochMillis(entry.getKey(), -1L), entry.getKey());
    }
    assertEquals(-1L, EventTime.epochMillis(null, -1L));
  }

  @Test
  void findingUidMatchesEcsAlertId() {
    // The ECS adapter's test asserts the same value for its alert id of this finding.
    assertEquals(
        "89017088-9128-3797-b9b4-b36347ffac3d", OcsfFindingWriter.findingUid(CURL_FINDING));
  }

  @Test
  void findingUidIsStableAndDistinct() {
    String uid = OcsfFindingWriter.findingUid(CURL_FINDING);

    assertEquals(uid, OcsfFindingWriter.findingUid(finding(Severity.LOW, "T1552.005", 45)));
    assertNotEquals(uid, OcsfFindingWriter.findingUid(finding(Severity.CRITICAL, "T1552.005", 46)));
    Finding otherLine =
        new Finding("imds.cmdline.credentials", "t", Severity.CRITICAL, "T1552.005",
            Field.COMMAND_LINE, "i", "m", 45, new EventOrigin("process_activity.jsonl", 2),
            "aws", "credentials", "r");
    assertNotEquals(uid, OcsfFindingWriter.findingUid(otherLine));
    assertTrue(
        uid.matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), uid);
  }

  @Test
  void ruleDescriptionBecomesAnalyticDesc() throws IOException {
    Rule rule = RuleSet.defaults().rule("imds.cmdline.credentials");
    Map<String, Object> root =
        JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, CURL_EVENT, rule, 0));

    assertEquals(rule.description(), JsonTree.at(root, "finding_info.analytic.desc"));
  }

  @Test
  void techniqueWithoutSubTechnique() throws IOException {
    Map<String, Object> parent =
        JsonTree.object(OcsfFindingWriter.toJson(finding(Severity.LOW, "T1552", 0), null));
    Map<String, Object> other =
        JsonTree.object(OcsfFindingWriter.toJson(finding(Severity.LOW, "T1046", 0), null));

    assertEquals(
        List.of(Map.of("technique", Map.of("uid", "T1552", "name", "Unsecured Credentials"),
            "tactic", Map.of("uid", "TA0006", "name", "Credential Access"))),
        JsonTree.at(parent, "finding_info.attacks"));
    assertEquals(List.of(Map.of("technique", Map.of("uid", "T1046"))),
        JsonTree.at(other, "finding_info.attacks"));
  }

  @Test
  void networkEvidenceAndObservables() throws IOException {
    SimpleEvent event =
        SimpleEvent.builder()
            .processName("python3.9")
            .destinationAddress("169.254.169.254")
            .destinationPort(80)
            .build();
    Map<String, Object> root = JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, event));

    assertEquals(Map.of("ip", "169.254.169.254", "port", 80L),
        JsonTree.at(root, "evidences.dst_endpoint"));
    assertEquals(
        List.of(
            Map.of("name", "evidences.process.name", "type_id", 9L, "type", "Process Name",
                "value", "python3.9"),
            Map.of("name", "evidences.dst_endpoint.ip", "type_id", 2L, "type", "IP Address",
                "value", "169.254.169.254")),
        root.get("observables"));
  }

  @Test
  void destinationNotationsPlaced() throws IOException {
    Map<String, String> expected =
        Map.of(
            "169.254.169.254", "ip",
            "fd00:ec2::254", "ip",
            "::ffff:169.254.169.254", "ip",
            "2852039166", "hostname",
            "0xA9FEA9FE", "hostname",
            "0251.0376.0251.0376", "hostname",
            "metadata.google.internal", "hostname",
            "[fd00:ec2::254]", "name",
            "169.254.169.254:80", "name",
            "fd00:ec2::254%eth0", "name");
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      SimpleEvent event = SimpleEvent.builder().destinationAddress(entry.getKey()).build();
      Map<String, Object> root = JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, event));

      assertEquals(Map.of(entry.getValue(), entry.getKey()),
          JsonTree.at(root, "evidences.dst_endpoint"), entry.getKey());
    }
  }

  @Test
  void httpAndDnsEvidenceInData() throws IOException {
    SimpleEvent event =
        SimpleEvent.builder()
            .url("http://169.254.169.254/latest/api/token")
            .urlHost("169.254.169.254")
            .urlPath("/latest/api/token")
            .urlQuery("a=1")
            .httpMethod("PUT")
            .httpHeaders("X-aws-ec2-metadata-token: secret-session-token")
            .dnsQueryName("metadata.google.internal")
            .dnsAnswers("169.254.169.254, 10.0.0.1")
            .build();
    String json = OcsfFindingWriter.toJson(CURL_FINDING, event);
    Map<String, Object> root = JsonTree.object(json);

    assertEquals(
        Map.of("http_request",
            Map.of("http_method", "PUT",
                "url", Map.of("url_string", "http://169.254.169.254/latest/api/token",
                    "hostname", "169.254.169.254", "path", "/latest/api/token",
                    "query_string", "a=1")),
            "answers", List.of(Map.of("rdata", "169.254.169.254"), Map.of("rdata", "10.0.0.1"))),
        JsonTree.at(root, "evidences.data"));
    assertEquals(Map.of("hostname", "metadata.google.internal"),
        JsonTree.at(root, "evidences.query"));
    assertFalse(json.contains("secret-session-token"), json);
  }

  @Test
  void findingWithoutEventHasNoEvidence() throws IOException {
    Map<String, Object> root = JsonTree.object(OcsfFindingWriter.toJson(CURL_FINDING, null));

    assertEquals(null, root.get("evidences"));
    assertEquals(null, root.get("observables"));
    assertEquals(null, root.get("device"));
    assertEquals("iam/security-credentials", JsonTree.at(root, "unmapped.imds_detect.matched"));
  }
}

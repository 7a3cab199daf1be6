package io.github.imdsdetect.ecs;

import static io.github.imdsdetect.ecs.RecordingSink.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventTime;
import io.github.imdsdetect.adapter.IpLiteral;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Severity;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests EcsAlertWriter: the content of its alerts, and their fit to the ECS 8.11.0 field
 * definitions in ecs-schema/ecs-8.11.0-fields.tsv. Every field must be an ECS field, or one of
 * the writer's custom imds_detect fields, with the JSON type of its ECS type. Arrays must appear
 * exactly where ECS normalizes to arrays, and required fields must be present. The values of
 * event.kind, event.category and event.type must be allowed and consistent with each other.
 */
class EcsAlertWriterTest {
  private static final String CREDENTIALS =
      "curl http://169.254.169.254/latest/meta-data/iam/security-credentials/";

  /** The writer's custom fields, outside ECS, with their ECS-style types. */
  private static final Map<String, String> CUSTOM_FIELDS =
      Map.of(
          "imds_detect.rule_id", "keyword",
          "imds_detect.field", "keyword",
          "imds_detect.indicator", "keyword",
          "imds_detect.matched", "keyword",
          "imds_detect.offset", "long",
          "imds_detect.provider", "keyword",
          "imds_detect.data_kind", "keyword",
          "imds_detect.event_time_missing", "boolean",
          "imds_detect.unreadable_event_time", "keyword");

  private static final String DETECTION_TIME = "2027-01-15T08:00:00.123Z";
  private static final java.time.Clock DETECTION_CLOCK =
      java.time.Clock.fixed(Instant.parse(DETECTION_TIME), java.time.ZoneOffset.UTC);

  private record EcsField(String type, boolean array, boolean required) {}

  private static final Map<String, EcsField> FIELDS = new LinkedHashMap<>();
  private static final Map<String, Map<String, List<String>>> ALLOWED = new HashMap<>();

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

  private static final Finding CURL_FINDING =
      finding(Severity.CRITICAL, "T1552.005", Field.COMMAND_LINE);

  private static Finding finding(Severity severity, String technique, Field field) {
    return new Finding(
        "imds.cmdline.credentials",
        "Command line requests credentials or a token from a metadata service",
        severity,
        technique,
        field,
        "iam/security-credentials",
        "iam/security-credentials",
        45,
        new EventOrigin("process_activity.jsonl", 1),
        "aws",
        "credentials",
        "process.command_line requests AWS role credentials");
  }

  @BeforeAll
  static void loadDefinitions() throws IOException {
    try (InputStream in =
            EcsAlertWriterTest.class.getResourceAsStream("/ecs-schema/ecs-8.11.0-fields.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] columns = line.split("\t", -1);
        if (columns[0].equals("field")) {
          FIELDS.put(columns[1], new EcsField(columns[2], Boolean.parseBoolean(columns[3]),
              Boolean.parseBoolean(columns[4])));
        } else if (columns[0].equals("allowed")) {
          List<String> expectedTypes =
              columns[3].equals("-") ? List.of() : List.of(columns[3].split(","));
          ALLOWED.computeIfAbsent(columns[1], name -> new LinkedHashMap<>())
              .put(columns[2], expectedTypes);
        } else {
          throw new IOException("unknown row kind: " + line);
        }
      }
    }
  }

  // ---- JSON reading -------------------------------------------------------------------------

  private static Object parseJson(String text) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(text)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      Object value = readJson(parser, parser.nextToken());
      assertEquals(null, parser.nextToken(), "one JSON value");
      return value;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseObject(String text) throws IOException {
    return (Map<String, Object>) parseJson(text);
  }

  private static Object readJson(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.put(name, readJson(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY: {
        List<Object> array = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          array.add(readJson(parser, next));
        }
        return array;
      }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
      case VALUE_FALSE:
        return parser.getBooleanValue();
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected token " + token);
    }
  }

  /** Returns the leaf values of a document by dotted field name, arrays kept as lists. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> flatten(Map<String, Object> document) {
    Map<String, Object> flat = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : document.entrySet()) {
      if (entry.getValue() instanceof Map<?, ?> child) {
        for (Map.Entry<String, Object> leaf : flatten((Map<String, Object>) child).entrySet()) {
          flat.put(entry.getKey() + "." + leaf.getKey(), leaf.getValue());
        }
      } else {
        flat.put(entry.getKey(), entry.getValue());
      }
    }
    return flat;
  }

  // ---- schema checks ------------------------------------------------------------------------

  /** Returns every way in which an alert document breaks the ECS definitions. */
  private static List<String> schemaErrors(String json) throws IOException {
    List<String> errors = new ArrayList<>();
    Map<String, Object> flat = flatten(parseObject(json));
    for (Map.Entry<String, Object> entry : flat.entrySet()) {
      checkField(entry.getKey(), entry.getValue(), errors);
    }
    for (Map.Entry<String, EcsField> entry : FIELDS.entrySet()) {
      if (entry.getValue().required() && !flat.containsKey(entry.getKey())) {
        errors.add(entry.getKey() + ": required by ECS but missing");
      }
    }
    checkEventClassification(flat, errors);
    return errors;
  }

  @SuppressWarnings("unchecked")
  private static void checkField(String name, Object value, List<String> errors) {
    EcsField field = FIELDS.get(name);
    if (field == null && CUSTOM_FIELDS.containsKey(name)) {
      field = new EcsField(CUSTOM_FIELDS.get(name), false, false);
    }
    if (field == null) {
      errors.add(name + ": not an ECS field nor a listed imds_detect field");
      return;
    }
    if (!(value instanceof List<?> list)) {
      if (field.array()) {
        errors.add(name + ": ECS normalizes this field to an array, found " + value);
      }
      checkType(name, field.type(), value, errors);
      return;
    }
    if (!field.array()) {
      errors.add(name + ": an array where ECS expects one value");
    }
    if (list.isEmpty()) {
      errors.add(name + ": empty array; the writer leaves empty values out");
    }
    for (Object element : list) {
      if (element instanceof Map<?, ?> object) {
        if (!field.type().equals("object")) {
          errors.add(name + ": object element in a " + field.type() + " field");
          continue;
        }
        for (Map.Entry<String, Object> leaf : flatten((Map<String, Object>) object).entrySet()) {
          checkField(name + "." + leaf.getKey(), leaf.getValue(), errors);
        }
      } else {
        checkType(name, field.type(), element, errors);
      }
    }
  }

  private static void checkType(String name, String type, Object value, List<String> errors) {
    boolean matches =
        switch (type) {
          case "keyword", "wildcard", "match_only_text", "constant_keyword" ->
              value instanceof String text && !text.isEmpty();
          case "ip" -> value instanceof String text && IpLiteral.isIp(text);
          case "date" -> value instanceof String text && parsesAsInstant(text);
          case "long" -> value instanceof Long;
          case "float", "scaled_float", "double" ->
              value instanceof Long || value instanceof Double;
          case "boolean" -> value instanceof Boolean;
          default -> false;
        };
    if (!matches) {
      errors.add(name + ": " + value + " does not fit ECS type " + type);
    }
  }

  private static boolean parsesAsInstant(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Returns a field's values: the elements of an array, or the one value. */
  @SuppressWarnings("unchecked")
  private static List<Object> values(Object value) {
    if (value instanceof List<?> list) {
      return (List<Object>) list;
    }
    List<Object> single = new ArrayList<>();
    single.add(value);
    return single;
  }

  /** Checks event.kind, event.category and event.type against ECS's allowed values. */
  private static void checkEventClassification(Map<String, Object> flat, List<String> errors) {
    for (String name : List.of("event.kind", "event.category", "event.type")) {
      for (Object element : values(flat.get(name))) {
        if (!ALLOWED.get(name).containsKey(element)) {
          errors.add(name + ": " + element + " is not an allowed value");
        }
      }
    }
    for (Object category : values(flat.get("event.category"))) {
      List<String> expected = ALLOWED.get("event.category").getOrDefault(category, List.of());
      for (Object type : values(flat.get("event.type"))) {
        if (!expected.contains(type)) {
          errors.add("event.type " + type + " is not expected for event.category " + category);
        }
      }
    }
  }

  // ---- tests --------------------------------------------------------------------------------

  @Test
  void definitionsLoaded() {
    assertEquals(new EcsField("date", false, true), FIELDS.get("@timestamp"));
    assertEquals(new EcsField("keyword", true, false), FIELDS.get("threat.technique.id"));
    assertTrue(ALLOWED.get("event.kind").containsKey("alert"));
  }

  @Test
  void processAlertWritesExpectedJson() {
    String json = EcsAlertWriter.toJson(CURL_FINDING, CURL_EVENT);

    String expected =
        "{\"@timestamp\":\"2026-11-30T09:14:02.311Z\",\"ecs\":{\"version\":\"8.11.0\"},"
            + "\"event\":{\"kind\":\"alert\",\"category\":[\"intrusion_detection\",\"process\"],"
            + "\"type\":[\"info\"],\"severity\":5,\"risk_score\":99,"
            + "\"id\":\"89017088-9128-3797-b9b4-b36347ffac3d\"},"
            + "\"rule\":{\"id\":\"imds.cmdline.credentials\","
            + "\"name\":\"Command line requests credentials or a token from a metadata service\","
            + "\"reference\":\"https://attack.mitre.org/techniques/T1552/005/\"},"
            + "\"threat\":{\"framework\":\"MITRE ATT&CK\","
            + "\"technique\":{\"id\":[\"T1552\"],\"name\":[\"Unsecured Credentials\"],"
            + "\"reference\":[\"https://attack.mitre.org/techniques/T1552/\"],"
            + "\"subtechnique\":{\"id\":[\"T1552.005\"],\"name\":[\"Cloud Instance Metadata API\"],"
            + "\"reference\":[\"https://attack.mitre.org/techniques/T1552/005/\"]}},"
            + "\"tactic\":{\"id\":[\"TA0006\"],\"name\":[\"Credential Access\"],"
            + "\"reference\":[\"https://attack.mitre.org/tactics/TA0006/\"]}},"
            + "\"message\":\"process.command_line requests AWS role credentials\","
            + "\"host\":{\"name\":\"ip-10-0-1-23\"},\"user\":{\"name\":\"ec2-user\"},"
            + "\"process\":{\"name\":\"curl\",\"executable\":\"/usr/bin/curl\","
            + "\"command_line\":\"" + CREDENTIALS + "\","
            + "\"parent\":{\"name\":\"bash\",\"executable\":\"/usr/bin/bash\"}},"
            + "\"log\":{\"file\":{\"path\":\"process_activity.jsonl\"},"
            + "\"origin\":{\"file\":{\"line\":1}}},"
            + "\"imds_detect\":{\"rule_id\":\"imds.cmdline.credentials\","
            + "\"field\":\"process.command_line\",\"indicator\":\"iam/security-credentials\","
            + "\"matched\":\"iam/security-credentials\",\"offset\":45,\"provider\":\"aws\","
            + "\"data_kind\":\"credentials\"}}";
    assertEquals(expected, json);
  }

  @Test
  void alertIdIsStableAcrossWriters() {
    // The OCSF adapter's test asserts the same value for its finding uid of this finding.
    assertEquals("89017088-9128-3797-b9b4-b36347ffac3d", EcsAlertWriter.alertId(CURL_FINDING));
  }

  @Test
  void writeMatchesToJson() throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = new JsonFactory().createGenerator(text)) {
      EcsAlertWriter.write(CURL_FINDING, CURL_EVENT, out);
    }

    assertEquals(EcsAlertWriter.toJson(CURL_FINDING, CURL_EVENT), text.toString());
  }

  @Test
  void severityMapsToSeverityAndRiskScore() throws IOException {
    Map<Severity, List<Long>> expected =
        Map.of(
            Severity.INFORMATIONAL, List.of(1L, 0L),
            Severity.LOW, List.of(2L, 21L),
            Severity.MEDIUM, List.of(3L, 47L),
            Severity.HIGH, List.of(4L, 73L),
            Severity.CRITICAL, List.of(5L, 99L));
    for (Severity severity : Severity.values()) {
      String json = EcsAlertWriter.toJson(finding(severity, "T1552.005", Field.URL), null);
      Map<String, Object> flat = flatten(parseObject(json));

      assertEquals(expected.get(severity).get(0), flat.get("event.severity"), severity.name());
      assertEquals(expected.get(severity).get(1), flat.get("event.risk_score"), severity.name());
    }
  }

  @Test
  void categoriesFollowMatchedField() throws IOException {
    Map<Field, List<String>> expected = new LinkedHashMap<>();
    expected.put(Field.COMMAND_LINE, List.of("intrusion_detection", "process"));
    expected.put(Field.PARENT_PROCESS_EXECUTABLE, List.of("intrusion_detection", "process"));
    expected.put(Field.DESTINATION_ADDRESS, List.of("intrusion_detection", "network"));
    expected.put(Field.DNS_ANSWERS, List.of("intrusion_detection", "network"));
    expected.put(Field.URL_HOST, List.of("intrusion_detection", "network", "web"));
    expected.put(Field.HTTP_HEADERS, List.of("intrusion_detection", "network", "web"));
    expected.put(Field.HOST, List.of("intrusion_detection"));
    for (Map.Entry<Field, List<String>> entry : expected.entrySet()) {
      Finding finding = finding(Severity.HIGH, "T1552.005", entry.getKey());
      String json = EcsAlertWriter.toJson(finding, null);

      assertEquals(entry.getValue(), flatten(parseObject(json)).get("event.category"),
          entry.getKey().name());
      assertEquals(List.of(), schemaErrors(json), entry.getKey().name());
    }
  }

  @Test
  void timestampComesFromCallerOrEvent() throws IOException {
    Map<String, Object> explicit =
        parseObject(EcsAlertWriter.toJson(CURL_FINDING, CURL_EVENT, null, 1_500L));
    Map<String, Object> epochSeconds =
        parseObject(EcsAlertWriter.toJson(CURL_FINDING,
            SimpleEvent.copyOf(CURL_EVENT).time("1300475167.096535").build()));

    assertEquals("1970-01-01T00:00:01.500Z", explicit.get("@timestamp"));
    assertEquals("2011-03-18T19:06:07.096Z", epochSeconds.get("@timestamp"));
    assertFalse(flatten(epochSeconds).containsKey("event.created"), "event.created");
    assertFalse(flatten(epochSeconds).containsKey("imds_detect.event_time_missing"),
        "imds_detect.event_time_missing");
  }

  @Test
  void unreadableTimeUsesDetectionTime() throws IOException {
    String json = EcsAlertWriter.toJson(CURL_FINDING,
        SimpleEvent.copyOf(CURL_EVENT).time("yesterday").build(), DETECTION_CLOCK);
    Map<String, Object> flat = flatten(parseObject(json));

    assertEquals(DETECTION_TIME, flat.get("@timestamp"));
    assertEquals(DETECTION_TIME, flat.get("event.created"));
    assertEquals(Boolean.TRUE, flat.get("imds_detect.event_time_missing"));
    assertEquals("yesterday", flat.get("imds_detect.unreadable_event_time"));
    assertEquals(List.of(), schemaErrors(json));
  }

  @Test
  void absentTimeUsesDetectionTime() throws IOException {
    SimpleEvent undated = SimpleEvent.copyOf(CURL_EVENT).time(null).build();
    for (SimpleEvent event : java.util.Arrays.asList(undated, null)) {
      String json = EcsAlertWriter.toJson(CURL_FINDING, event, DETECTION_CLOCK);
      Map<String, Object> flat = flatten(parseObject(json));

      assertEquals(DETECTION_TIME, flat.get("@timestamp"), String.valueOf(event));
      assertEquals(DETECTION_TIME, flat.get("event.created"), String.valueOf(event));
      assertEquals(Boolean.TRUE, flat.get("imds_detect.event_time_missing"), String.valueOf(event));
      assertFalse(flat.containsKey("imds_detect.unreadable_event_time"), String.valueOf(event));
      assertEquals(List.of(), schemaErrors(json), String.valueOf(event));
    }
  }

  @Test
  void publicWriterUsesSystemClockForMissingTime() throws IOException {
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Map<String, Object> flat = flatten(parseObject(EcsAlertWriter.toJson(CURL_FINDING, null)));
    Instant after = Instant.now();

    Instant timestamp = Instant.parse((String) flat.get("@timestamp"));
    assertFalse(timestamp.isBefore(before), "@timestamp " + timestamp + " before " + before);
    assertFalse(timestamp.isAfter(after), "@timestamp " + timestamp + " after " + after);
  }

  @Test
  void writeWithClockMatchesToJson() throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = new JsonFactory().createGenerator(text)) {
      EcsAlertWriter.write(CURL_FINDING, null, out, DETECTION_CLOCK);
    }

    assertEquals(EcsAlertWriter.toJson(CURL_FINDING, null, DETECTION_CLOCK), text.toString());
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
            Map.entry("1796030042", 1796030042000L),
            Map.entry("1796030042311", 1796030042311L),
            Map.entry("1796030042311812", 1796030042311L),
            Map.entry("1796030042311812200", 1796030042311L),
            Map.entry("1796030042.311812", 1796030042311L),
            Map.entry("30/Nov/2026:10:14:02 +0100", 1796030042000L),
            Map.entry("", -1L),
            Map.entry("yesterday", -1L),
            Map.entry("2026-13-40T99:00:00Z", -1L),
            Map.entry("99999999999999999999", -1L),
            Map.entry("-5", -1L));
    for (Map.Entry<String, Long> entry : expected.entrySet()) {
      assertEquals(entry.getValue(), EventTime.epochMillis(entry.getKey(), -1L),
          entry.getKey());
    }
  }

  @Test
  void ruleDescriptionWritten() throws IOException {
    Rule rule = RuleSet.defaults().rule("imds.cmdline.credentials");
    Map<String, Object> flat =
        flatten(parseObject(EcsAlertWriter.toJson(CURL_FINDING, CURL_EVENT, rule, 0)));

    assertEquals(rule.description(), flat.get("rule.description"));
  }

  @Test
  void networkDnsAndUrlFieldsWritten() throws IOException {
    SimpleEvent event =
        SimpleEvent.builder()
            .destinationAddress("169.254.169.254")
            .destinationPort(80)
            .dnsQueryName("metadata.google.internal")
            .dnsAnswers("169.254.169.254; 10.0.0.1")
            .url("http://169.254.169.254/latest/api/token?a=1")
            .urlHost("169.254.169.254")
            .urlPath("/latest/api/token")
            .urlQuery("a=1")
            .httpMethod("PUT")
            .httpHeaders("X-aws-ec2-metadata-token: secret-session-token")
            .build();
    String json = EcsAlertWriter.toJson(finding(Severity.HIGH, "T1552.005", Field.URL), event);
    Map<String, Object> document = parseObject(json);

    assertEquals(Map.of("address", "169.254.169.254", "ip", "169.254.169.254", "port", 80L),
        document.get("destination"));
    assertEquals(
        Map.of("question", Map.of("name", "metadata.google.internal"),
            "answers", List.of(Map.of("data", "169.254.169.254"), Map.of("data", "10.0.0.1"))),
        document.get("dns"));
    assertEquals(
        Map.of("full", "http://169.254.169.254/latest/api/token?a=1", "domain", "169.254.169.254",
            "path", "/latest/api/token", "query", "a=1"),
        document.get("url"));
    assertEquals(Map.of("request", Map.of("method", "PUT")), document.get("http"));
    assertFalse(json.contains("secret-session-token"), json);
    assertEquals(List.of(), schemaErrors(json));
  }

  @Test
  void destinationNotationsPlaced() throws IOException {
    Map<String, String> expected =
        Map.of(
            "169.254.169.254", "ip",
            "fd00:ec2::254", "ip",
            "::ffff:169.254.169.254", "ip",
            "2852039166", "domain",
            "0xA9FEA9FE", "domain",
            "metadata.google.internal", "domain",
            "[fd00:ec2::254]", "-",
            "169.254.169.254:80", "-",
            "256.1.1.1", "domain",
            "1:2:3:4:5:6:7:8:9", "-");
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      SimpleEvent event = SimpleEvent.builder().destinationAddress(entry.getKey()).build();
      String json = EcsAlertWriter.toJson(CURL_FINDING, event);
      Map<String, Object> destination = new LinkedHashMap<>();
      destination.put("address", entry.getKey());
      if (!entry.getValue().equals("-")) {
        destination.put(entry.getValue(), entry.getKey());
      }

      assertEquals(destination, parseObject(json).get("destination"), entry.getKey());
      assertEquals(List.of(), schemaErrors(json), entry.getKey());
    }
  }

  @Test
  void alertWithoutEventHasOnlyFindingFields() throws IOException {
    Finding unknownOrigin =
        new Finding("r", "t", Severity.LOW, "T1046", Field.URL, "i", "m", -1,
            EventOrigin.UNKNOWN, "unknown", "unknown", "reason");
    String json = EcsAlertWriter.toJson(unknownOrigin, null);
    Map<String, Object> document = parseObject(json);

    assertEquals(
        List.of("@timestamp", "ecs", "event", "rule", "threat", "message", "imds_detect"),
        new ArrayList<>(document.keySet()));
    assertEquals(
        Map.of("framework", "MITRE ATT&CK",
            "technique", Map.of("id", List.of("T1046"),
                "reference", List.of("https://attack.mitre.org/techniques/T1046/"))),
        document.get("threat"));
    assertEquals(List.of(), schemaErrors(json));
  }

  @Test
  void schemaCheckCatchesErrors() throws IOException {
    String valid = EcsAlertWriter.toJson(CURL_FINDING, CURL_EVENT);

    assertEquals(List.of(), schemaErrors(valid));
    assertEquals(List.of("process.no_such_field: not an ECS field nor a listed imds_detect field"),
        schemaErrors(valid.replace("\"process\":{", "\"process\":{\"no_such_field\":\"x\",")));
    assertEquals(1, schemaErrors(valid.replace("\"severity\":5", "\"severity\":\"5\"")).size());
    assertEquals(List.of("event.type: ECS normalizes this field to an array, found info"),
        schemaErrors(valid.replace("\"type\":[\"info\"]", "\"type\":\"info\"")));
    assertEquals(List.of("event.type start is not expected for event.category intrusion_detection"),
        schemaErrors(valid.replace("\"type\":[\"info\"]", "\"type\":[\"start\"]")));
    assertEquals(List.of("ecs.version: required by ECS but missing"),
        schemaErrors(valid.replace("\"ecs\":{\"version\":\"8.11.0\"},", "")));
  }

  @Test
  void samplesAlertsMatchSchema() throws IOException {
    Detector detector = Detector.create(RuleSet.defaults());
    RecordingSink sink = new RecordingSink();
    Path file = Path.of("../../samples/ecs/constructed/elastic_agent_t1552_005.ndjson");
    try (InputStream in = Files.newInputStream(file)) {
      new EcsParser().parse(in, file.getFileName().toString(), ParseLimits.DEFAULTS, sink);
    }
    Set<String> rules = new TreeSet<>();
    int checked = 0;
    for (SimpleEvent event : sink.events) {
      for (Finding finding : detector.detect(event)) {
        Rule rule = detector.ruleSet().rule(finding.ruleId());
        String json =
            EcsAlertWriter.toJson(finding, event, rule, EcsAlertWriter.eventTimeMillis(event));

        assertEquals(List.of(), schemaErrors(json), event.origin() + " " + finding.ruleId());
        assertEquals(event.time().toString(), parseObject(json).get("@timestamp"));
        rules.add(finding.ruleId());
        checked++;
      }
    }

    assertTrue(checked >= 6, "alerts checked: " + checked);
    assertTrue(rules.containsAll(Set.of("imds.cmdline.credentials", "imds.dns.query")),
        rules.toString());
  }

  @Test
  void alertReadsBackAsSameEvent() throws IOException {
    SimpleEvent event =
        SimpleEvent.copyOf(CURL_EVENT)
            .destinationAddress("169.254.169.254")
            .destinationPort(80)
            .dnsQueryName("metadata.google.internal")
            .dnsAnswers("169.254.169.254 10.0.0.1")
            .url("http://169.254.169.254/latest/api/token")
            .urlHost("169.254.169.254")
            .urlPath("/latest/api/token")
            .urlQuery("a=1")
            .httpMethod("PUT")
            .build();
    String json = EcsAlertWriter.toJson(CURL_FINDING, event) + "\n";
    RecordingSink sink = new RecordingSink();
    new EcsParser().parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        "alerts.ndjson", ParseLimits.DEFAULTS, sink);

    Map<String, String> expected = fields(event);
    assertEquals(expected, fields(sink.events.get(0)));
  }

  @Test
  void anyEventGivesValidAlert() throws IOException {
    List<Event> events =
        List.of(
            SimpleEvent.builder().build(),
            SimpleEvent.builder().host("").user("").processName("").build(),
            SimpleEvent.builder().destinationPort(0).build(),
            SimpleEvent.builder().dnsAnswers(" ,; ").build(),
            SimpleEvent.builder().time("\u0000").processExecutable("C:\\").build());
    for (Event event : events) {
      for (Severity severity : Severity.values()) {
        Finding finding = finding(severity, "T1552.005", Field.DNS_ANSWERS);
        String json = EcsAlertWriter.toJson(finding, event);

        assertEquals(List.of(), schemaErrors(json), event + " " + severity);
      }
    }
  }
}

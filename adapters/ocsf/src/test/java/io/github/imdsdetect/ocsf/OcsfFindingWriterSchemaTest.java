package io.github.imdsdetect.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Severity;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * Checks OcsfFindingWriter's output against the OCSF 1.1.0 definitions in
 * ocsf-schema/detection-finding-1.1.0.tsv. Every key must be an attribute of its object, with the
 * right JSON type and array shape, and required attributes must be present. At-least-one
 * constraints must hold, and each observable's type id must match the type of the attribute that
 * it names.
 */
class OcsfFindingWriterSchemaTest {
  private static final String CLASS = "detection_finding";

  /**
   * Observables that name attributes inside {@code evidences.data}, which OCSF types as free
   * JSON, with the OCSF type of the attribute of the same name in OCSF's own url object.
   */
  private static final Map<String, String> DATA_OBSERVABLE_TYPES =
      Map.of("evidences.data.http_request.url.url_string", "url_t");

  /**
   * The constraint that the writer cannot meet, because events carry no process id: OCSF requires
   * a process object to have pid or uid.
   */
  private static final String KNOWN_PROCESS_GAP = "process at_least_one [pid, uid]";

  private record Attribute(
      String ocsfType, String json, boolean array, String requirement, String objectType,
      String profile) {}

  private static final Map<String, Map<String, Attribute>> OBJECTS = new HashMap<>();
  private static final Map<String, List<List<String>>> AT_LEAST_ONE = new HashMap<>();
  private static final Map<String, Integer> OBSERVABLE_TYPE_IDS = new HashMap<>();
  private static int classUid;
  private static int categoryUid;

  @BeforeAll
  static void loadDefinitions() throws IOException {
    try (InputStream in =
            OcsfFindingWriterSchemaTest.class.getResourceAsStream(
                "/ocsf-schema/detection-finding-1.1.0.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] columns = line.split("\t", -1);
        switch (columns[0]) {
          case "class" -> {
            classUid = Integer.parseInt(columns[2]);
            categoryUid = Integer.parseInt(columns[4]);
          }
          case "attribute" ->
              OBJECTS.computeIfAbsent(columns[1], name -> new LinkedHashMap<>())
                  .put(columns[2], new Attribute(columns[3], columns[4],
                      Boolean.parseBoolean(columns[5]), columns[6], columns[7], columns[8]));
          case "constraint" -> {
            if (columns[2].equals("at_least_one")) {
              AT_LEAST_ONE.computeIfAbsent(columns[1], name -> new ArrayList<>())
                  .add(List.of(columns[3].split(",")));
            }
          }
          case "observable_type" ->
              OBSERVABLE_TYPE_IDS.put(columns[1], Integer.parseInt(columns[2]));
          default -> throw new IOException("unknown row kind: " + line);
        }
      }
    }
  }

  /** One checked output: the schema errors found and the constraints it does not meet. */
  private record Report(List<String> errors, Set<String> unmetConstraints) {}

  private static Report check(String json) throws IOException {
    Map<String, Object> root = JsonTree.object(json);
    Report report = new Report(new ArrayList<>(), new TreeSet<>());
    checkObject(root, CLASS, CLASS, report);
    checkObservables(root, report.errors());
    return report;
  }

  private static void checkObject(
      Map<String, Object> node, String objectName, String path, Report report) {
    if (objectName.equals("object")) {
      // OCSF's generic object, as unmapped is typed: any keys are allowed.
      return;
    }
    Map<String, Attribute> attributes = OBJECTS.get(objectName);
    if (attributes == null) {
      report.errors().add(path + ": no definition of object " + objectName
          + " in the TSV; add it to the extraction command");
      return;
    }
    for (Map.Entry<String, Object> entry : node.entrySet()) {
      String key = entry.getKey();
      Attribute attribute = attributes.get(key);
      if (attribute == null) {
        report.errors().add(path + "." + key + ": not an attribute of " + objectName);
        continue;
      }
      checkValue(entry.getValue(), attribute, path + "." + key, report);
    }
    for (Map.Entry<String, Attribute> entry : attributes.entrySet()) {
      Attribute attribute = entry.getValue();
      if (attribute.requirement().equals("required") && attribute.profile().equals("-")
          && !node.containsKey(entry.getKey())) {
        report.errors().add(path + ": required attribute " + entry.getKey() + " is missing");
      }
    }
    for (List<String> names : AT_LEAST_ONE.getOrDefault(objectName, List.of())) {
      if (names.stream().noneMatch(node::containsKey)) {
        report.unmetConstraints().add(objectName + " at_least_one " + names);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void checkValue(Object value, Attribute attribute, String path, Report report) {
    if (attribute.array()) {
      if (!(value instanceof List<?> list)) {
        report.errors().add(path + ": expected an array of " + attribute.ocsfType());
        return;
      }
      if (list.isEmpty()) {
        report.errors().add(path + ": empty array; the writer leaves empty values out");
      }
      for (int i = 0; i < list.size(); i++) {
        checkScalarOrObject(list.get(i), attribute, path + "[" + i + "]", report);
      }
      return;
    }
    if (value instanceof List<?>) {
      report.errors().add(path + ": an array where OCSF defines one " + attribute.ocsfType());
      return;
    }
    checkScalarOrObject(value, attribute, path, report);
  }

  @SuppressWarnings("unchecked")
  private static void checkScalarOrObject(
      Object value, Attribute attribute, String path, Report report) {
    boolean matches =
        switch (attribute.json()) {
          case "string" -> value instanceof String text && !text.isEmpty();
          case "integer" -> value instanceof Long;
          case "number" -> value instanceof Long || value instanceof Double;
          case "boolean" -> value instanceof Boolean;
          case "object" -> value instanceof Map<?, ?>;
          case "any" -> value != null;
          default -> false;
        };
    if (!matches) {
      report.errors().add(path + ": expected " + attribute.json() + " (" + attribute.ocsfType()
          + "), found " + value);
      return;
    }
    if (value instanceof Map<?, ?> map && !attribute.json().equals("any")) {
      checkObject((Map<String, Object>) map, attribute.objectType(), path, report);
    }
  }

  /** Checks that each observable names an attribute of the output and has that type's id. */
  @SuppressWarnings("unchecked")
  private static void checkObservables(Map<String, Object> root, List<String> errors) {
    Object observables = root.get("observables");
    if (observables == null) {
      return;
    }
    for (Object element : (List<Object>) observables) {
      Map<String, Object> observable = (Map<String, Object>) element;
      String name = (String) observable.get("name");
      String ocsfType = DATA_OBSERVABLE_TYPES.getOrDefault(name, attributeType(name));
      if (ocsfType == null) {
        errors.add("observable " + name + ": names no scalar attribute");
        continue;
      }
      Integer typeId = OBSERVABLE_TYPE_IDS.get(ocsfType);
      if (typeId == null || typeId.longValue() != (Long) observable.get("type_id")) {
        errors.add("observable " + name + ": type_id " + observable.get("type_id")
            + " but the attribute's type " + ocsfType + " has observable type " + typeId);
      }
      if (!observable.get("value").equals(JsonTree.at(root, name))) {
        errors.add("observable " + name + ": value " + observable.get("value")
            + " differs from the attribute's value " + JsonTree.at(root, name));
      }
    }
  }

  /** Returns the OCSF type of the scalar attribute at a dotted path from the class, or null. */
  private static String attributeType(String name) {
    String objectName = CLASS;
    String[] keys = name.split("\\.");
    for (int i = 0; i < keys.length; i++) {
      Map<String, Attribute> attributes = OBJECTS.get(objectName);
      Attribute attribute = attributes == null ? null : attributes.get(keys[i]);
      if (attribute == null) {
        return null;
      }
      if (i == keys.length - 1) {
        return attribute.json().equals("object") ? null : attribute.ocsfType();
      }
      objectName = attribute.objectType();
    }
    return null;
  }

  private static Report checkFinding(Finding finding, Event event) throws IOException {
    return check(OcsfFindingWriter.toJson(finding, event));
  }

  private static void assertValid(Report report, String context) {
    assertEquals(List.of(), report.errors(), context);
    Set<String> unmet = new TreeSet<>(report.unmetConstraints());
    unmet.remove(KNOWN_PROCESS_GAP);
    assertEquals(Set.of(), unmet, context);
  }

  @Test
  void definitionsLoaded() {
    assertEquals(2004, classUid);
    assertEquals(2, categoryUid);
    assertTrue(OBJECTS.get(CLASS).containsKey("finding_info"));
    assertEquals("required", OBJECTS.get(CLASS).get("time").requirement());
    assertEquals(2, OBSERVABLE_TYPE_IDS.get("ip_t"));
  }

  @Test
  void classConstantsMatchDefinitions() throws IOException {
    Map<String, Object> root =
        JsonTree.object(OcsfFindingWriter.toJson(finding(Field.COMMAND_LINE, "x"), null));

    assertEquals((long) classUid, root.get("class_uid"));
    assertEquals((long) categoryUid, root.get("category_uid"));
    assertEquals((long) classUid * 100 + (Long) root.get("activity_id"), root.get("type_uid"));
  }

  @Test
  void samplesFindingsMatchSchema() throws IOException {
    Detector detector = Detector.create(RuleSet.defaults());
    int checked = 0;
    Set<String> rules = new TreeSet<>();
    for (String name :
        List.of(
            "constructed/process_activity.jsonl",
            "constructed/network_activity.jsonl",
            "constructed/http_activity.jsonl",
            "constructed/dns_activity.jsonl")) {
      RecordingSink sink = OcsfSamplesTest.parse(OcsfSamplesTest.SAMPLES.resolve(name));
      for (SimpleEvent event : sink.events) {
        for (Finding finding : detector.detect(event)) {
          Report report = checkFinding(finding, event);
          assertValid(report, name + ":" + event.origin().line() + " " + finding.ruleId());
          // The gap is listed only for findings whose event has a process.
          assertEquals(
              event.processName() != null || event.processExecutable() != null
                  || event.commandLine() != null || event.user() != null
                  || event.parentProcessName() != null,
              report.unmetConstraints().contains(KNOWN_PROCESS_GAP),
              name + ":" + event.origin().line());
          rules.add(finding.ruleId());
          checked++;
        }
      }
    }

    assertTrue(checked >= 10, "findings checked: " + checked);
    assertTrue(rules.containsAll(Set.of("imds.cmdline.credentials", "imds.net.connection",
        "imds.http.url", "imds.http.header", "imds.dns.query")), rules.toString());
  }

  @Test
  void unusualEventsMatchSchema() throws IOException {
    List<SimpleEvent> events =
        List.of(
            SimpleEvent.builder().destinationAddress("0xA9FEA9FE").destinationPort(80).build(),
            SimpleEvent.builder().destinationAddress("fd00:ec2::254").destinationPort(0).build(),
            SimpleEvent.builder().destinationAddress("[fd00:ec2::254]:80").build(),
            SimpleEvent.builder().destinationAddress("::ffff:169.254.169.254").build(),
            SimpleEvent.builder().destinationAddress("169.254.169.254 ").host("my host").build(),
            SimpleEvent.builder().processExecutable("C:\\").commandLine("curl").build(),
            SimpleEvent.builder().parentProcessExecutable("/").user("root").build(),
            SimpleEvent.builder().dnsQueryName("metadata.google.internal")
                .dnsAnswers(" ,;169.254.169.254; 10.0.0.1 ").build(),
            SimpleEvent.builder().dnsAnswers(" , ").build(),
            SimpleEvent.builder().url("http://169.254.169.254/").urlHost("169.254.169.254")
                .httpMethod("GET").httpHeaders("Metadata: true").build(),
            SimpleEvent.builder().time("not a time").host("").build(),
            SimpleEvent.builder().build());
    for (SimpleEvent event : events) {
      for (Field field : List.of(Field.COMMAND_LINE, Field.DESTINATION_ADDRESS, Field.URL)) {
        assertValid(checkFinding(finding(field, "x"), event), event.toString());
      }
    }
    assertValid(checkFinding(finding(Field.URL, "x"), null), "no event");
  }

  @Test
  void everySeverityMatchesSchema() throws IOException {
    for (Severity severity : Severity.values()) {
      Finding finding =
          new Finding("r", "t", severity, "T1552.005", Field.URL, "i", "m", 0,
              new EventOrigin("s", 1), "aws", "token", "reason");
      assertValid(checkFinding(finding, null), severity.toString());
    }
  }

  @Test
  void checkerRejectsUndefinedKeys() throws IOException {
    String valid = OcsfFindingWriter.toJson(finding(Field.URL, "x"), null);
    String extraKey = valid.replace("\"status_id\":", "\"no_such_attribute\":1,\"status_id\":");
    String wrongType = valid.replace("\"severity_id\":4", "\"severity_id\":\"4\"");
    String missingRequired = valid.replaceFirst("\"time\":\\d+,", "");
    String wrongObservable =
        OcsfFindingWriter.toJson(finding(Field.URL, "x"),
                SimpleEvent.builder().host("h").build())
            .replace("\"type_id\":1,\"type\":\"Hostname\"", "\"type_id\":2,\"type\":\"Hostname\"");

    assertFalse(check(valid).errors().size() > 0, check(valid).errors().toString());
    assertEquals(
        List.of("detection_finding.no_such_attribute: not an attribute of detection_finding"),
        check(extraKey).errors());
    assertEquals(1, check(wrongType).errors().size(), check(wrongType).errors().toString());
    assertEquals(List.of("detection_finding: required attribute time is missing"),
        check(missingRequired).errors());
    assertEquals(1, check(wrongObservable).errors().size(), wrongObservable);
  }

  private static Finding finding(Field field, String matched) {
    return new Finding(
        "imds.test", "Test rule", Severity.HIGH, "T1552.005", field, "%x%", matched, 0,
        new EventOrigin("test.jsonl", 3), "aws", "credentials", "Test reason.");
  }

  @Test
  void findingsNeverEmptyStrings() throws IOException {
    Map<String, Object> root =
        JsonTree.object(OcsfFindingWriter.toJson(finding(Field.URL, "x"),
            SimpleEvent.builder().host("").user("").build()));

    assertNotNull(root.get("finding_info"));
    assertEquals(null, root.get("device"));
    assertEquals(null, root.get("evidences"));
  }
}

package io.github.imdsdetect.ecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.adapter.EventTime;
import io.github.imdsdetect.adapter.FindingId;
import io.github.imdsdetect.adapter.IpLiteral;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a finding as one Elastic Common Schema 8.11 alert document, with nested objects as Elastic
 * Agent writes them.
 *
 * <ul>
 *   <li>{@code @timestamp}: the caller's time, or the event's time (see {@link #eventTimeMillis}),
 *       as ISO-8601 UTC with milliseconds. When the event is null or its time is absent or
 *       unreadable, {@code @timestamp} and {@code event.created} are the detection time, the time
 *       the alert is written, and {@code imds_detect.event_time_missing} is true.
 *   <li>{@code event}: kind {@code alert}; category {@code intrusion_detection}, plus {@code
 *       process} for a match in a process field, {@code network} for a destination or DNS field,
 *       and {@code network} and {@code web} for a URL or HTTP field; type {@code info}; {@code id}
 *       the finding's deterministic id (see {@link #alertId}).
 *   <li>{@code event.severity}: 1 informational, 2 low, 3 medium, 4 high, 5 critical, the scale of
 *       OCSF's {@code severity_id}. {@code event.risk_score}: 21 low, 47 medium and 73 high, the
 *       scores that Elastic detection-rule files pair with those severities, 99 critical, and 0
 *       informational, a level that Elastic rules do not have.
 *   <li>{@code rule}: id, title as name, the rule's description when given, and the MITRE
 *       ATT&amp;CK page of the technique as reference. {@code message} is the finding's reason.
 *   <li>{@code threat}: framework {@code MITRE ATT&CK}, technique, sub-technique and tactic with
 *       ids, names and references.
 *   <li>from the event: {@code host.name}, {@code user.name}, {@code process.*} (name, executable,
 *       command line, parent name and executable), {@code destination.address} (and {@code .ip} for
 *       an IP literal or {@code .domain} for a host name), {@code destination.port}, {@code
 *       dns.question.name}, {@code dns.answers[].data}, {@code url.full}, {@code url.domain},
 *       {@code url.path}, {@code url.query} and {@code http.request.method}. HTTP headers are never
 *       written, because they can carry metadata session tokens.
 *   <li>{@code log.file.path} and {@code log.origin.file.line}: the source and line where the event
 *       was read.
 *   <li>{@code imds_detect}: custom fields, outside ECS, for what matched: {@code rule_id}, {@code
 *       field}, {@code indicator}, {@code matched}, {@code offset}, {@code provider} and {@code
 *       data_kind}; {@code event_time_missing} when the event time is absent or unreadable, and
 *       {@code unreadable_event_time} with the event's time text when it is unreadable.
 * </ul>
 *
 * <p>Fields without a value are left out. NOTE: ECS defines {@code log.origin.file.line} as the
 * line of the source code that emitted a log record. Here it contains the line of the input file,
 * for want of an ECS field for that.
 */
public final class EcsAlertWriter {
  /** The ECS version that the output follows, written to {@code ecs.version}. */
  public static final String ECS_VERSION = "8.11.0";

  private static final String TECHNIQUE_REFERENCE = "https://attack.mitre.org/techniques/";
  private static final String TACTIC_REFERENCE = "https://attack.mitre.org/tactics/";
  private static final Map<String, String> TECHNIQUE_NAMES =
      Map.of(
          "T1552", "Unsecured Credentials",
          "T1552.005", "Cloud Instance Metadata API");
  private static final String CREDENTIAL_ACCESS = "TA0006";

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Labels of letters, digits and hyphens, separated by dots. */
  private static final Pattern HOSTNAME =
      Pattern.compile(
          "([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
              + "(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*");

  private static final Pattern ANSWER_SEPARATORS = Pattern.compile("[,;\\s]+");

  private static final JsonFactory JSON = new JsonFactory();

  /** The result of {@link EventTime#epochMillis} for a time that cannot be read. */
  private static final long NO_EVENT_TIME = Long.MIN_VALUE;

  private EcsAlertWriter() {}

  /**
   * Writes one alert whose {@code @timestamp} is the event's time. When the event is null or its
   * time is in no form that {@link #eventTimeMillis} reads, {@code @timestamp} and {@code
   * event.created} are the current time of the system clock, and {@code
   * imds_detect.event_time_missing} is true.
   *
   * @param finding the finding to write
   * @param event the event the finding is about, or null to write the finding alone
   * @param out receives one JSON object
   * @throws IOException when {@code out} fails to write
   */
  public static void write(Finding finding, Event event, JsonGenerator out) throws IOException {
    write(finding, event, out, Clock.systemUTC());
  }

  /** Writes as {@link #write(Finding, Event, JsonGenerator)} does, with {@code clock} as the clock. */
  static void write(Finding finding, Event event, JsonGenerator out, Clock clock)
      throws IOException {
    writeValue(out, alertWithEventTime(finding, event, clock));
  }

  /**
   * Writes one alert.
   *
   * @param finding the finding to write
   * @param event the event the finding is about, or null to write the finding alone
   * @param rule the rule that fired, whose description becomes {@code rule.description}, or null to
   *     leave it out
   * @param timeMillis the alert's {@code @timestamp}, in milliseconds since the Unix epoch
   * @param out receives one JSON object
   * @throws IOException when {@code out} fails to write
   */
  public static void write(
      Finding finding, Event event, Rule rule, long timeMillis, JsonGenerator out)
      throws IOException {
    writeValue(out, alert(finding, event, rule, timeMillis));
  }

  /**
   * Returns the alert that {@link #write(Finding, Event, JsonGenerator)} writes.
   *
   * @param finding the finding to write
   * @param event the event the finding is about, or null to write the finding alone
   * @return the alert as compact JSON text
   */
  public static String toJson(Finding finding, Event event) {
    return toJson(finding, event, Clock.systemUTC());
  }

  /** Returns the alert that {@link #write(Finding, Event, JsonGenerator, Clock)} writes. */
  static String toJson(Finding finding, Event event, Clock clock) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      write(finding, event, out, clock);
    } catch (IOException e) {
      // A StringWriter does not fail.
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * Returns the alert that {@link #write(Finding, Event, Rule, long, JsonGenerator)} writes, as
   * compact JSON text.
   *
   * @param finding the finding to write
   * @param event the event the finding is about, or null to write the finding alone
   * @param rule the rule that fired, whose description becomes {@code rule.description}, or null to
   *     leave it out
   * @param timeMillis the alert's {@code @timestamp}, in milliseconds since the Unix epoch
   * @return the alert as compact JSON text
   */
  public static String toJson(Finding finding, Event event, Rule rule, long timeMillis) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      write(finding, event, rule, timeMillis, out);
    } catch (IOException e) {
      // A StringWriter does not fail.
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * Returns the event's time in milliseconds since the Unix epoch, or 0 when the event is null or
   * its time is absent or unreadable. The forms read are ISO-8601 times (a zone-less time is taken
   * as UTC), whole epoch seconds, milliseconds, microseconds or nanoseconds distinguished by digit
   * count, epoch seconds with a fraction, and Common Log Format times; see {@link EventTime}.
   *
   * @param event the event, or null
   * @return the time in milliseconds since the Unix epoch, or 0
   */
  public static long eventTimeMillis(Event event) {
    return event == null ? 0 : EventTime.epochMillis(event.time(), 0);
  }

  /**
   * Returns the alert's {@code event.id}: a name-based UUID (RFC 4122 version 3) of the event's
   * source and line, the rule id, the field and the offset of the match, computed as the OCSF
   * adapter computes its finding uid. The same finding of the same input gets the same id in every
   * run.
   *
   * <p>NOTE: two events on one line, such as two elements of a one-line JSON array, give equal ids
   * when the same rule matches the same field at the same offset in both.
   *
   * @param finding the finding; its origin, rule id, field and offset are hashed
   * @return the UUID in its 36-character text form
   */
  public static String alertId(Finding finding) {
    return FindingId.of(finding);
  }

  /**
   * Returns the alert with the event's time as {@code @timestamp}, or, when that time is missing,
   * with the clock's time and the fields that mark the time as missing.
   */
  private static Map<String, Object> alertWithEventTime(Finding finding, Event event, Clock clock) {
    long eventTime = event == null ? NO_EVENT_TIME : EventTime.epochMillis(event.time(), NO_EVENT_TIME);
    if (eventTime != NO_EVENT_TIME) {
      return alert(finding, event, null, eventTime);
    }
    return alert(finding, event, null, clock.millis(), true);
  }

  private static Map<String, Object> alert(
      Finding finding, Event event, Rule rule, long timeMillis) {
    return alert(finding, event, rule, timeMillis, false);
  }

  /**
   * Returns the alert. With {@code eventTimeMissing}, {@code timeMillis} is the detection time,
   * which also becomes {@code event.created}.
   */
  private static Map<String, Object> alert(
      Finding finding, Event event, Rule rule, long timeMillis, boolean eventTimeMissing) {
    String time = ISO_MILLIS.format(Instant.ofEpochMilli(timeMillis));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("@timestamp", time);
    root.put("ecs", Map.of("version", ECS_VERSION));
    Map<String, Object> eventFields = eventFields(finding);
    if (eventTimeMissing) {
      eventFields.put("created", time);
    }
    root.put("event", eventFields);
    root.put("rule", ruleFields(finding, rule));
    root.put("threat", threat(finding.technique()));
    root.put("message", finding.reason());
    if (event != null) {
      putEventFields(root, event);
    }
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("file", single("path", text(finding.origin().source())));
    if (finding.origin().line() > 0) {
      log.put("origin", Map.of("file", Map.of("line", finding.origin().line())));
    }
    root.put("log", log);
    Map<String, Object> details = matchDetails(finding);
    if (eventTimeMissing) {
      details.put("event_time_missing", Boolean.TRUE);
      details.put("unreadable_event_time", event == null ? null : text(event.time()));
    }
    root.put("imds_detect", details);
    return root;
  }

  private static Map<String, Object> eventFields(Finding finding) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("kind", "alert");
    fields.put("category", categories(finding.field()));
    fields.put("type", List.of("info"));
    fields.put("severity", severityNumber(finding.severity()));
    fields.put("risk_score", riskScore(finding.severity()));
    fields.put("id", alertId(finding));
    return fields;
  }

  /** Returns the ECS event categories of a finding on {@code field}. */
  static List<Object> categories(Field field) {
    List<Object> categories = new ArrayList<>();
    categories.add("intrusion_detection");
    switch (field) {
      case PROCESS_NAME,
          PROCESS_EXECUTABLE,
          COMMAND_LINE,
          PARENT_PROCESS_NAME,
          PARENT_PROCESS_EXECUTABLE ->
          categories.add("process");
      case DESTINATION_ADDRESS, DESTINATION_PORT, DNS_QUERY_NAME, DNS_ANSWERS ->
          categories.add("network");
      case URL, URL_HOST, URL_PATH, URL_QUERY, HTTP_METHOD, HTTP_HEADERS -> {
        categories.add("network");
        categories.add("web");
      }
      case TIME, HOST, USER -> {
        // Rules read these fields for context only; they add no category.
      }
    }
    return categories;
  }

  /** Returns {@code event.severity}: 1 informational to 5 critical. */
  static int severityNumber(Severity severity) {
    switch (severity) {
      case INFORMATIONAL:
        return 1;
      case LOW:
        return 2;
      case MEDIUM:
        return 3;
      case HIGH:
        return 4;
      case CRITICAL:
        return 5;
      default:
        throw new AssertionError(severity);
    }
  }

  /** Returns {@code event.risk_score}, from 0 to 100. */
  static int riskScore(Severity severity) {
    switch (severity) {
      case INFORMATIONAL:
        return 0;
      case LOW:
        return 21;
      case MEDIUM:
        return 47;
      case HIGH:
        return 73;
      case CRITICAL:
        return 99;
      default:
        throw new AssertionError(severity);
    }
  }

  private static Map<String, Object> ruleFields(Finding finding, Rule rule) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", finding.ruleId());
    fields.put("name", finding.title());
    if (rule != null) {
      fields.put("description", rule.description());
    }
    fields.put("reference", techniqueReference(finding.technique()));
    return fields;
  }

  /**
   * Returns the {@code threat} object: a sub-technique id such as {@code T1552.005} fills {@code
   * technique.subtechnique} and its parent fills {@code technique}. Names are written for T1552 and
   * T1552.005 only, and the tactic Credential Access only for T1552 and its sub-techniques.
   */
  private static Map<String, Object> threat(String techniqueId) {
    int dot = techniqueId.indexOf('.');
    String parent = dot < 0 ? techniqueId : techniqueId.substring(0, dot);
    Map<String, Object> technique = attackEntity(parent, techniqueReference(parent));
    if (dot >= 0) {
      technique.put("subtechnique", attackEntity(techniqueId, techniqueReference(techniqueId)));
    }
    Map<String, Object> threat = new LinkedHashMap<>();
    threat.put("framework", "MITRE ATT&CK");
    threat.put("technique", technique);
    if (parent.equals("T1552")) {
      Map<String, Object> tactic = new LinkedHashMap<>();
      tactic.put("id", List.of(CREDENTIAL_ACCESS));
      tactic.put("name", List.of("Credential Access"));
      tactic.put("reference", List.of(TACTIC_REFERENCE + CREDENTIAL_ACCESS + "/"));
      threat.put("tactic", tactic);
    }
    return threat;
  }

  private static Map<String, Object> attackEntity(String id, String reference) {
    Map<String, Object> entity = new LinkedHashMap<>();
    entity.put("id", List.of(id));
    String name = TECHNIQUE_NAMES.get(id);
    if (name != null) {
      entity.put("name", List.of(name));
    }
    entity.put("reference", List.of(reference));
    return entity;
  }

  /** Returns the ATT&amp;CK page of a technique: {@code T1552.005} is {@code T1552/005/}. */
  private static String techniqueReference(String techniqueId) {
    return TECHNIQUE_REFERENCE + techniqueId.replace('.', '/') + "/";
  }

  private static void putEventFields(Map<String, Object> root, Event event) {
    root.put("host", single("name", text(event.host())));
    root.put("user", single("name", text(event.user())));
    Map<String, Object> parent = new LinkedHashMap<>();
    parent.put("name", text(event.parentProcessName()));
    parent.put("executable", text(event.parentProcessExecutable()));
    Map<String, Object> process = new LinkedHashMap<>();
    process.put("name", text(event.processName()));
    process.put("executable", text(event.processExecutable()));
    process.put("command_line", text(event.commandLine()));
    process.put("parent", parent);
    root.put("process", process);
    root.put("destination", destination(event));
    Map<String, Object> dns = new LinkedHashMap<>();
    dns.put("question", single("name", text(event.dnsQueryName())));
    dns.put("answers", answers(text(event.dnsAnswers())));
    root.put("dns", dns);
    Map<String, Object> url = new LinkedHashMap<>();
    url.put("full", text(event.url()));
    url.put("domain", text(event.urlHost()));
    url.put("path", text(event.urlPath()));
    url.put("query", text(event.urlQuery()));
    root.put("url", url);
    root.put("http", single("request", single("method", text(event.httpMethod()))));
  }

  /**
   * Returns the destination: {@code address} as the event has it, copied to {@code ip} when it is
   * an IP literal or to {@code domain} when it has the form of a host name (which includes the
   * decimal and hex notations of an address), as the ECS description of {@code destination.address}
   * recommends.
   */
  private static Map<String, Object> destination(Event event) {
    Map<String, Object> destination = new LinkedHashMap<>();
    String address = text(event.destinationAddress());
    if (address != null) {
      destination.put("address", address);
      if (IpLiteral.isIp(address)) {
        destination.put("ip", address);
      } else if (HOSTNAME.matcher(address).matches()) {
        destination.put("domain", address);
      }
    }
    int port = event.destinationPort();
    if (port >= 0) {
      destination.put("port", port);
    }
    return destination;
  }

  private static List<Object> answers(String answers) {
    List<Object> list = new ArrayList<>();
    if (answers != null) {
      for (String answer : ANSWER_SEPARATORS.split(answers)) {
        if (!answer.isEmpty()) {
          list.add(Map.of("data", answer));
        }
      }
    }
    return list;
  }

  private static Map<String, Object> matchDetails(Finding finding) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("rule_id", finding.ruleId());
    details.put("field", finding.field().fieldName());
    details.put("indicator", finding.indicator());
    details.put("matched", finding.matchedText());
    details.put("offset", finding.offset());
    details.put("provider", finding.provider());
    details.put("data_kind", finding.dataKind());
    return details;
  }

  private static Map<String, Object> single(String key, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }

  private static String text(CharSequence value) {
    if (value == null || value.length() == 0) {
      return null;
    }
    return value.toString();
  }

  /** Returns whether a value writes nothing: null, or a map or list of such values only. */
  private static boolean isEmpty(Object value) {
    if (value == null) {
      return true;
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().allMatch(EcsAlertWriter::isEmpty);
    }
    if (value instanceof List<?> list) {
      return list.stream().allMatch(EcsAlertWriter::isEmpty);
    }
    return false;
  }

  private static void writeValue(JsonGenerator out, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!isEmpty(entry.getValue())) {
          out.writeFieldName((String) entry.getKey());
          writeValue(out, entry.getValue());
        }
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object element : list) {
        if (!isEmpty(element)) {
          writeValue(out, element);
        }
      }
      out.writeEndArray();
    } else if (value instanceof String text) {
      out.writeString(text);
    } else if (value instanceof Integer number) {
      out.writeNumber(number);
    } else if (value instanceof Long number) {
      out.writeNumber(number);
    } else if (value instanceof Boolean bool) {
      out.writeBoolean(bool);
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass());
    }
  }
}

package io.github.imdsdetect.ocsf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.adapter.EventTime;
import io.github.imdsdetect.adapter.FindingId;
import io.github.imdsdetect.adapter.IpLiteral;
import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.Finding;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a finding as one OCSF 1.1.0 Detection Finding (class 2004, activity Create).
 *
 * <ul>
 *   <li>{@code time}: the caller's time, or the event's time (see {@link #eventTimeMillis}). When
 *       the event is null or its time is absent or unreadable, {@code time} and {@code
 *       finding_info.created_time} are the detection time, the time the finding is written, and
 *       {@code unmapped.imds_detect.event_time_missing} is true.
 *   <li>{@code severity_id} and {@code severity}: informational 1, low 2, medium 3, high 4,
 *       critical 5. {@code status_id} is 1 (New). {@code message} is the finding's reason.
 *   <li>{@code finding_info}: a deterministic {@code uid} (see {@link #findingUid}), the rule's
 *       title, the reason as {@code desc}, the rule as a Rule {@code analytic}, and the MITRE
 *       ATT&amp;CK technique, sub-technique and tactic in {@code attacks}.
 *   <li>{@code device.hostname}: the event's host.
 *   <li>{@code evidences}: the event's process (command line, name, executable, parent, user),
 *       destination, DNS query, and in {@code data} the HTTP request and DNS answers, for which
 *       OCSF 1.1.0's evidence object has no attributes.
 *   <li>{@code observables}: the host, user, process name, destination, DNS query name and URL of
 *       the evidence, each with its OCSF observable type.
 *   <li>{@code unmapped.imds_detect}: the match and its place: {@code rule_id}, {@code field},
 *       {@code indicator}, {@code matched}, {@code offset}, {@code provider}, {@code data_kind},
 *       and the {@code source} and {@code line} of the event; {@code event_time_missing} when the
 *       event time is absent or unreadable, and {@code unreadable_event_time} with the event's time
 *       text when it is unreadable.
 * </ul>
 *
 * <p>Attributes without a value are left out, and so are objects left empty. HTTP headers are never
 * written, because they can carry metadata session tokens.
 *
 * <p>NOTE: OCSF 1.1.0 requires a process object to have {@code pid} or {@code uid}, but events
 * carry neither, so the evidence's process object has neither.
 */
public final class OcsfFindingWriter {
  /** The OCSF schema version that the output follows. */
  public static final String SCHEMA_VERSION = "1.1.0";

  /** The product name and vendor name written to {@code metadata.product}. */
  public static final String PRODUCT = "imds-detect";

  private static final int CLASS_UID = 2004;
  private static final int CATEGORY_UID = 2;
  private static final int ACTIVITY_CREATE = 1;
  private static final int ANALYTIC_RULE = 1;
  private static final int STATUS_NEW = 1;
  private static final int FILE_REGULAR = 1;
  private static final int DEVICE_UNKNOWN = 0;

  private static final int OBSERVABLE_HOSTNAME = 1;
  private static final int OBSERVABLE_IP = 2;
  private static final int OBSERVABLE_USER_NAME = 4;
  private static final int OBSERVABLE_URL = 6;
  private static final int OBSERVABLE_PROCESS_NAME = 9;

  /** Labels, letters, digits and hyphens, separated by dots: OCSF's {@code hostname_t}. */
  private static final Pattern HOSTNAME =
      Pattern.compile(
          "([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
              + "(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*");

  private static final Pattern ANSWER_SEPARATORS = Pattern.compile("[,;\\s]+");

  private static final JsonFactory JSON = new JsonFactory();

  /** The result of {@link EventTime#epochMillis} for a time that cannot be read. */
  private static final long NO_EVENT_TIME = Long.MIN_VALUE;

  private OcsfFindingWriter() {}

  /**
   * Writes one Detection Finding whose {@code time} is the event's time. When the event is null or
   * its time is in no form that {@link #eventTimeMillis} reads, {@code time} and {@code
   * finding_info.created_time} are the current time of the system clock, and {@code
   * unmapped.imds_detect.event_time_missing} is true.
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
    long eventTime =
        event == null ? NO_EVENT_TIME : EventTime.epochMillis(event.time(), NO_EVENT_TIME);
    if (eventTime != NO_EVENT_TIME) {
      writeValue(out, detectionFinding(finding, event, null, eventTime, false));
    } else {
      writeValue(out, detectionFinding(finding, event, null, clock.millis(), true));
    }
  }

  /**
   * Writes one Detection Finding.
   *
   * @param finding the finding to write
   * @param event the event the finding is about, or null to write the finding alone
   * @param rule the rule that fired, whose description becomes the analytic's {@code desc}, or null
   *     to leave it out
   * @param timeMillis the finding's {@code time}, in milliseconds since the Unix epoch
   * @param out receives one JSON object
   * @throws IOException when {@code out} fails to write
   */
  public static void write(
      Finding finding, Event event, Rule rule, long timeMillis, JsonGenerator out)
      throws IOException {
    writeValue(out, detectionFinding(finding, event, rule, timeMillis, false));
  }

  /**
   * Returns the Detection Finding that {@link #write(Finding, Event, JsonGenerator)} writes.
   *
   * @param finding the finding to write
   * @param event the event the finding is about, or null to write the finding alone
   * @return the Detection Finding as compact JSON text
   */
  public static String toJson(Finding finding, Event event) {
    return toJson(finding, event, Clock.systemUTC());
  }

  /** Returns the Detection Finding that {@link #write(Finding, Event, JsonGenerator, Clock)} writes. */
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
   * Returns the Detection Finding that {@link #write(Finding, Event, Rule, long, JsonGenerator)}
   * writes, as compact JSON text.
   *
   * @param finding the finding to write
   * @param event the event the finding is about, or null to write the finding alone
   * @param rule the rule that fired, whose description becomes the analytic's {@code desc}, or null
   *     to leave it out
   * @param timeMillis the finding's {@code time}, in milliseconds since the Unix epoch
   * @return the Detection Finding as compact JSON text
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
   * count, epoch seconds with a fraction, and Common Log Format times.
   *
   * @param event the event, or null
   * @return the time in milliseconds since the Unix epoch, or 0
   */
  public static long eventTimeMillis(Event event) {
    return event == null ? 0 : EventTime.epochMillis(event.time(), 0);
  }

  /**
   * Returns the finding's uid: a name-based UUID (RFC 4122 version 3) of the event's source and
   * line, the rule id, the field and the offset of the match. The same finding of the same input
   * gets the same uid in every run.
   *
   * <p>NOTE: two events on one line, such as two elements of a one-line JSON array, give equal uids
   * when the same rule matches the same field at the same offset in both.
   *
   * @param finding the finding; its origin, rule id, field and offset are hashed
   * @return the UUID in its 36-character text form
   */
  public static String findingUid(Finding finding) {
    return FindingId.of(finding);
  }

  /**
   * Returns the Detection Finding. With {@code eventTimeMissing}, {@code timeMillis} is the
   * detection time, which also becomes {@code finding_info.created_time}.
   */
  private static Map<String, Object> detectionFinding(
      Finding finding, Event event, Rule rule, long timeMillis, boolean eventTimeMissing) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("activity_id", ACTIVITY_CREATE);
    root.put("activity_name", "Create");
    root.put("category_uid", CATEGORY_UID);
    root.put("category_name", "Findings");
    root.put("class_uid", CLASS_UID);
    root.put("class_name", "Detection Finding");
    root.put("type_uid", (long) CLASS_UID * 100 + ACTIVITY_CREATE);
    root.put("type_name", "Detection Finding: Create");
    root.put("time", timeMillis);
    root.put("severity_id", severityId(finding.severity()));
    root.put("severity", severityName(finding.severity()));
    root.put("status_id", STATUS_NEW);
    root.put("status", "New");
    root.put("message", finding.reason());
    root.put("metadata", metadata());
    Map<String, Object> info = findingInfo(finding, rule);
    if (eventTimeMissing) {
      info.put("created_time", timeMillis);
    }
    root.put("finding_info", info);
    if (event != null) {
      root.put("device", device(event));
      Map<String, Object> evidence = evidence(event);
      if (!isEmpty(evidence)) {
        root.put("evidences", List.of(evidence));
      }
      root.put("observables", observables(event, evidence));
    }
    Map<String, Object> details = matchDetails(finding);
    if (eventTimeMissing) {
      details.put("event_time_missing", Boolean.TRUE);
      details.put("unreadable_event_time", event == null ? null : text(event.time()));
    }
    root.put("unmapped", Map.of("imds_detect", details));
    return root;
  }

  /** Returns OCSF's {@code severity_id}: Informational 1 to Critical 5. */
  static int severityId(Severity severity) {
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

  private static String severityName(Severity severity) {
    String name = severity.name();
    return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<String, Object> metadata() {
    Map<String, Object> product = new LinkedHashMap<>();
    product.put("name", PRODUCT);
    product.put("vendor_name", PRODUCT);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("version", SCHEMA_VERSION);
    metadata.put("product", product);
    return metadata;
  }

  private static Map<String, Object> findingInfo(Finding finding, Rule rule) {
    Map<String, Object> analytic = new LinkedHashMap<>();
    analytic.put("uid", finding.ruleId());
    analytic.put("name", finding.ruleId());
    analytic.put("type_id", ANALYTIC_RULE);
    analytic.put("type", "Rule");
    if (rule != null) {
      analytic.put("desc", rule.description());
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("uid", findingUid(finding));
    info.put("title", finding.title());
    info.put("desc", finding.reason());
    info.put("types", List.of(AttackTechniques.FINDING_TYPE));
    info.put("analytic", analytic);
    info.put("attacks", List.of(AttackTechniques.attack(finding.technique())));
    return info;
  }

  private static Map<String, Object> device(Event event) {
    Map<String, Object> device = new LinkedHashMap<>();
    String host = text(event.host());
    if (host != null) {
      device.put("hostname", host);
      device.put("type_id", DEVICE_UNKNOWN);
      device.put("type", "Unknown");
    }
    return device;
  }

  private static Map<String, Object> evidence(Event event) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("process", process(event));
    evidence.put("dst_endpoint", destination(event));
    String query = text(event.dnsQueryName());
    if (query != null) {
      evidence.put("query", Map.of("hostname", query));
    }
    evidence.put("data", evidenceData(event));
    return evidence;
  }

  private static Map<String, Object> process(Event event) {
    Map<String, Object> process = new LinkedHashMap<>();
    process.put("name", text(event.processName()));
    process.put("cmd_line", text(event.commandLine()));
    process.put("file", file(text(event.processExecutable())));
    Map<String, Object> parent = new LinkedHashMap<>();
    parent.put("name", text(event.parentProcessName()));
    parent.put("file", file(text(event.parentProcessExecutable())));
    process.put("parent_process", parent);
    String user = text(event.user());
    if (user != null) {
      process.put("user", Map.of("name", user));
    }
    return process;
  }

  /** Returns a regular file object for an executable path: OCSF requires its name and type. */
  private static Map<String, Object> file(String path) {
    Map<String, Object> file = new LinkedHashMap<>();
    if (path != null) {
      int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
      String name = path.substring(slash + 1);
      file.put("name", name.isEmpty() ? path : name);
      file.put("path", path);
      file.put("type_id", FILE_REGULAR);
      file.put("type", "Regular File");
    }
    return file;
  }

  /**
   * Returns the destination endpoint. The address goes to {@code ip} when it is an IP literal, to
   * {@code hostname} when it has the form of a host name (which includes the decimal, hex and octal
   * notations of an address), and to {@code name} otherwise.
   */
  private static Map<String, Object> destination(Event event) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    String address = text(event.destinationAddress());
    if (address != null) {
      endpoint.put(addressAttribute(address), address);
    }
    int port = event.destinationPort();
    if (address != null && port >= 0) {
      endpoint.put("port", port);
    }
    return endpoint;
  }

  private static String addressAttribute(String address) {
    if (IpLiteral.isIp(address)) {
      return "ip";
    }
    return HOSTNAME.matcher(address).matches() ? "hostname" : "name";
  }

  /** Returns the HTTP request and DNS answers, named as OCSF names them in its own classes. */
  private static Map<String, Object> evidenceData(Event event) {
    Map<String, Object> url = new LinkedHashMap<>();
    url.put("url_string", text(event.url()));
    url.put("hostname", text(event.urlHost()));
    url.put("path", text(event.urlPath()));
    url.put("query_string", text(event.urlQuery()));
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("http_method", text(event.httpMethod()));
    request.put("url", url);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("http_request", request);
    String answers = text(event.dnsAnswers());
    if (answers != null) {
      List<Object> rdata = new ArrayList<>();
      for (String answer : ANSWER_SEPARATORS.split(answers)) {
        if (!answer.isEmpty()) {
          rdata.add(Map.of("rdata", answer));
        }
      }
      data.put("answers", rdata);
    }
    return data;
  }

  private static List<Object> observables(Event event, Map<String, Object> evidence) {
    List<Object> observables = new ArrayList<>();
    addObservable(
        observables, "device.hostname", OBSERVABLE_HOSTNAME, "Hostname", text(event.host()));
    addObservable(
        observables,
        "evidences.process.user.name",
        OBSERVABLE_USER_NAME,
        "User Name",
        text(event.user()));
    addObservable(
        observables,
        "evidences.process.name",
        OBSERVABLE_PROCESS_NAME,
        "Process Name",
        text(event.processName()));
    Object endpoint = evidence.get("dst_endpoint");
    if (endpoint instanceof Map<?, ?> destination) {
      addObservable(
          observables,
          "evidences.dst_endpoint.ip",
          OBSERVABLE_IP,
          "IP Address",
          (String) destination.get("ip"));
      addObservable(
          observables,
          "evidences.dst_endpoint.hostname",
          OBSERVABLE_HOSTNAME,
          "Hostname",
          (String) destination.get("hostname"));
    }
    addObservable(
        observables,
        "evidences.query.hostname",
        OBSERVABLE_HOSTNAME,
        "Hostname",
        text(event.dnsQueryName()));
    addObservable(
        observables,
        "evidences.data.http_request.url.url_string",
        OBSERVABLE_URL,
        "URL String",
        text(event.url()));
    return observables;
  }

  private static void addObservable(
      List<Object> observables, String name, int typeId, String type, String value) {
    if (value == null) {
      return;
    }
    Map<String, Object> observable = new LinkedHashMap<>();
    observable.put("name", name);
    observable.put("type_id", typeId);
    observable.put("type", type);
    observable.put("value", value);
    observables.add(observable);
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
    details.put("source", finding.origin().source());
    details.put("line", finding.origin().line());
    return details;
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
      for (Object entry : map.values()) {
        if (!isEmpty(entry)) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object element : list) {
        if (!isEmpty(element)) {
          return false;
        }
      }
      return true;
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

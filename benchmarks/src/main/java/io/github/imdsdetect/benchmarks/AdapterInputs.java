package io.github.imdsdetect.benchmarks;

import io.github.imdsdetect.benchmarks.CorpusGenerator.EventType;
import io.github.imdsdetect.core.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Renders generated events as the log records that the adapters read. Each {@link Input} names
 * one layout, the parser that reads it and the {@link EventType} it carries, and each event
 * becomes one record of that layout with the fields that the event has.
 *
 * <p>Process starts go to ECS JSON lines, auditd SYSCALL and EXECVE records, Sysmon event 1 XML
 * and QRadar CSV here, and to OCSF, Falco, Windows Security 4688 and QRadar JSON in {@link
 * ProcessStartRecords}. HTTP requests go to Zeek {@code http.log} and to web server access logs
 * in {@link HttpRequestRecords}, because those logs carry requests and no processes.
 */
final class AdapterInputs {

  /**
   * One benchmark input.
   *
   * @param name the value of {@link AdapterBenchmark#format}: the parser's {@code format()} name,
   *     or that name and the encoding for a parser that reads several ({@code zeek-tsv}, {@code
   *     zeek-json})
   * @param parserFormat the {@code format()} name of the parser that reads the input
   * @param eventType the type of the generated events that the input carries
   * @param ignoredRecords the number of records that the parser reports as ignored, such as the
   *     wrapper object around QRadar's {@code events} array
   */
  record Input(String name, String parserFormat, EventType eventType, int ignoredRecords) {}

  /** Every input, in the order of {@link AdapterBenchmark#format}'s values. */
  static final List<Input> INPUTS =
      List.of(
          new Input("ecs", "ecs", EventType.COMMAND_LINE, 0),
          new Input("auditd", "auditd", EventType.COMMAND_LINE, 0),
          new Input("sysmon", "sysmon", EventType.COMMAND_LINE, 0),
          new Input("windows", "windows", EventType.COMMAND_LINE, 0),
          new Input("qradar-csv", "qradar-csv", EventType.COMMAND_LINE, 0),
          new Input("qradar-json", "qradar-json", EventType.COMMAND_LINE, 1),
          new Input("ocsf", "ocsf", EventType.COMMAND_LINE, 0),
          new Input("falco", "falco", EventType.COMMAND_LINE, 0),
          new Input("zeek-tsv", "zeek", EventType.URL, 0),
          new Input("zeek-json", "zeek", EventType.URL, 0),
          new Input("weblog", "weblog", EventType.URL, 0));

  private AdapterInputs() {}

  /**
   * Returns the input with the given name.
   *
   * @throws IllegalArgumentException if no input has that name
   */
  static Input input(String name) {
    for (Input input : INPUTS) {
      if (input.name().equals(name)) {
        return input;
      }
    }
    throw new IllegalArgumentException("unknown input " + name + "; expected one of "
        + INPUTS.stream().map(Input::name).toList());
  }

  /**
   * Renders the events as the records of one input, in UTF-8.
   *
   * @param events events of the input's {@link Input#eventType()}
   */
  static byte[] render(Input input, List<Event> events) {
    StringBuilder out = new StringBuilder(events.size() * 1_000);
    switch (input.name()) {
      case "ecs":
        for (int i = 0; i < events.size(); i++) {
          appendEcs(out, events.get(i), i);
        }
        break;
      case "auditd":
        for (int i = 0; i < events.size(); i++) {
          appendAuditd(out, events.get(i), i);
        }
        break;
      case "sysmon":
        out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n");
        for (int i = 0; i < events.size(); i++) {
          appendSysmon(out, events.get(i), i);
        }
        out.append("</Events>\n");
        break;
      case "qradar-csv":
        out.append("EventTime,sourceip,destinationip,username,EventName,Category,processname,"
            + "CommandLine,LogSource,magnitude\r\n");
        for (int i = 0; i < events.size(); i++) {
          appendQradarCsv(out, events.get(i), i);
        }
        break;
      case "windows":
        ProcessStartRecords.windowsSecurity(out, events);
        break;
      case "qradar-json":
        ProcessStartRecords.qradarJson(out, events);
        break;
      case "ocsf":
        ProcessStartRecords.ocsf(out, events);
        break;
      case "falco":
        ProcessStartRecords.falco(out, events);
        break;
      case "zeek-tsv":
        HttpRequestRecords.zeekTsv(out, events);
        break;
      case "zeek-json":
        HttpRequestRecords.zeekJson(out, events);
        break;
      case "weblog":
        HttpRequestRecords.combinedLog(out, events);
        break;
      default:
        throw new IllegalArgumentException("no renderer for input " + input.name());
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Appends one ECS process-start document as a JSON line, as Elastic Defend writes it. */
  static void appendEcs(StringBuilder out, Event event, int index) {
    out.append("{\"@timestamp\":\"").append(timestamp(index)).append("\",");
    out.append("\"event\":{\"kind\":\"event\",\"category\":[\"process\"],\"type\":[\"start\"],");
    out.append("\"module\":\"endpoint\",\"dataset\":\"endpoint.events.process\"},");
    out.append("\"host\":{\"name\":");
    appendJsonString(out, event.host());
    out.append("},\"user\":{\"name\":");
    appendJsonString(out, event.user());
    out.append("},\"process\":{\"pid\":").append(1000 + index % 30_000).append(",\"name\":");
    appendJsonString(out, event.processName());
    out.append(",\"executable\":");
    appendJsonString(out, event.processExecutable());
    out.append(",\"command_line\":");
    appendJsonString(out, event.commandLine());
    out.append(",\"parent\":{\"name\":\"bash\",\"executable\":\"/usr/bin/bash\"}}}\n");
  }

  private static void appendAuditd(StringBuilder out, Event event, int index) {
    String stamp = "msg=audit(" + (1_714_560_000L + index / 10) + "." + String.format(
        java.util.Locale.ROOT, "%03d", index % 1000) + ":" + (10_000 + index) + "): ";
    String name = event.processName().toString();
    out.append("type=SYSCALL ").append(stamp).append("arch=c000003e syscall=59 success=yes exit=0")
        .append(" items=2 ppid=1432 pid=").append(2000 + index % 30_000)
        .append(" auid=1000 uid=1000 gid=1000 euid=1000 tty=pts0 ses=3 comm=\"")
        .append(name, 0, Math.min(15, name.length())).append("\" exe=\"")
        .append(event.processExecutable()).append("\" key=\"exec\"\n");
    String[] args = event.commandLine().toString().split(" ", -1);
    out.append("type=EXECVE ").append(stamp).append("argc=").append(args.length);
    for (int i = 0; i < args.length; i++) {
      out.append(" a").append(i).append('=');
      appendAuditValue(out, args[i]);
    }
    out.append('\n');
    out.append("type=CWD ").append(stamp).append("cwd=\"/home/app\"\n");
  }

  /** Appends an auditd value: quoted when printable, else upper-case hex as auditd writes it. */
  private static void appendAuditValue(StringBuilder out, String value) {
    boolean printable = !value.isEmpty();
    for (int i = 0; i < value.length() && printable; i++) {
      char c = value.charAt(i);
      printable = c > 0x20 && c < 0x7f && c != '"';
    }
    if (printable) {
      out.append('"').append(value).append('"');
      return;
    }
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      out.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
      out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
  }

  private static void appendSysmon(StringBuilder out, Event event, int index) {
    out.append("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>")
        .append("<Provider Name='Microsoft-Windows-Sysmon' ")
        .append("Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>1</EventID>")
        .append("<TimeCreated SystemTime='").append(timestamp(index)).append("'/>")
        .append("<EventRecordID>").append(index + 1).append("</EventRecordID>")
        .append("<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>");
    appendXml(out, event.host());
    out.append("</Computer></System><EventData>");
    appendData(out, "UtcTime", timestamp(index));
    appendData(out, "ProcessId", Integer.toString(3000 + index % 30_000));
    appendData(out, "Image", event.processExecutable());
    appendData(out, "CommandLine", event.commandLine());
    appendData(out, "User", event.user());
    appendData(out, "ParentImage", "/usr/bin/bash");
    out.append("</EventData></Event>\n");
  }

  static void appendData(StringBuilder out, String name, CharSequence value) {
    out.append("<Data Name='").append(name).append("'>");
    appendXml(out, value);
    out.append("</Data>");
  }

  private static void appendQradarCsv(StringBuilder out, Event event, int index) {
    out.append(timestamp(index).replace('T', ' ').substring(0, 19)).append(",10.0.1.23,,");
    appendCsv(out, event.user());
    out.append(",Process Created,Process Creation Success,");
    appendCsv(out, event.processName());
    out.append(',');
    appendCsv(out, event.commandLine());
    out.append(",Linux OS @ ");
    appendCsv(out, event.host());
    out.append(",3\r\n");
  }

  /** Returns the ISO 8601 UTC time of the record at {@code index}, on 2024-05-01. */
  static String timestamp(int index) {
    int seconds = index % 86_400;
    return String.format(java.util.Locale.ROOT, "2024-05-01T%02d:%02d:%02d.%03dZ",
        seconds / 3600, seconds / 60 % 60, seconds % 60, index % 1000);
  }

  /** Returns the time of {@link #timestamp} in milliseconds since the Unix epoch. */
  static long epochMillis(int index) {
    return Instant.parse(timestamp(index)).toEpochMilli();
  }

  /** Appends a JSON string literal, or {@code null} for a null value. */
  static void appendJsonString(StringBuilder out, CharSequence value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  static void appendXml(StringBuilder out, CharSequence value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '\'':
          out.append("&apos;");
          break;
        case '"':
          out.append("&quot;");
          break;
        default:
          out.append(c);
      }
    }
  }

  private static void appendCsv(StringBuilder out, CharSequence value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}

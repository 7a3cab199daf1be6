package io.github.imdsdetect.generators;

import io.github.imdsdetect.core.SimpleEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders Sysmon events 1 (process create), 3 (network connection) and 22 (DNS query), as NXLog
 * JSON and as rendered event XML.
 */
final class SysmonRecords {
  private static final String PROVIDER = "Microsoft-Windows-Sysmon";
  private static final String PROVIDER_GUID = "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}";
  private static final String CHANNEL = "Microsoft-Windows-Sysmon/Operational";

  private SysmonRecords() {}

  /**
   * Returns whether Sysmon can record the event: it names the process by its image path only,
   * so the event needs an executable whose file name is the process name.
   */
  static boolean hasImage(LabelledEvent labelled) {
    CharSequence image = labelled.event().processExecutable();
    CharSequence name = labelled.event().processName();
    return image != null
        && (name == null || RecordText.baseName(image.toString()).equalsIgnoreCase(name.toString()));
  }

  static String renderJson(LabelledEvent labelled, RecordContext context) {
    Map<String, String> data = eventData(labelled, context);
    int eventId = eventId(labelled.carrier());
    return RecordText.json(json -> {
      json.writeStartObject();
      json.writeStringField("EventTime", context.time().toString().substring(0, 19).replace('T', ' '));
      RecordText.field(json, "Hostname", labelled.event().host());
      json.writeStringField("Keywords", "-9223372036854775808");
      json.writeStringField("EventType", "INFO");
      json.writeNumberField("SeverityValue", 2);
      json.writeStringField("Severity", "INFO");
      json.writeNumberField("EventID", eventId);
      json.writeStringField("SourceName", PROVIDER);
      json.writeStringField("ProviderGuid", PROVIDER_GUID);
      json.writeNumberField("Version", 5);
      json.writeNumberField("Task", eventId);
      json.writeNumberField("OpcodeValue", 0);
      json.writeNumberField("RecordNumber", 100000 + context.sequence());
      json.writeStringField("Channel", CHANNEL);
      json.writeStringField("Domain", "NT AUTHORITY");
      json.writeStringField("AccountName", "SYSTEM");
      json.writeStringField("UserID", "S-1-5-18");
      json.writeStringField("AccountType", "User");
      for (Map.Entry<String, String> entry : data.entrySet()) {
        json.writeStringField(entry.getKey(), entry.getValue());
      }
      json.writeStringField("SourceModuleName", "eventlog");
      json.writeStringField("SourceModuleType", "im_msvistalog");
      json.writeEndObject();
    });
  }

  static String renderXml(LabelledEvent labelled, RecordContext context) {
    Map<String, String> data = eventData(labelled, context);
    int eventId = eventId(labelled.carrier());
    StringBuilder xml = new StringBuilder();
    xml.append("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>")
        .append("<Provider Name='").append(PROVIDER).append("' Guid='")
        .append(PROVIDER_GUID.toLowerCase(Locale.ROOT)).append("'/>")
        .append("<EventID>").append(eventId).append("</EventID><Version>5</Version>")
        .append("<Level>4</Level><Task>").append(eventId).append("</Task><Opcode>0</Opcode>")
        .append("<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='")
        .append(context.time()).append("'/><EventRecordID>").append(100000 + context.sequence())
        .append("</EventRecordID><Correlation/><Execution ProcessID='3120' ThreadID='4232'/>")
        .append("<Channel>").append(CHANNEL).append("</Channel><Computer>")
        .append(RecordText.xml(String.valueOf(labelled.event().host())))
        .append("</Computer><Security UserID='S-1-5-18'/></System><EventData>");
    for (Map.Entry<String, String> entry : data.entrySet()) {
      xml.append("<Data Name='").append(entry.getKey()).append("'>")
          .append(RecordText.xml(entry.getValue())).append("</Data>");
    }
    return xml.append("</EventData></Event>").toString();
  }

  private static int eventId(Carrier carrier) {
    if (carrier == Carrier.COMMAND_LINE) {
      return 1;
    }
    return carrier.isDns() ? 22 : 3;
  }

  /** Returns the event data names and values in the order Sysmon writes them. */
  private static Map<String, String> eventData(LabelledEvent labelled, RecordContext context) {
    SimpleEvent event = labelled.event();
    String image = event.processExecutable().toString();
    String user = event.user() == null ? "NT AUTHORITY\\SYSTEM" : event.user().toString();
    Map<String, String> data = new LinkedHashMap<>();
    data.put("RuleName", "-");
    data.put("UtcTime", RecordText.spaceSeparatedMillis(context.time()));
    data.put("ProcessGuid", guid(context.pid()));
    data.put("ProcessId", Integer.toString(context.pid()));
    data.put("Image", image);

    Carrier carrier = labelled.carrier();
    if (carrier == Carrier.COMMAND_LINE) {
      data.put("CommandLine", String.valueOf(event.commandLine()));
      data.put("CurrentDirectory", image.startsWith("C:") ? "C:\\Windows\\system32\\" : "/tmp");
      data.put("User", user);
      data.put("IntegrityLevel", "Medium");
      data.put("ParentProcessGuid", guid(context.parentPid()));
      data.put("ParentProcessId", Integer.toString(context.parentPid()));
      if (event.parentProcessExecutable() != null) {
        data.put("ParentImage", event.parentProcessExecutable().toString());
        data.put("ParentCommandLine", event.parentProcessExecutable().toString());
      }
      return data;
    }
    if (carrier.isDns()) {
      data.put("QueryName", String.valueOf(event.dnsQueryName()));
      data.put("QueryStatus", "0");
      data.put("QueryResults", queryResults(event.dnsAnswers()));
      data.put("User", user);
      return data;
    }
    String destination = event.destinationAddress().toString();
    boolean ipv6 = destination.indexOf(':') >= 0;
    data.put("User", user);
    data.put("Protocol", "tcp");
    data.put("Initiated", "true");
    data.put("SourceIsIpv6", Boolean.toString(ipv6));
    data.put("SourceIp", ipv6 ? "fd00:ec2::10" : context.sourceAddress());
    data.put("SourceHostname", "-");
    data.put("SourcePort", Integer.toString(context.sourcePort()));
    data.put("SourcePortName", "-");
    data.put("DestinationIsIpv6", Boolean.toString(ipv6));
    data.put("DestinationIp", destination);
    data.put("DestinationHostname", "-");
    data.put("DestinationPort", Integer.toString(event.destinationPort()));
    data.put("DestinationPortName", "http");
    return data;
  }

  /**
   * Returns answers as Sysmon writes QueryResults: each followed by ';', and an IPv4 address in
   * its IPv4-mapped IPv6 form.
   */
  private static String queryResults(CharSequence answers) {
    if (answers == null) {
      return "-";
    }
    StringBuilder results = new StringBuilder();
    for (String answer : answers.toString().split(", ")) {
      results.append(answer.indexOf(':') >= 0 ? answer : "::ffff:" + answer).append(';');
    }
    return results.toString();
  }

  private static String guid(int pid) {
    return String.format(Locale.ROOT, "{6b1e2f3a-c1a3-65f2-%04x-000000000d00}", pid & 0xFFFF);
  }
}

package io.github.imdsdetect.benchmarks;

import static io.github.imdsdetect.benchmarks.AdapterInputs.appendData;
import static io.github.imdsdetect.benchmarks.AdapterInputs.appendJsonString;
import static io.github.imdsdetect.benchmarks.AdapterInputs.appendXml;
import static io.github.imdsdetect.benchmarks.AdapterInputs.epochMillis;
import static io.github.imdsdetect.benchmarks.AdapterInputs.timestamp;

import io.github.imdsdetect.core.Event;
import java.util.List;

/**
 * Renders generated process starts as OCSF Process Activity, Falco alerts, Windows Security 4688
 * events and QRadar REST search results. The records follow the bundled samples under {@code
 * samples/}: besides the host, user, process and command line of the event they carry the fields
 * that the producers write, so that the parsers read records of realistic size.
 */
final class ProcessStartRecords {

  private ProcessStartRecords() {}

  /**
   * Appends one OCSF 1.1 Process Activity (class 1007) Launch event per line, with the process
   * and its parent shell, in the shape of {@code samples/ocsf/constructed/process_activity.jsonl}.
   */
  static void ocsf(StringBuilder out, List<Event> events) {
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      long millis = epochMillis(i);
      out.append("{\"class_uid\":1007,\"class_name\":\"Process Activity\",\"category_uid\":1,")
          .append("\"category_name\":\"System Activity\",\"activity_id\":1,")
          .append("\"activity_name\":\"Launch\",\"type_uid\":100701,")
          .append("\"type_name\":\"Process Activity: Launch\",\"severity_id\":1,")
          .append("\"severity\":\"Informational\",\"status_id\":1,\"status\":\"Success\",")
          .append("\"time\":").append(millis).append(',');
      out.append("\"metadata\":{\"version\":\"1.1.0\",\"uid\":\"")
          .append(String.format(java.util.Locale.ROOT, "7f1d6a0e-0001-4c2b-9d1e-%012d", i))
          .append("\",\"product\":{\"name\":\"Example EDR Sensor\",")
          .append("\"vendor_name\":\"Example Security\",\"version\":\"4.2.0\"},")
          .append("\"profiles\":[\"host\"],\"log_name\":\"sensor-events\"},");
      out.append("\"device\":{\"hostname\":");
      appendJsonString(out, event.host());
      out.append(",\"type_id\":1,\"type\":\"Server\",")
          .append("\"os\":{\"name\":\"Ubuntu\",\"type_id\":200,\"type\":\"Linux\"}},");
      int parentPid = 1_000 + i % 30_000;
      out.append("\"actor\":{\"user\":");
      appendOcsfUser(out, event.user());
      out.append(",\"process\":");
      appendOcsfShell(out, parentPid);
      out.append("},\"process\":{\"pid\":").append(parentPid + 1).append(",\"name\":");
      appendJsonString(out, event.processName());
      out.append(",\"cmd_line\":");
      appendJsonString(out, event.commandLine());
      out.append(",\"file\":{\"path\":");
      appendJsonString(out, event.processExecutable());
      out.append(",\"name\":");
      appendJsonString(out, event.processName());
      out.append(",\"type_id\":1,\"type\":\"Regular File\"},\"user\":");
      appendOcsfUser(out, event.user());
      out.append(",\"created_time\":").append(millis).append(",\"parent_process\":");
      appendOcsfShell(out, parentPid);
      out.append("}}\n");
    }
  }

  private static void appendOcsfUser(StringBuilder out, CharSequence name) {
    out.append("{\"name\":");
    appendJsonString(out, name);
    out.append(",\"type_id\":1,\"type\":\"User\"}");
  }

  private static void appendOcsfShell(StringBuilder out, int pid) {
    out.append("{\"pid\":").append(pid).append(",\"name\":\"bash\",\"cmd_line\":\"-bash\",")
        .append("\"file\":{\"path\":\"/usr/bin/bash\",\"name\":\"bash\",")
        .append("\"type_id\":1,\"type\":\"Regular File\"}}");
  }

  /**
   * Appends one Falco JSON alert per line ({@code json_output: true}) of a rule on {@code
   * spawned_process} whose output names the process, its parent and the command line, so the
   * command line appears twice: in {@code output} and in {@code output_fields}.
   */
  static void falco(StringBuilder out, List<Event> events) {
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      String time = timestamp(i);
      StringBuilder output = new StringBuilder(200 + event.commandLine().length());
      output.append(time, 11, 23).append("000000: Notice Process spawned (user=")
          .append(event.user()).append(" process=").append(event.processName())
          .append(" proc_exepath=").append(event.processExecutable())
          .append(" parent=bash command=").append(event.commandLine())
          .append(" container_id=host)");
      out.append("{\"hostname\":");
      appendJsonString(out, event.host());
      out.append(",\"output\":");
      appendJsonString(out, output);
      out.append(",\"output_fields\":{\"container.id\":\"host\",\"evt.time\":")
          .append(epochMillis(i)).append("000000,\"evt.type\":\"execve\",\"proc.cmdline\":");
      appendJsonString(out, event.commandLine());
      out.append(",\"proc.exepath\":");
      appendJsonString(out, event.processExecutable());
      out.append(",\"proc.name\":");
      appendJsonString(out, event.processName());
      out.append(",\"proc.pexepath\":\"/usr/bin/bash\",\"proc.pid\":")
          .append(2_000 + i % 30_000)
          .append(",\"proc.pname\":\"bash\",\"user.loginuid\":1000,\"user.name\":");
      appendJsonString(out, event.user());
      out.append(",\"user.uid\":1000},\"priority\":\"Notice\",\"rule\":\"Process spawned\",")
          .append("\"source\":\"syscall\",\"tags\":[\"host\",\"process\"],\"time\":\"")
          .append(time, 0, 23).append("000000Z\"}\n");
    }
  }

  /**
   * Appends Windows Security 4688 events as rendered XML, one event per line inside an {@code
   * <Events>} element, with command line auditing on. The generated command lines are Linux ones,
   * so only the record around them is Windows: {@code NewProcessName} is the process name with
   * {@code .exe} under {@code C:\Windows\System32}, and the parent is {@code cmd.exe}.
   */
  static void windowsSecurity(StringBuilder out, List<Event> events) {
    out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n");
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      out.append("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>")
          .append("<Provider Name='Microsoft-Windows-Security-Auditing' ")
          .append("Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4688</EventID>")
          .append("<Version>2</Version><Level>0</Level><Task>13312</Task><Opcode>0</Opcode>")
          .append("<Keywords>0x8020000000000000</Keywords>")
          .append("<TimeCreated SystemTime='").append(timestamp(i)).append("'/>")
          .append("<EventRecordID>").append(80_000 + i).append("</EventRecordID>")
          .append("<Correlation/><Execution ProcessID='4' ThreadID='1520'/>")
          .append("<Channel>Security</Channel><Computer>");
      appendXml(out, event.host());
      out.append("</Computer><Security/></System><EventData>");
      appendData(out, "SubjectUserSid", "S-1-5-21-1111111111-2222222222-3333333333-1104");
      appendData(out, "SubjectUserName", event.user());
      appendData(out, "SubjectDomainName", "CORP");
      appendData(out, "SubjectLogonId", "0x5a3b1");
      appendData(out, "NewProcessId", "0x" + Integer.toHexString(0x1000 + i % 30_000));
      appendData(out, "NewProcessName", "C:\\Windows\\System32\\" + event.processName() + ".exe");
      appendData(out, "TokenElevationType", "%%1938");
      appendData(out, "ProcessId", "0x13f0");
      appendData(out, "CommandLine", event.commandLine());
      appendData(out, "TargetUserSid", "S-1-0-0");
      appendData(out, "TargetUserName", "-");
      appendData(out, "TargetDomainName", "-");
      appendData(out, "TargetLogonId", "0x0");
      appendData(out, "ParentProcessName", "C:\\Windows\\System32\\cmd.exe");
      appendData(out, "MandatoryLabel", "S-1-16-8192");
      out.append("</EventData></Event>\n");
    }
    out.append("</Events>\n");
  }

  /**
   * Appends the rows as the QRadar REST API returns Ariel search results, pretty-printed as in
   * {@code samples/qradar/constructed/ariel_search_results.json}: one {@code events} array in a
   * wrapper object, with the columns of the CSV input.
   */
  static void qradarJson(StringBuilder out, List<Event> events) {
    out.append("{\n  \"events\": [\n");
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      out.append("    {\n      \"EventTime\": \"")
          .append(timestamp(i).replace('T', ' '), 0, 19).append("\",\n")
          .append("      \"sourceip\": \"10.0.1.23\",\n")
          .append("      \"destinationip\": \"10.0.1.23\",\n")
          .append("      \"username\": ");
      appendJsonString(out, event.user());
      out.append(",\n      \"EventName\": \"Process Created\",\n")
          .append("      \"Category\": \"Process Creation Success\",\n")
          .append("      \"processname\": ");
      appendJsonString(out, event.processName());
      out.append(",\n      \"CommandLine\": ");
      appendJsonString(out, event.commandLine());
      out.append(",\n      \"LogSource\": ");
      appendJsonString(out, "Linux OS @ " + event.host());
      out.append(",\n      \"magnitude\": 3\n    }")
          .append(i + 1 < events.size() ? ",\n" : "\n");
    }
    out.append("  ]\n}\n");
  }
}

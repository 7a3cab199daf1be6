package io.github.imdsdetect.generators;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders Falco alerts of two custom audit rules, one for process starts and one for outbound
 * connections, so that benign events have alerts too. Falco's {@code proc.name} is the kernel's
 * 15-byte comm and {@code proc.cmdline} is the name followed by the arguments, unquoted.
 */
final class FalcoRecords {
  private static final String PROCESS_RULE = "Audit Process Start";
  private static final String CONNECTION_RULE = "Audit Outbound Connection";

  private FalcoRecords() {}

  static String render(LabelledEvent labelled, RecordContext context) {
    SimpleEvent event = labelled.event();
    boolean process = labelled.carrier() == Carrier.COMMAND_LINE;
    String name = RecordText.kernelComm(event.processName() == null
        ? RecordText.baseName(event.processExecutable().toString())
        : event.processName().toString());
    String commandLine = process ? commandLine(name, labelled.arguments()) : null;
    String fdName = process ? null : fdName(event, context);
    String rule = process ? PROCESS_RULE : CONNECTION_RULE;
    String time = context.time().toString();
    String output = time.substring(11, time.length() - 1) + ": Notice " + rule + " | process="
        + name + " exe=" + event.processExecutable()
        + (process ? " command=" + commandLine : " connection=" + fdName)
        + " user=" + event.user();

    return RecordText.json(json -> {
      json.writeStartObject();
      RecordText.field(json, "hostname", event.host());
      json.writeStringField("output", output);

      json.writeObjectFieldStart("output_fields");
      json.writeNumberField("evt.time", context.time().toEpochMilli() * 1_000_000L);
      json.writeStringField("evt.type", process ? "execve" : "connect");
      if (fdName != null) {
        fd(json, fdName, event.destinationAddress().toString(), event.destinationPort());
      }
      json.writeStringField("proc.name", name);
      RecordText.field(json, "proc.exepath", event.processExecutable());
      RecordText.field(json, "proc.cmdline", commandLine);
      RecordText.field(json, "proc.pexepath", event.parentProcessExecutable());
      RecordText.field(json, "proc.pname", event.parentProcessName());
      json.writeNumberField("proc.pid", context.pid());
      RecordText.field(json, "user.name", event.user());
      json.writeEndObject();

      json.writeStringField("priority", "Notice");
      json.writeStringField("rule", rule);
      json.writeStringField("source", "syscall");
      RecordText.stringArray(json, "tags", List.of("audit", process ? "process" : "network"));
      json.writeStringField("time", time);
      json.writeEndObject();
    });
  }

  private static String commandLine(String name, List<String> arguments) {
    List<String> words = new ArrayList<>(arguments);
    words.set(0, name);
    return String.join(" ", words);
  }

  /** Returns libsinsp's {@code client:port->server:port}, IPv6 without brackets. */
  private static String fdName(SimpleEvent event, RecordContext context) {
    String destination = event.destinationAddress().toString();
    String source = destination.indexOf(':') >= 0 ? "fd00:ec2::10" : context.sourceAddress();
    return source + ":" + context.sourcePort() + "->" + destination + ":"
        + event.destinationPort();
  }

  private static void fd(JsonGenerator json, String fdName, String destination, int port)
      throws IOException {
    json.writeStringField("fd.name", fdName);
    json.writeStringField("fd.type", destination.indexOf(':') >= 0 ? "ipv6" : "ipv4");
    json.writeStringField("fd.l4proto", "tcp");
    json.writeNumberField("fd.rport", port);
  }
}

package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.RecordText.csv;

import io.github.imdsdetect.core.SimpleEvent;

/**
 * Renders rows of a QRadar Ariel search export with the output columns of the reference AQL
 * query for T1552.005, plus {@code processpath} and {@code destinationport}.
 */
final class QradarRecords {
  static final String HEADER =
      "EventTime,sourceip,destinationip,destinationport,username,EventName,Category,processname,"
          + "processpath,CommandLine,LogSource,magnitude";

  private QradarRecords() {}

  static String render(LabelledEvent labelled, RecordContext context) {
    SimpleEvent event = labelled.event();
    boolean process = labelled.carrier() == Carrier.COMMAND_LINE;
    String executable = event.processExecutable() == null ? null : event.processExecutable().toString();
    boolean windows = executable != null && executable.startsWith("C:");
    String host = String.valueOf(event.host());
    String destination = process ? context.sourceAddress() : event.destinationAddress().toString();
    String port = process ? "" : Integer.toString(event.destinationPort());
    return String.join(",",
        csv(context.time().toString().substring(0, 19).replace('T', ' ')),
        csv(context.sourceAddress()),
        csv(destination),
        csv(port),
        csv(event.user()),
        csv(process ? "Process Created" : "Network Connection Detected"),
        csv(process ? "Process Creation Success" : "Connection Opened"),
        csv(event.processName()),
        csv(executable),
        csv(event.commandLine()),
        csv((windows ? "WindowsAuthServer @ " : "Linux OS @ ") + host),
        "3");
  }
}

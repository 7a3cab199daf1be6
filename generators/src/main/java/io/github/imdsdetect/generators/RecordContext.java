package io.github.imdsdetect.generators;

import java.time.Instant;
import java.util.Map;

/**
 * The details a record has that the event does not: process ids, audit serial, source address
 * and port. All derive from the event's sequence number, so that a dataset is the same on every
 * run.
 *
 * @param time the event time
 * @param sequence the event's 0-based position in its dataset
 * @param pid the process id
 * @param parentPid the parent process id
 * @param sourceAddress the address of the host that recorded the event, or of the client of an
 *     SSRF request
 * @param sourcePort the client port
 */
record RecordContext(
    Instant time, int sequence, int pid, int parentPid, String sourceAddress, int sourcePort) {

  /** Host addresses of the generator's host names; other hosts get {@code 10.0.9.9}. */
  private static final Map<String, String> HOST_ADDRESSES =
      Map.of(
          "ip-10-0-1-23", "10.0.1.23",
          "gce-web-1", "10.128.0.7",
          "vm-app-01", "10.1.0.4",
          "ecs-task-7f3a", "10.0.5.14",
          "WEB01", "10.0.8.20",
          "EC2AMAZ-4H7K2PQ", "10.0.8.21");

  static RecordContext of(LabelledEvent labelled, int sequence) {
    CharSequence time = labelled.event().time();
    Instant instant = time == null ? Instant.EPOCH : Instant.parse(time);
    int pid = 1000 + (int) ((sequence * 7919L) % 60000);
    int parentPid = Math.max(2, pid - 1 - sequence % 50);
    String source = labelled.carrier() == Carrier.URL_QUERY_PARAMETER
        ? "203.0.113.45"
        : HOST_ADDRESSES.getOrDefault(String.valueOf(labelled.event().host()), "10.0.9.9");
    int port = 32768 + (int) ((sequence * 104729L) % 28000);
    return new RecordContext(instant, sequence, pid, parentPid, source, port);
  }

  /** Returns the audit event serial number. */
  long auditSerial() {
    return 4000L + sequence;
  }

  /** Returns the time as seconds with milliseconds, as auditd writes it. */
  String epochSecondsMillis() {
    long millis = time.toEpochMilli();
    return (millis / 1000) + "." + String.format(java.util.Locale.ROOT, "%03d", millis % 1000);
  }
}

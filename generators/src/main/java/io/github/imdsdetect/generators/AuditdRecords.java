package io.github.imdsdetect.generators;

import io.github.imdsdetect.core.SimpleEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Renders Linux audit records as the kernel's audit subsystem writes them on x86-64 with the
 * rules {@code -a always,exit -F arch=b64 -S execve -k exec} and
 * {@code -a always,exit -F arch=b64 -S connect -k network_connect}.
 */
final class AuditdRecords {
  /** The kernel cuts PROCTITLE at 128 bytes (MAX_PROCTITLE_AUDIT_LEN). */
  private static final int MAX_PROCTITLE_BYTES = 128;

  private AuditdRecords() {}

  static String render(LabelledEvent labelled, RecordContext context) {
    SimpleEvent event = labelled.event();
    String stamp = "msg=audit(" + context.epochSecondsMillis() + ":" + context.auditSerial() + "):";
    String executable = event.processExecutable().toString();
    String comm = RecordText.kernelComm(event.processName() == null
        ? RecordText.baseName(executable) : event.processName().toString());
    boolean process = labelled.carrier() == Carrier.COMMAND_LINE;
    List<String> arguments = process ? labelled.arguments() : List.of(executable);
    StringBuilder out = new StringBuilder();
    if (process) {
      out.append("type=SYSCALL ").append(stamp)
          .append(" arch=c000003e syscall=59 success=yes exit=0 a0=55d4c5e0a6f0 a1=55d4c5e0b210")
          .append(" a2=55d4c5df3e40 a3=8 items=2");
      ids(out, labelled, context, comm, executable, "exec");
      out.append("\ntype=EXECVE ").append(stamp).append(" argc=").append(arguments.size());
      for (int i = 0; i < arguments.size(); i++) {
        out.append(" a").append(i).append('=').append(RecordText.auditString(arguments.get(i)));
      }
    } else {
      String destination = event.destinationAddress().toString();
      byte[] saddr = sockaddr(destination, event.destinationPort());
      out.append("type=SYSCALL ").append(stamp)
          .append(" arch=c000003e syscall=42 success=no exit=-115 a0=3 a1=55d4c6a1b2c8 a2=")
          .append(Integer.toHexString(saddr.length)).append(" a3=0 items=0");
      ids(out, labelled, context, comm, executable, "network_connect");
      out.append("\ntype=SOCKADDR ").append(stamp).append(" saddr=").append(RecordText.hex(saddr));
    }
    out.append("\ntype=PROCTITLE ").append(stamp).append(" proctitle=").append(proctitle(arguments));
    return out.toString();
  }

  private static void ids(
      StringBuilder out, LabelledEvent labelled, RecordContext context, String comm,
      String executable, String key) {
    String user = labelled.event().user() == null ? "" : labelled.event().user().toString();
    int uid = user.equals("root") ? 0 : user.equals("www-data") ? 33 : 1000;
    out.append(" ppid=").append(context.parentPid()).append(" pid=").append(context.pid())
        .append(" auid=").append(uid == 0 ? 4294967295L : uid).append(" uid=").append(uid)
        .append(" gid=").append(uid).append(" euid=").append(uid).append(" suid=").append(uid)
        .append(" fsuid=").append(uid).append(" egid=").append(uid).append(" sgid=").append(uid)
        .append(" fsgid=").append(uid).append(" tty=(none) ses=4294967295 comm=")
        .append(RecordText.auditString(comm)).append(" exe=")
        .append(RecordText.auditString(executable)).append(" subj=unconfined key=\"")
        .append(key).append('"');
  }

  /** Returns the arguments joined by NUL bytes, cut to 128 bytes, as auditd encodes them. */
  private static String proctitle(List<String> arguments) {
    byte[] joined = String.join("\0", arguments).getBytes(StandardCharsets.UTF_8);
    byte[] cut = Arrays.copyOf(joined, Math.min(joined.length, MAX_PROCTITLE_BYTES));
    return RecordText.auditString(new String(cut, StandardCharsets.UTF_8));
  }

  /**
   * Returns a struct sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes) in x86-64 byte order:
   * family little-endian, port and address big-endian, scope id little-endian.
   */
  static byte[] sockaddr(String address, int port) {
    byte[] ip = IpLiteral.parse(address);
    int effectivePort = Math.max(port, 0);
    if (ip.length == 4) {
      byte[] out = new byte[16];
      out[0] = 2;
      out[2] = (byte) (effectivePort >>> 8);
      out[3] = (byte) effectivePort;
      System.arraycopy(ip, 0, out, 4, 4);
      return out;
    }
    byte[] out = new byte[28];
    out[0] = 10;
    out[2] = (byte) (effectivePort >>> 8);
    out[3] = (byte) effectivePort;
    System.arraycopy(ip, 0, out, 8, 16);
    String zone = IpLiteral.zone(address);
    if (zone != null) {
      // An interface name would need the host's interface table; index 2 is the first NIC.
      int scope = zone.chars().allMatch(Character::isDigit) ? Integer.parseInt(zone) : 2;
      out[24] = (byte) scope;
      out[25] = (byte) (scope >>> 8);
    }
    return out;
  }
}

package io.github.imdsdetect.auditd;

import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.auditd.SocketAddresses.Destination;
import io.github.imdsdetect.core.EventOrigin;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The records read so far of one audit event, merged into event fields. Each field value is cut
 * to the field cap as it arrives, so an open event contains a bounded amount of text.
 */
final class OpenEvent {
  /**
   * Record types that the kernel writes after the SYSCALL record of a system call, or the URINGOP
   * record of an io_uring operation, in {@code audit_log_exit()} of the Linux kernel's {@code
   * kernel/auditsc.c}. An event with one of them and neither SYSCALL nor URINGOP lost its first
   * record.
   */
  private static final Set<String> SYSCALL_RECORD_TYPES =
      Set.of(
          "EXECVE",
          "CWD",
          "PATH",
          "PROCTITLE",
          "SOCKADDR",
          "SOCKETCALL",
          "FD_PAIR",
          "OBJ_PID",
          "BPRM_FCAPS",
          "CAPSET",
          "MMAP",
          "OPENAT2",
          "IPC",
          "IPC_SET_PERM",
          "MQ_OPEN",
          "MQ_SENDRECV",
          "MQ_NOTIFY",
          "MQ_GETSETATTR",
          "KERN_MODULE",
          "TIME_ADJNTPVAL",
          "TIME_INJOFFSET");

  private final long firstLine;
  private final String time;
  private final int maxFieldChars;
  private final ParseSink sink;

  private String node;
  private String hostname;
  private boolean processFromSyscall;
  private String comm;
  private String exe;
  private String uid;
  private String auid;
  private String uidName;
  private String auidName;
  private String proctitle;
  private Destination destination;
  private ExecveArguments arguments;
  private long argumentsCutLine;
  private long lines;
  private boolean hasSyscallRecord;

  /** Types from {@link #SYSCALL_RECORD_TYPES} that this event has, in the order first read. */
  private final Set<String> syscallRecordTypes = new LinkedHashSet<>();

  /**
   * Starts an event at its first record.
   *
   * @param first the event's first record
   * @param firstLine the 1-based line number of that record
   * @param maxFieldChars the field cap
   * @param sink receives notices of cut values
   */
  OpenEvent(AuditRecord first, long firstLine, int maxFieldChars, ParseSink sink) {
    this.firstLine = firstLine;
    this.time = first.raw().isoTime();
    this.maxFieldChars = maxFieldChars;
    this.sink = sink;
  }

  /** Counts one more line of this event whose record adds no field, such as its EOE record. */
  void addLine() {
    lines++;
  }

  /** Returns the number of lines of this event's records. */
  long lines() {
    return lines;
  }

  /** Returns the 1-based line number of this event's first record. */
  long firstLine() {
    return firstLine;
  }

  /**
   * Returns why this event is incomplete, or null when it is complete. An event is incomplete when
   * it has records of a system call but neither the SYSCALL nor the URINGOP record that the
   * kernel writes first.
   */
  String missingSyscallRecord() {
    if (hasSyscallRecord || syscallRecordTypes.isEmpty()) {
      return null;
    }
    return String.join(", ", syscallRecordTypes) + " records without their SYSCALL record";
  }

  /** Merges one record of this event, read on {@code line}. */
  /** Returns an estimate of the chars this event holds, for the open events' memory budget. */
  long heldChars() {
    return length(node) + length(hostname) + length(comm) + length(exe) + length(uid)
        + length(auid) + length(uidName) + length(auidName) + length(proctitle)
        + (arguments == null ? 0 : arguments.keptBytes());
  }

  private static int length(String value) {
    return value == null ? 0 : value.length();
  }

  void add(AuditRecord record, long line) {
    lines++;
    String type = record.type();
    if (type.equals("SYSCALL") || type.equals("URINGOP")) {
      hasSyscallRecord = true;
    } else if (SYSCALL_RECORD_TYPES.contains(type)) {
      syscallRecordTypes.add(type);
    }
    if (node == null) {
      node = cap(record.raw().node(), "host.name", line);
    }
    if (hostname == null) {
      hostname = cap(record.hostname(), "host.name", line);
    }
    addProcess(record, line);
    if (proctitle == null) {
      proctitle = cap(record.proctitle(), "process.command_line", line);
    }
    // NOTE: every AF_INET or AF_INET6 SOCKADDR becomes the destination, although for bind,
    // accept and recvfrom the kernel logs the local or the peer address, not a destination.
    if (destination == null) {
      destination = record.destination();
    }
    if (!record.argumentPieces().isEmpty()) {
      if (arguments == null) {
        arguments = new ExecveArguments(maxFieldChars);
      }
      for (ExecveArguments.Piece piece : record.argumentPieces()) {
        boolean wasTruncated = arguments.truncated();
        arguments.add(piece);
        if (!wasTruncated && arguments.truncated()) {
          argumentsCutLine = line;
        }
      }
    }
  }

  /**
   * Takes the process fields from the SYSCALL record when the event has one. Other records, such
   * as AVC, SECCOMP or the user-space records of sshd and crond, fill only fields still missing.
   */
  private void addProcess(AuditRecord record, long line) {
    boolean syscall = record.type().equals("SYSCALL");
    if (processFromSyscall && !syscall) {
      return;
    }
    if (syscall && !processFromSyscall) {
      processFromSyscall = true;
      comm = null;
      exe = null;
      uid = null;
      auid = null;
      uidName = null;
      auidName = null;
    }
    if (comm == null) {
      comm = cap(record.comm(), "process.name", line);
    }
    if (exe == null) {
      exe = cap(record.exe(), "process.executable", line);
    }
    if (uid == null) {
      uid = cap(record.uid(), "user.name", line);
    }
    if (auid == null) {
      auid = cap(record.auid(), "user.name", line);
    }
    if (uidName == null) {
      uidName = cap(record.uidName(), "user.name", line);
    }
    if (auidName == null) {
      auidName = cap(record.auidName(), "user.name", line);
    }
  }

  /** Returns the finished event and reports a command line cut by the field cap. */
  AuditdEvent complete(String source) {
    String commandLine = proctitle;
    if (arguments != null) {
      commandLine = arguments.commandLine();
      if (arguments.truncated()) {
        sink.truncated(argumentsCutLine, "process.command_line", arguments.totalBytes());
      }
    }
    return new AuditdEvent(
        time,
        node != null ? node : hostname,
        user(),
        comm,
        exe,
        commandLine,
        destination == null ? null : destination.address(),
        destination == null ? -1 : destination.port(),
        new EventOrigin(source, firstLine));
  }

  private String user() {
    if (!AuditValues.isUnsetId(uidName)) {
      return uidName;
    }
    if (!AuditValues.isUnsetId(uid)) {
      return uid;
    }
    if (!AuditValues.isUnsetId(auidName)) {
      return auidName;
    }
    if (!AuditValues.isUnsetId(auid)) {
      return auid;
    }
    return null;
  }

  private String cap(String value, String fieldName, long line) {
    if (value == null || value.length() <= maxFieldChars) {
      return value;
    }
    sink.truncated(line, fieldName, value.length());
    int end = maxFieldChars;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // keep the text valid UTF-16
    }
    return value.substring(0, end);
  }
}

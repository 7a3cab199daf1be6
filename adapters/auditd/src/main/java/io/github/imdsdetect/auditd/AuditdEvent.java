package io.github.imdsdetect.auditd;

import io.github.imdsdetect.core.Event;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.Field;

/** One audit event, made of the records that share a timestamp and serial number. Immutable. */
final class AuditdEvent implements Event {
  private final String time;
  private final String host;
  private final String user;
  private final String processName;
  private final String processExecutable;
  private final String commandLine;
  private final String destinationAddress;
  private final int destinationPort;
  private final EventOrigin origin;

  AuditdEvent(
      String time,
      String host,
      String user,
      String processName,
      String processExecutable,
      String commandLine,
      String destinationAddress,
      int destinationPort,
      EventOrigin origin) {
    this.time = time;
    this.host = host;
    this.user = user;
    this.processName = processName;
    this.processExecutable = processExecutable;
    this.commandLine = commandLine;
    this.destinationAddress = destinationAddress;
    this.destinationPort = destinationPort;
    this.origin = origin;
  }

  /** Returns the audit timestamp as ISO-8601 UTC text, such as {@code 2017-04-12T22:48:09.295Z}. */
  @Override
  public CharSequence time() {
    return time;
  }

  /** Returns the {@code node=} name, or a top-level {@code hostname=} field. */
  @Override
  public CharSequence host() {
    return host;
  }

  /**
   * Returns the user the process ran as: the enriched {@code UID=} name, else the numeric {@code
   * uid=}, else the login user ({@code AUID=} name, then {@code auid=}) when uid is missing or
   * unset.
   */
  @Override
  public CharSequence user() {
    return user;
  }

  /** Returns the {@code comm=} value: the kernel's task name, cut to 15 bytes by the kernel. */
  @Override
  public CharSequence processName() {
    return processName;
  }

  /** Returns the {@code exe=} value. */
  @Override
  public CharSequence processExecutable() {
    return processExecutable;
  }

  /**
   * Returns the EXECVE arguments joined by spaces, or else the PROCTITLE, which the kernel cuts at
   * 128 bytes.
   */
  @Override
  public CharSequence commandLine() {
    return commandLine;
  }

  /** Returns the IP address of the first AF_INET or AF_INET6 SOCKADDR record. */
  @Override
  public CharSequence destinationAddress() {
    return destinationAddress;
  }

  @Override
  public int destinationPort() {
    return destinationPort;
  }

  @Override
  public EventOrigin origin() {
    return origin;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("AuditdEvent{origin=").append(origin);
    for (Field field : Field.values()) {
      CharSequence value = get(field);
      if (value != null) {
        text.append(", ").append(field.fieldName()).append('=').append(value);
      }
    }
    return text.append('}').toString();
  }
}

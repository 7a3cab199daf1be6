package io.github.imdsdetect.windows;

import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.core.EventOrigin;
import io.github.imdsdetect.core.SimpleEvent;
import io.github.imdsdetect.sysmon.WindowsEventRecord;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules for Windows Security log records: which records are process creation (event ID 4688)
 * or outbound permitted connection (5156) events, and how they map onto an {@link
 * io.github.imdsdetect.core.Event}. Every input shape goes through these rules.
 */
final class SecurityEventMapping {
  static final int PROCESS_CREATION = 4688;
  static final int CONNECTION_PERMITTED = 5156;

  /** Event data names that the mapping reads. Values under other names are not kept. */
  static final Set<String> DATA_NAMES =
      Set.of(
          "NewProcessName",
          "CommandLine",
          "ParentProcessName",
          "SubjectUserName",
          "SubjectDomainName",
          "TargetUserName",
          "TargetDomainName",
          "Application",
          "DestAddress",
          "DestPort",
          "Direction");

  /**
   * ECS fields that Winlogbeat and Elastic Agent pipelines may add, read only when the event data
   * lacks the value.
   */
  private static final Map<String, String[]> ECS_FALLBACKS =
      Map.of(
          "NewProcessName", new String[] {"process.executable"},
          "CommandLine", new String[] {"process.command_line"},
          "ParentProcessName", new String[] {"process.parent.executable"},
          "Application", new String[] {"process.executable"},
          "DestAddress", new String[] {"destination.ip"},
          "DestPort", new String[] {"destination.port"},
          "Direction", new String[] {"network.direction"});

  private static final String CHANNEL = "Security";
  private static final String PROVIDER = "Microsoft-Windows-Security-Auditing";
  private static final String PROVIDER_GUID = "54849625-5478-4994-A5BA-3E3B0328C30D";

  /**
   * Message-table references that Windows stores in the {@code Direction} value of 5156: {@code
   * %%14592} renders as "Inbound" and {@code %%14593} as "Outbound".
   */
  private static final String INBOUND_REFERENCE = "%%14592";

  private static final String OUTBOUND_REFERENCE = "%%14593";

  /** Direction of a 5156 connection, as seen from the host that logged it. */
  enum Direction {
    OUTBOUND,
    INBOUND,
    UNKNOWN
  }

  private SecurityEventMapping() {}

  /**
   * Returns whether the record comes from the Security log, judged by its channel (in any case),
   * provider name or provider GUID.
   */
  static boolean isSecurity(WindowsEventRecord record) {
    return CHANNEL.equalsIgnoreCase(trimmed(record.channel()))
        || PROVIDER.equalsIgnoreCase(trimmed(record.provider()))
        || record.hasProviderGuid(PROVIDER_GUID);
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  /**
   * Decides from a record's header whether it may become an event: a Security record with event
   * ID 4688 or 5156 may. Any other record goes to {@link ParseSink#ignored} with a kind such as
   * {@code Security event 4624} or {@code Microsoft-Windows-Sysmon/Operational event 3}.
   */
  static boolean accept(WindowsEventRecord header, ParseSink sink) {
    int id = header.eventId();
    if (!isSecurity(header)) {
      sink.ignored(header.line(), header.sourceName() + " event " + id);
      return false;
    }
    if (id != PROCESS_CREATION && id != CONNECTION_PERMITTED) {
      sink.ignored(header.line(), "Security event " + id);
      return false;
    }
    return true;
  }

  /**
   * Delivers an accepted record to {@code sink}: a 4688 and an outbound 5156 as events, a 5156
   * of any other direction as ignored, with kind {@code Security event 5156 inbound} or {@code
   * Security event 5156 with unknown direction}. A {@code DOMAIN\name} user is cut to {@code
   * maxFieldChars} and the cut reported to {@code sink}.
   */
  static void map(WindowsEventRecord record, String source, int maxFieldChars, ParseSink sink) {
    if (record.eventId() == PROCESS_CREATION) {
      sink.event(processCreation(record, source, maxFieldChars, sink));
      return;
    }
    switch (direction(value(record, "Direction"))) {
      case OUTBOUND:
        sink.event(connection(record, source));
        break;
      case INBOUND:
        // For an inbound connection DestAddress and DestPort are this host's listening end and
        // SourceAddress is the remote end, as in the Mordor samples' inbound DNS and SMB
        // records, so the record holds no connection to a destination.
        sink.ignored(record.line(), "Security event 5156 inbound");
        break;
      default:
        // NOTE: a 5156 whose collector dropped or renamed the Direction value is not mapped,
        // because DestAddress is the remote end only for an outbound connection.
        sink.ignored(record.line(), "Security event 5156 with unknown direction");
        break;
    }
  }

  /**
   * Returns the direction that a 5156 {@code Direction} value names: the message-table reference
   * that Windows stores, the English text it renders to, or the ECS {@code network.direction}
   * values, compared without regard to case.
   */
  static Direction direction(String value) {
    if (value == null) {
      return Direction.UNKNOWN;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case OUTBOUND_REFERENCE:
      case "outbound":
      case "egress":
        return Direction.OUTBOUND;
      case INBOUND_REFERENCE:
      case "inbound":
      case "ingress":
        return Direction.INBOUND;
      default:
        return Direction.UNKNOWN;
    }
  }

  /**
   * Maps a 4688. According to Microsoft's page "4688(S): A new process has been created",
   * {@code CommandLine} is written from event version 1 (Windows 8.1, Server 2012 R2) and only
   * while the "Include command line in process creation events" policy is on, and {@code
   * ParentProcessName} from version 2 (Windows 10).
   */
  private static SimpleEvent processCreation(
      WindowsEventRecord record, String source, int maxFieldChars, ParseSink sink) {
    String executable = value(record, "NewProcessName");
    String parent = value(record, "ParentProcessName");
    return SimpleEvent.builder()
        .origin(new EventOrigin(source, record.line()))
        .time(record.systemTime())
        .host(record.computer())
        .user(user(record, maxFieldChars, sink))
        .processExecutable(executable)
        .processName(WindowsEventRecord.fileName(executable))
        .commandLine(value(record, "CommandLine"))
        .parentProcessExecutable(parent)
        .parentProcessName(WindowsEventRecord.fileName(parent))
        .build();
  }

  /**
   * Maps an outbound 5156. {@code Application} is an NT device path such as {@code
   * \device\harddiskvolume2\windows\system32\curl.exe}, passed on unchanged.
   */
  private static SimpleEvent connection(WindowsEventRecord record, String source) {
    String application = value(record, "Application");
    return SimpleEvent.builder()
        .origin(new EventOrigin(source, record.line()))
        .time(record.systemTime())
        .host(record.computer())
        .processExecutable(application)
        .processName(WindowsEventRecord.fileName(application))
        .destinationAddress(value(record, "DestAddress"))
        .destinationPort(WindowsEventRecord.port(value(record, "DestPort")))
        .build();
  }

  /**
   * Returns the account of a 4688 as {@code DOMAIN\name}, or {@code name} without a domain. The
   * target account (the new process's account, {@code TargetUserName}) is used when it is set,
   * else the creator ({@code SubjectUserName}), else ECS {@code user.domain} and {@code
   * user.name}. Windows writes {@code -} for an empty name or domain.
   */
  private static String user(WindowsEventRecord record, int maxFieldChars, ParseSink sink) {
    String target =
        account(record.data("TargetDomainName"), record.data("TargetUserName"), record,
            maxFieldChars, sink);
    if (target != null) {
      return target;
    }
    String subject =
        account(record.data("SubjectDomainName"), record.data("SubjectUserName"), record,
            maxFieldChars, sink);
    if (subject != null) {
      return subject;
    }
    return account(record.jsonValue("user.domain"), record.jsonValue("user.name"), record,
        maxFieldChars, sink);
  }

  private static String account(
      String domain, String name, WindowsEventRecord record, int maxFieldChars, ParseSink sink) {
    if (isEmpty(name)) {
      return null;
    }
    return isEmpty(domain)
        ? name
        : WindowsEventRecord.account(domain, name, record.line(), maxFieldChars, sink);
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isBlank() || value.trim().equals("-");
  }

  /** Returns the event data value under {@code name}, else its ECS fallback, or null. */
  private static String value(WindowsEventRecord record, String name) {
    String value = record.data(name);
    String[] fallbacks = ECS_FALLBACKS.get(name);
    if (value == null && fallbacks != null) {
      value = record.jsonValue(fallbacks);
    }
    return value;
  }
}

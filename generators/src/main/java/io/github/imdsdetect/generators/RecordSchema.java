package io.github.imdsdetect.generators;

import java.util.Objects;

/**
 * The log schemas that a {@link LabelledEvent} can be rendered in, one file each in a dataset.
 * Each schema renders only the events that its records can carry without changing the verdict,
 * and {@link #supports} says which. An auditd log has no DNS lookups and a Zeek http.log no
 * request headers. A web server's access log only records SSRF payloads in requests to the
 * server.
 *
 * <p>The records follow the shapes of the samples under {@code samples/} and the fields that the
 * project's adapters read. They are constructed text: ids, process numbers, addresses and
 * timestamps are made up and consistent only within one record.
 */
public enum RecordSchema {
  /**
   * Linux audit log: for a process start, SYSCALL (execve), EXECVE and PROCTITLE records; for a
   * connection, SYSCALL (connect), SOCKADDR with the hex {@code saddr} and PROCTITLE. Several
   * lines per event. Linux processes with a known executable only, and no parent executable,
   * which auditd does not record.
   */
  AUDITD("auditd.log"),
  /** Elastic Common Schema documents, one JSON object per line. Every event. */
  ECS("ecs.ndjson"),
  /**
   * Sysmon events as NXLog's im_msvistalog writes them: one JSON object per line with the event
   * data names at the top level. Process starts (event 1), connections (3) and DNS queries (22)
   * of a process with a known image.
   */
  SYSMON_NXLOG_JSON("sysmon_nxlog.ndjson"),
  /** The same Sysmon events as rendered event XML, one {@code <Event>} element per line. */
  SYSMON_XML("sysmon_events.xml"),
  /**
   * QRadar Ariel search results as CSV with the reference AQL query's columns, plus the process
   * path and destination port. A header line, then one row per event. Process starts and
   * connections without a parent executable.
   */
  QRADAR_CSV("qradar.csv"),
  /** Zeek http.log in JSON, one request per line. HTTP requests without request headers. */
  ZEEK_HTTP_JSON("zeek_http.ndjson"),
  /**
   * Apache or nginx Combined log format, one request per line. Only SSRF payloads in a query
   * parameter, because the log records requests to the server itself.
   */
  COMBINED_ACCESS_LOG("access_combined.log"),
  /**
   * Falco alerts in JSON, one per line, of a custom rule that reports every process start and
   * outbound connection. Linux processes with a known executable.
   */
  FALCO_JSON("falco.ndjson"),
  /**
   * OCSF 1.1 events, one JSON object per line: Process Activity, Network Activity, DNS Activity
   * and HTTP Activity. Every event.
   */
  OCSF_JSON("ocsf.ndjson");

  private final String fileName;

  RecordSchema(String fileName) {
    this.fileName = fileName;
  }

  /**
   * Returns the file name of this schema in a dataset.
   *
   * @return the file name, such as {@code ecs.ndjson}
   */
  public String fileName() {
    return fileName;
  }

  /**
   * Returns whether each record is one JSON object on one line.
   *
   * @return true when the file name ends with {@code .ndjson}
   */
  public boolean isJsonLines() {
    return fileName.endsWith(".ndjson");
  }

  /**
   * Returns the line that starts a file of this schema.
   *
   * @return the CSV header line for {@link #QRADAR_CSV}, otherwise null
   */
  public String header() {
    return this == QRADAR_CSV ? QradarRecords.HEADER : null;
  }

  /**
   * Returns whether a record of this schema can carry {@code labelled} so that the default rule
   * set reaches the same verdict on the record as on the event.
   *
   * @param labelled the event to check
   * @return true if {@link #render} accepts the event
   * @throws NullPointerException if {@code labelled} is null
   */
  public boolean supports(LabelledEvent labelled) {
    Objects.requireNonNull(labelled, "labelled");
    Carrier carrier = labelled.carrier();
    switch (this) {
      case AUDITD:
        return isProcessOrConnection(carrier) && hasLinuxExecutable(labelled)
            && labelled.event().parentProcessExecutable() == null;
      case FALCO_JSON:
        return isProcessOrConnection(carrier) && hasLinuxExecutable(labelled);
      case QRADAR_CSV:
        return isProcessOrConnection(carrier)
            && labelled.event().parentProcessExecutable() == null;
      case SYSMON_NXLOG_JSON:
      case SYSMON_XML:
        return !carrier.isHttp() && SysmonRecords.hasImage(labelled)
            && (carrier == Carrier.COMMAND_LINE
                || labelled.event().parentProcessExecutable() == null);
      case ZEEK_HTTP_JSON:
        return carrier.isHttp() && labelled.event().httpHeaders() == null;
      case COMBINED_ACCESS_LOG:
        return carrier == Carrier.URL_QUERY_PARAMETER && labelled.event().httpHeaders() == null;
      case ECS:
      case OCSF_JSON:
        return true;
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Renders {@code labelled} as one record. Multi-line records, of auditd, are joined by
   * {@code \n}; no record ends with a line break.
   *
   * @param labelled the event to render
   * @param sequence the event's 0-based position in its dataset, from which process ids, audit
   *     serials and ports derive
   * @return the record text
   * @throws IllegalArgumentException if this schema does not {@link #supports support} the event
   */
  public String render(LabelledEvent labelled, int sequence) {
    if (!supports(labelled)) {
      throw new IllegalArgumentException(
          this + " cannot carry " + labelled.carrier() + " event: " + labelled.description());
    }
    RecordContext context = RecordContext.of(labelled, sequence);
    switch (this) {
      case AUDITD:
        return AuditdRecords.render(labelled, context);
      case ECS:
        return EcsRecords.render(labelled, context);
      case SYSMON_NXLOG_JSON:
        return SysmonRecords.renderJson(labelled, context);
      case SYSMON_XML:
        return SysmonRecords.renderXml(labelled, context);
      case QRADAR_CSV:
        return QradarRecords.render(labelled, context);
      case ZEEK_HTTP_JSON:
        return WebRecords.renderZeek(labelled, context);
      case COMBINED_ACCESS_LOG:
        return WebRecords.renderCombined(labelled, context);
      case FALCO_JSON:
        return FalcoRecords.render(labelled, context);
      case OCSF_JSON:
        return OcsfRecords.render(labelled, context);
      default:
        throw new AssertionError(this);
    }
  }

  private static boolean isProcessOrConnection(Carrier carrier) {
    return carrier == Carrier.COMMAND_LINE || carrier == Carrier.DESTINATION_ADDRESS;
  }

  private static boolean hasLinuxExecutable(LabelledEvent labelled) {
    CharSequence executable = labelled.event().processExecutable();
    return executable != null && executable.length() > 0 && executable.charAt(0) == '/';
  }
}

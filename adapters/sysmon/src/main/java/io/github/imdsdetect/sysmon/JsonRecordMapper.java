package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.FlatRecord;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps flattened JSON records of the Windows event shapes onto {@link WindowsEventRecord}s:
 *
 * <ul>
 *   <li>NXLog {@code im_msvistalog} output as in the Mordor data sets: {@code EventID}, {@code
 *       Channel}, {@code Hostname} and the event data names at the top level
 *   <li>Winlogbeat and Elastic Agent: {@code winlog.event_id}, {@code winlog.channel}, {@code
 *       winlog.event_data.*}, nested or dotted, also under {@code _source} of an Elasticsearch hit;
 *       Winlogbeat 6 {@code event_data.*}
 *   <li>evtx_dump JSON: {@code Event.System.EventID}, {@code Event.EventData.*} and {@code
 *       #attributes}
 *   <li>Azure Log Analytics rows: the {@code WindowsEvent}, {@code Event} and {@code SecurityEvent}
 *       tables, whose {@code EventData} column is a JSON or XML string, and the {@code Syslog}
 *       table, whose {@code SyslogMessage} contains Sysmon for Linux event XML
 * </ul>
 *
 * <p>ECS fields that collectors add, such as {@code process.executable}, are not event data. A
 * handler reads them through {@link WindowsEventRecord#jsonValue}.
 *
 * <p>Not thread-safe: one mapper serves one parse.
 */
final class JsonRecordMapper {
  private static final String[] EVENT_ID_KEYS = {
    "EventID", "winlog.event_id", "Event.System.EventID", "Event.System.EventID.#text", "event_id"
  };
  private static final String[] CHANNEL_KEYS = {
    "Channel", "winlog.channel", "Event.System.Channel", "EventLog", "log_name"
  };
  private static final String[] PROVIDER_KEYS = {
    "SourceName",
    "Provider",
    "winlog.provider_name",
    "Event.System.Provider.#attributes.Name",
    "source_name",
    "ProviderName",
    "Source"
  };
  private static final String[] PROVIDER_GUID_KEYS = {
    "ProviderGuid",
    "winlog.provider_guid",
    "Event.System.Provider.#attributes.Guid",
    "provider_guid"
  };
  private static final String[] HOST_KEYS = {
    "Hostname",
    "Computer",
    "winlog.computer_name",
    "Event.System.Computer",
    "computer_name",
    "host.name",
    "host.hostname",
    "HostName"
  };
  private static final String[] TIME_KEYS = {
    "Event.System.TimeCreated.#attributes.SystemTime",
    "winlog.time_created",
    "TimeCreated",
    "@timestamp",
    "TimeGenerated",
    "EventTime"
  };

  /** Key prefixes of event data values in the shapes, tried in this order. */
  private static final String[] DATA_PREFIXES = {
    "winlog.event_data.", "event_data.", "Event.EventData.", "EventData.", ""
  };

  private final ParseLimits limits;
  private final ParseSink sink;
  private final EventDataJson eventDataJson;
  private final XmlEventReader xmlReader;
  private final Set<String> dataNames;
  private final Map<String, String[]> dataKeys;
  private final WindowsEventReader.RecordHandler handler;

  JsonRecordMapper(
      ParseLimits limits,
      ParseSink sink,
      XmlEventReader xmlReader,
      Set<String> dataNames,
      WindowsEventReader.RecordHandler handler) {
    this.limits = limits;
    this.sink = sink;
    this.eventDataJson = new EventDataJson(limits);
    this.xmlReader = xmlReader;
    this.dataNames = dataNames;
    this.dataKeys = dataKeys(dataNames);
    this.handler = handler;
  }

  /** Returns the candidate keys of each event data name, one per prefix in DATA_PREFIXES. */
  private static Map<String, String[]> dataKeys(Set<String> dataNames) {
    Map<String, String[]> keys = new HashMap<>();
    for (String name : dataNames) {
      String[] candidates = new String[DATA_PREFIXES.length];
      for (int i = 0; i < DATA_PREFIXES.length; i++) {
        candidates[i] = DATA_PREFIXES[i] + name;
      }
      keys.put(name, candidates);
    }
    return Map.copyOf(keys);
  }

  /** Maps one record and delivers it to the handler, or reports it to the sink. */
  void map(FlatRecord flat) {
    long line = flat.line();
    String eventId = eventId(flat);

    if (eventId == null) {
      String syslogMessage = first(flat, "SyslogMessage");
      if (syslogMessage != null) {
        mapSyslogRow(flat, syslogMessage);
      } else {
        sink.ignored(line, "JSON record without EventID");
      }
      return;
    }

    WindowsEventRecord record = new WindowsEventRecord(dataNames, line);
    record.eventIdText = eventId;
    record.channel = first(flat, CHANNEL_KEYS);
    record.provider = first(flat, PROVIDER_KEYS);
    record.providerGuid = first(flat, PROVIDER_GUID_KEYS);
    if (!record.parseEventId(sink) || !handler.accept(record)) {
      return;
    }

    record.computer = first(flat, HOST_KEYS);
    record.systemTime = first(flat, TIME_KEYS);
    if (!readEventDataString(flat, record)) {
      return;
    }

    for (String name : dataNames) {
      record.putData(name, first(flat, dataKeys.get(name)));
    }
    record.json = flat;
    handler.record(record);
  }

  /**
   * Returns the event ID. ECS {@code event.code} counts only in records that also carry a {@code
   * winlog} channel or provider, because other ECS sources use it for their own codes.
   */
  private static String eventId(FlatRecord flat) {
    String id = first(flat, EVENT_ID_KEYS);
    if (id == null && first(flat, "winlog.channel", "winlog.provider_name") != null) {
      id = first(flat, "event.code");
    }
    return id;
  }

  /**
   * Reads an {@code EventData} column that contains a JSON or XML string, as Azure Log Analytics
   * exports do.
   *
   * @return false when the string is invalid and the record was reported as skipped
   */
  private boolean readEventDataString(FlatRecord flat, WindowsEventRecord record) {
    String eventData = first(flat, "EventData");
    if (eventData == null) {
      return true;
    }
    String text = eventData.strip();
    String error;
    String format;
    if (text.startsWith("{")) {
      error = eventDataJson.read(text, record);
      format = "JSON";
    } else if (text.startsWith("<")) {
      error = xmlReader.readEventData(text, record, flat.line(), sink);
      format = "XML";
    } else {
      return true;
    }
    if (error == null) {
      return true;
    }
    if (eventData.length() >= limits.maxFieldChars()) {
      // JsonRecords cut the string at the field limit and reported the truncation, so the
      // values read before the cut still make an event.
      return true;
    }
    sink.skipped(flat.line(), "invalid EventData " + format + " string: " + error);
    return false;
  }

  /** Maps an Azure {@code Syslog} table row whose message may hold a Sysmon for Linux event. */
  private void mapSyslogRow(FlatRecord flat, String message) {
    long line = flat.line();
    int start = XmlEventScanner.findStart(message, 0);
    if (start < 0) {
      sink.ignored(line, "Syslog message without a Sysmon event");
      return;
    }
    int end = XmlEventScanner.findEnd(message, start);
    WindowsEventRecord record;
    if (end < 0) {
      // Syslog senders and relays cut messages longer than their size limit, so the values
      // before the cut are kept.
      sink.truncated(line, "SyslogMessage", -1);
      record = xmlReader.readCutEvent(message.substring(start), line, sink);
    } else {
      record = xmlReader.readEvent(message.substring(start, end), line, sink);
    }
    if (record != null && record.computer == null) {
      record.computer = first(flat, HOST_KEYS);
    }
    WindowsEventReader.deliver(record, sink, handler);
  }

  /**
   * Returns the first non-empty value among {@code keys}, each looked up as written and under
   * {@code _source.} as in an Elasticsearch hit, or null.
   */
  static String first(FlatRecord flat, String... keys) {
    for (String key : keys) {
      String value = flat.get(key);
      if (value == null) {
        value = flat.get("_source." + key);
      }
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }
}

package io.github.imdsdetect.windows;

import static io.github.imdsdetect.windows.CollectingSink.SYSMON_SAMPLES;
import static io.github.imdsdetect.windows.CollectingSink.WINDOWS_SAMPLES;
import static io.github.imdsdetect.windows.CollectingSink.parseFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the parser over the real Mordor files in {@code samples/sysmon}, which hold Security
 * events next to Sysmon events, and over the constructed files in {@code samples/windows}. The
 * expected counts come from reading each file with Python's json module, independently of this
 * parser: an event for every Security record with EventID 4688 and for every 5156 whose
 * Direction is {@code %%14593}, and an ignored record for every other line.
 */
class WindowsSecurityParserSamplesTest {
  private static final String IMDS = "169.254.169.254";
  private static final String SHARPSC = "mordor_covenant_sharpsc_query_dcerpc_smb_svcctl.json";
  private static final String PSREMOTING = "mordor_covenant_psremoting_grunt_lines2900-3650.json";
  private static final String BITSADMIN = "mordor_cmd_bitsadmin_download_psh_script.json";

  private static final String NETWORK_WATCHER =
      "\\device\\harddiskvolume2\\packages\\plugins\\microsoft.azure.networkwatcher"
          + ".networkwatcheragentwindows\\1.4.1587.1\\networkwatcheragent\\networkwatcheragent.exe";
  private static final String GUEST_AGENT =
      "\\device\\harddiskvolume2\\windowsazure\\packages\\guestagent\\windowsazureguestagent.exe";
  private static final String WINHUP =
      "\\device\\harddiskvolume2\\program files\\amazon\\cfn-bootstrap\\winhup.exe";

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  private static SimpleEvent only(List<SimpleEvent> events) {
    assertEquals(1, events.size(), () -> "events: " + events);
    return events.get(0);
  }

  private static List<Long> linesWithDestination(CollectingSink sink, String address) {
    return sink.events.stream()
        .filter(e -> address.equals(text(e.destinationAddress())))
        .map(e -> e.origin().line())
        .collect(Collectors.toList());
  }

  /** Returns every field of an event that has a value, as text. */
  static Map<Field, String> fieldsOf(SimpleEvent event) {
    Map<Field, String> fields = new EnumMap<>(Field.class);
    for (Field field : Field.values()) {
      CharSequence value = event.get(field);
      if (value != null) {
        fields.put(field, value.toString());
      }
    }
    return fields;
  }

  // --- Mordor covenant sharpsc: Azure agents ---------------------------------------------------

  @Test
  void sharpscCounts() {
    CollectingSink sink = parseFile(SYSMON_SAMPLES.resolve(SHARPSC));

    assertEquals(349, sink.lines);
    assertEquals(45, sink.events.size());
    assertEquals(304, sink.ignored.size());
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void sharpscIgnoredKinds() {
    Map<String, Long> kinds = parseFile(SYSMON_SAMPLES.resolve(SHARPSC)).ignoredKinds();

    assertEquals(10L, kinds.get("Security event 5156 inbound"));
    assertEquals(22L, kinds.get("Security event 5158"));
    assertEquals(5L, kinds.get("Security event 5157"));
    assertEquals(94L, kinds.get("Microsoft-Windows-Sysmon/Operational event 7"));
    assertEquals(12L, kinds.get("Microsoft-Windows-Sysmon/Operational event 3"));
    assertEquals(1L, kinds.get("Microsoft-Windows-TaskScheduler/Operational event 129"));
    assertEquals(26, kinds.size());
  }

  @Test
  void sharpscAgentConnections() {
    CollectingSink sink = parseFile(SYSMON_SAMPLES.resolve(SHARPSC));
    Map<Long, String> hosts = new LinkedHashMap<>();
    for (long line : List.of(1L, 2L, 22L, 23L, 47L, 48L, 64L, 65L, 111L, 115L, 116L, 168L, 169L,
        174L, 175L)) {
      hosts.put(line, "WORKSTATION5.theshire.local");
    }
    for (long line : List.of(4L, 5L, 32L, 34L, 49L, 50L, 67L, 68L, 117L, 118L, 170L, 171L, 177L,
        178L)) {
      hosts.put(line, "WORKSTATION6.theshire.local");
    }
    hosts.put(167L, "MORDORDC.theshire.local");

    assertEquals(
        hosts.keySet().stream().sorted().collect(Collectors.toList()),
        linesWithDestination(sink, IMDS));
    for (Map.Entry<Long, String> expected : hosts.entrySet()) {
      long line = expected.getKey();
      SimpleEvent event = only(sink.eventsAt(line));
      String application = line == 111 || line == 167 ? GUEST_AGENT : NETWORK_WATCHER;
      assertEquals(IMDS, text(event.destinationAddress()), "line " + line);
      assertEquals(80, event.destinationPort(), "line " + line);
      assertEquals(application, text(event.processExecutable()), "line " + line);
      assertEquals(
          application.substring(application.lastIndexOf('\\') + 1),
          text(event.processName()),
          "line " + line);
      assertEquals(expected.getValue(), text(event.host()), "line " + line);
      assertNull(event.user(), "line " + line);
      assertEquals(SHARPSC, event.origin().source());
    }
  }

  @Test
  void sharpscLine1Fields() {
    SimpleEvent event = only(parseFile(SYSMON_SAMPLES.resolve(SHARPSC)).eventsAt(1));

    assertEquals("2020-08-06T05:20:14.617Z", text(event.time()));
    assertEquals("networkwatcheragent.exe", text(event.processName()));
    assertNull(event.commandLine());
    assertNull(event.parentProcessName());
  }

  @Test
  void sharpscProcessCreation() {
    SimpleEvent event = only(parseFile(SYSMON_SAMPLES.resolve(SHARPSC)).eventsAt(256));

    assertEquals("C:\\Windows\\System32\\dsregcmd.exe", text(event.processExecutable()));
    assertEquals("dsregcmd.exe", text(event.processName()));
    assertEquals(
        "C:\\windows\\System32\\dsregcmd.exe $(Arg0) $(Arg1) $(Arg2)", text(event.commandLine()));
    assertEquals("C:\\Windows\\System32\\svchost.exe", text(event.parentProcessExecutable()));
    assertEquals("svchost.exe", text(event.parentProcessName()));
    assertEquals("THESHIRE\\MORDORDC$", text(event.user()));
    assertEquals("MORDORDC.theshire.local", text(event.host()));
    assertNull(event.destinationAddress());
    assertEquals(-1, event.destinationPort());
  }

  /** Line 23 of the psremoting file is an inbound DNS query to the domain controller. */
  @Test
  void inboundConnectionIgnored() {
    CollectingSink sink = parseFile(SYSMON_SAMPLES.resolve(PSREMOTING));

    assertEquals(List.of(), sink.eventsAt(23));
    assertEquals(
        List.of(new CollectingSink.Report(23, "Security event 5156 inbound")),
        sink.ignored.stream().filter(r -> r.line() == 23).collect(Collectors.toList()));
  }

  // --- Mordor covenant psremoting: AWS winhup.exe, lower-case channel --------------------------

  @Test
  void psremotingCounts() {
    CollectingSink sink = parseFile(SYSMON_SAMPLES.resolve(PSREMOTING));

    assertEquals(751, sink.lines);
    assertEquals(61, sink.events.size());
    assertEquals(690, sink.ignored.size());
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void psremotingIgnoredKinds() {
    Map<String, Long> kinds = parseFile(SYSMON_SAMPLES.resolve(PSREMOTING)).ignoredKinds();

    assertEquals(23L, kinds.get("Security event 5156 inbound"));
    assertEquals(64L, kinds.get("Security event 5158"));
    assertEquals(86L, kinds.get("Security event 5145"));
    assertEquals(49L, kinds.get("Microsoft-Windows-Sysmon/Operational event 3"));
    assertEquals(1L, kinds.get("System event 1500"));
    assertEquals(24, kinds.size());
  }

  @Test
  void psremotingWinhupConnections() {
    CollectingSink sink = parseFile(SYSMON_SAMPLES.resolve(PSREMOTING));
    Map<Long, String> hosts = new LinkedHashMap<>();
    hosts.put(20L, "IT001.shire.com");
    hosts.put(35L, "IT001.shire.com");
    hosts.put(350L, "HR001.shire.com");
    hosts.put(367L, "HR001.shire.com");
    hosts.put(440L, "ACCT001.shire.com");
    hosts.put(442L, "ACCT001.shire.com");

    assertEquals(List.copyOf(hosts.keySet()), linesWithDestination(sink, IMDS));
    for (Map.Entry<Long, String> expected : hosts.entrySet()) {
      long line = expected.getKey();
      SimpleEvent event = only(sink.eventsAt(line));
      assertEquals(IMDS, text(event.destinationAddress()), "line " + line);
      assertEquals(80, event.destinationPort(), "line " + line);
      assertEquals(WINHUP, text(event.processExecutable()), "line " + line);
      assertEquals("winhup.exe", text(event.processName()), "line " + line);
      assertEquals(expected.getValue(), text(event.host()), "line " + line);
    }
  }

  /** Line 549 names a target account, line 3 leaves it as {@code -}. */
  @Test
  void psremotingProcessCreationUsers() {
    CollectingSink sink = parseFile(SYSMON_SAMPLES.resolve(PSREMOTING));

    SimpleEvent gpupdate = only(sink.eventsAt(549));
    assertEquals("gpupdate.exe /target:computer", text(gpupdate.commandLine()));
    assertEquals("shire\\ACCT001$", text(gpupdate.user()));
    SimpleEvent searchFilterHost = only(sink.eventsAt(3));
    assertEquals("SearchFilterHost.exe", text(searchFilterHost.processName()));
    assertEquals("shire\\HR001$", text(searchFilterHost.user()));
    assertEquals("SearchIndexer.exe", text(searchFilterHost.parentProcessName()));
  }

  // --- Mordor bitsadmin: Security records first, Sysmon records later --------------------------

  @Test
  void bitsadminCounts() {
    CollectingSink sink = parseFile(SYSMON_SAMPLES.resolve(BITSADMIN));

    assertEquals(424, sink.lines);
    assertEquals(9, sink.events.size());
    assertEquals(415, sink.ignored.size());
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), linesWithDestination(sink, IMDS));
  }

  @Test
  void bitsadminProcessCreation() {
    SimpleEvent event = only(parseFile(SYSMON_SAMPLES.resolve(BITSADMIN)).eventsAt(3));

    assertEquals("bitsadmin.exe", text(event.processName()));
    assertEquals(
        "bitsadmin.exe  /transfer /Download /priority Foreground "
            + "https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/"
            + "T1197.md C:\\Users\\wardog\\AppData\\Local\\Temp\\bitsadmin1_flag.ps1",
        text(event.commandLine()));
    assertEquals("cmd.exe", text(event.parentProcessName()));
    assertEquals("WORKSTATION5\\wardog", text(event.user()));
    assertEquals("WORKSTATION5", text(event.host()));
    assertEquals("2020-10-23T02:36:43.542Z", text(event.time()));
  }

  // --- Constructed files -----------------------------------------------------------------------

  @Test
  void constructedXmlCounts() {
    CollectingSink sink =
        parseFile(WINDOWS_SAMPLES.resolve("constructed/security_events_imds.xml"));

    assertEquals(110, sink.lines);
    assertEquals(List.of(3L, 38L, 73L, 106L, 107L), sink.eventLines());
    assertEquals(
        List.of(
            new CollectingSink.Report(108, "Security event 5156 inbound"),
            new CollectingSink.Report(109, "Security event 4624")),
        sink.ignored);
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void constructedWinlogbeatCounts() {
    CollectingSink sink =
        parseFile(WINDOWS_SAMPLES.resolve("constructed/winlogbeat_security_imds.ndjson"));

    assertEquals(7, sink.lines);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sink.eventLines());
    assertEquals(
        List.of(
            new CollectingSink.Report(6, "Security event 5156 inbound"),
            new CollectingSink.Report(7, "Security event 4624")),
        sink.ignored);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void constructedAwsCredentialRequest() {
    SimpleEvent event =
        parseFile(WINDOWS_SAMPLES.resolve("constructed/security_events_imds.xml")).events.get(0);

    assertEquals("C:\\Windows\\System32\\curl.exe", text(event.processExecutable()));
    assertEquals("curl.exe", text(event.processName()));
    assertEquals(
        "curl.exe http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        text(event.commandLine()));
    assertEquals("cmd.exe", text(event.parentProcessName()));
    assertEquals("CORP\\alice", text(event.user()));
    assertEquals("web01.corp.example", text(event.host()));
    assertEquals("2024-05-06T07:08:09.1234567Z", text(event.time()));
  }

  @Test
  void constructedAzureTokenRequest() {
    SimpleEvent event =
        parseFile(WINDOWS_SAMPLES.resolve("constructed/security_events_imds.xml")).events.get(1);

    assertEquals("powershell.exe", text(event.processName()));
    assertEquals(
        "powershell.exe -NoProfile -Command \"Invoke-RestMethod -Headers @{Metadata='true'}"
            + " -Uri 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
            + "&resource=https://management.azure.com/'\"",
        text(event.commandLine()));
    assertEquals("explorer.exe", text(event.parentProcessName()));
  }

  @Test
  void constructedPowershellConnection() {
    SimpleEvent event =
        parseFile(WINDOWS_SAMPLES.resolve("constructed/security_events_imds.xml")).events.get(2);

    assertEquals(
        "\\device\\harddiskvolume2\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
        text(event.processExecutable()));
    assertEquals("powershell.exe", text(event.processName()));
    assertEquals(IMDS, text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
    assertNull(event.commandLine());
  }

  /** The notepad event has an empty CommandLine element and names a target account. */
  @Test
  void constructedEmptyCommandLine() {
    SimpleEvent event =
        parseFile(WINDOWS_SAMPLES.resolve("constructed/security_events_imds.xml")).events.get(3);

    assertEquals("notepad.exe", text(event.processName()));
    assertNull(event.commandLine());
    assertEquals("CORP\\bob", text(event.user()));
  }

  /**
   * The two constructed files hold the same events. Winlogbeat's {@code @timestamp} keeps
   * milliseconds where the XML keeps 100-nanosecond units, so times are compared by prefix.
   */
  @Test
  void constructedShapesAgree() {
    List<SimpleEvent> xml =
        parseFile(WINDOWS_SAMPLES.resolve("constructed/security_events_imds.xml")).events;
    List<SimpleEvent> winlogbeat =
        parseFile(WINDOWS_SAMPLES.resolve("constructed/winlogbeat_security_imds.ndjson")).events;

    assertEquals(xml.size(), winlogbeat.size());
    for (int i = 0; i < xml.size(); i++) {
      Map<Field, String> fromXml = fieldsOf(xml.get(i));
      Map<Field, String> fromWinlogbeat = fieldsOf(winlogbeat.get(i));
      String xmlTime = fromXml.remove(Field.TIME);
      String winlogbeatTime = fromWinlogbeat.remove(Field.TIME);
      assertEquals(fromXml, fromWinlogbeat, "event " + i);
      assertEquals(xmlTime.substring(0, 23), winlogbeatTime.substring(0, 23), "event " + i);
    }
  }
}

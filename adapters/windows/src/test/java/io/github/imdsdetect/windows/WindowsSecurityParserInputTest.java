package io.github.imdsdetect.windows;

import static io.github.imdsdetect.windows.CollectingSink.parse;
import static io.github.imdsdetect.windows.CollectingSink.parseText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import io.github.imdsdetect.windows.SecurityEventMapping.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the parser over hand-written inputs: each shape, the mapping rules and malformed input. */
class WindowsSecurityParserInputTest {
  private static final String NXLOG_CONNECTION =
      "{\"EventID\":5156,\"Channel\":\"Security\",\"Hostname\":\"ws1\","
          + "\"SourceName\":\"Microsoft-Windows-Security-Auditing\","
          + "\"Application\":\"\\\\device\\\\harddiskvolume2\\\\tools\\\\fetch.exe\","
          + "\"Direction\":\"%%14593\",\"SourceAddress\":\"10.0.0.5\",\"SourcePort\":\"50000\","
          + "\"DestAddress\":\"169.254.169.254\",\"DestPort\":\"80\","
          + "\"EventTime\":\"2024-01-02 03:04:05\"}";
  private static final String NXLOG_PROCESS =
      "{\"EventID\":4688,\"Channel\":\"Security\",\"Hostname\":\"ws1\","
          + "\"NewProcessName\":\"C:\\\\Windows\\\\System32\\\\curl.exe\","
          + "\"CommandLine\":\"curl http://example.com/\","
          + "\"SubjectUserName\":\"alice\",\"SubjectDomainName\":\"CORP\","
          + "\"TargetUserName\":\"-\",\"TargetDomainName\":\"-\"}";

  private static final ParseLimits SMALL_LINES = new ParseLimits(4096, 1024, 16, 256);

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  private static SimpleEvent only(List<SimpleEvent> events) {
    assertEquals(1, events.size(), () -> "events: " + events);
    return events.get(0);
  }

  /** Returns a Security event element with the given ID and data elements. */
  private static String xmlEvent(int eventId, String data) {
    return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        + "<Provider Name='Microsoft-Windows-Security-Auditing'"
        + " Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>"
        + "<EventID>"
        + eventId
        + "</EventID>"
        + "<TimeCreated SystemTime='2024-01-02T03:04:05.6789012Z'/>"
        + "<Channel>Security</Channel><Computer>ws1</Computer>"
        + "</System><EventData>"
        + data
        + "</EventData></Event>";
  }

  private static String data(String name, String value) {
    return "<Data Name='" + name + "'>" + value + "</Data>";
  }

  private static String outbound(String application, String address, String port) {
    return data("Application", application)
        + data("Direction", "%%14593")
        + data("DestAddress", address)
        + data("DestPort", port);
  }

  // --- JSON lines ------------------------------------------------------------------------------

  @Test
  void nxlogConnectionFields() {
    SimpleEvent event = only(parseText(NXLOG_CONNECTION).events);

    assertEquals("\\device\\harddiskvolume2\\tools\\fetch.exe", text(event.processExecutable()));
    assertEquals("fetch.exe", text(event.processName()));
    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
    assertEquals("ws1", text(event.host()));
    assertEquals("2024-01-02 03:04:05", text(event.time()));
    assertNull(event.user());
    assertEquals("test", event.origin().source());
  }

  @Test
  void nxlogProcessFields() {
    SimpleEvent event = only(parseText(NXLOG_PROCESS).events);

    assertEquals("C:\\Windows\\System32\\curl.exe", text(event.processExecutable()));
    assertEquals("curl.exe", text(event.processName()));
    assertEquals("curl http://example.com/", text(event.commandLine()));
    assertEquals("CORP\\alice", text(event.user()));
    assertNull(event.parentProcessExecutable());
    assertNull(event.destinationAddress());
  }

  @Test
  void invalidJsonLineMidFile() {
    CollectingSink sink =
        parseText(NXLOG_CONNECTION + "\n{\"EventID\":5156,\"Channel\": oops\n" + NXLOG_PROCESS);

    assertEquals(3, sink.lines);
    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(1, sink.skipped.size());
    assertEquals(2, sink.skipped.get(0).line());
    assertTrue(sink.skipped.get(0).text().startsWith("invalid JSON"), sink.skipped::toString);
  }

  @Test
  void lowerCaseChannel() {
    SimpleEvent event =
        only(parseText(NXLOG_CONNECTION.replace("\"Security\"", "\"security\"")).events);

    assertEquals("169.254.169.254", text(event.destinationAddress()));
  }

  @Test
  void providerGuidWithoutChannel() {
    String record =
        "{\"EventID\":\"4688\",\"ProviderGuid\":\"54849625-5478-4994-a5ba-3e3b0328c30d\","
            + "\"NewProcessName\":\"C:\\\\a.exe\"}";

    assertEquals("a.exe", text(only(parseText(record).events).processName()));
  }

  @Test
  void invalidEventIdSkipped() {
    CollectingSink sink = parseText("{\"EventID\":\"46x8\",\"Channel\":\"Security\"}\n");

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(
            new CollectingSink.Report(1, "invalid EventID \"46x8\": expected a decimal number")),
        sink.skipped);
  }

  @Test
  void otherEventsIgnored() {
    String lines =
        "{\"EventID\":4624,\"Channel\":\"Security\"}\n"
            + "{\"EventID\":3,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\","
            + "\"DestinationIp\":\"169.254.169.254\"}\n"
            + "{\"EventID\":5156,\"Channel\":\"System\",\"DestAddress\":\"169.254.169.254\"}\n"
            + "{\"message\":\"hello\"}\n";
    CollectingSink sink = parseText(lines);

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(
            new CollectingSink.Report(1, "Security event 4624"),
            new CollectingSink.Report(2, "Microsoft-Windows-Sysmon/Operational event 3"),
            new CollectingSink.Report(3, "System event 5156"),
            new CollectingSink.Report(4, "JSON record without EventID")),
        sink.ignored);
    assertEquals(List.of(), sink.skipped);
  }

  // --- Direction of 5156 -----------------------------------------------------------------------

  @Test
  void directionValues() {
    assertEquals(Direction.OUTBOUND, SecurityEventMapping.direction("%%14593"));
    assertEquals(Direction.OUTBOUND, SecurityEventMapping.direction("Outbound"));
    assertEquals(Direction.OUTBOUND, SecurityEventMapping.direction(" outbound "));
    assertEquals(Direction.OUTBOUND, SecurityEventMapping.direction("egress"));
    assertEquals(Direction.INBOUND, SecurityEventMapping.direction("%%14592"));
    assertEquals(Direction.INBOUND, SecurityEventMapping.direction("INBOUND"));
    assertEquals(Direction.INBOUND, SecurityEventMapping.direction("ingress"));
    assertEquals(Direction.UNKNOWN, SecurityEventMapping.direction("%%14594"));
    assertEquals(Direction.UNKNOWN, SecurityEventMapping.direction("internal"));
    assertEquals(Direction.UNKNOWN, SecurityEventMapping.direction(""));
    assertEquals(Direction.UNKNOWN, SecurityEventMapping.direction(null));
  }

  @Test
  void renderedOutboundMapped() {
    SimpleEvent event =
        only(parseText(NXLOG_CONNECTION.replace("%%14593", "Outbound")).events);

    assertEquals(80, event.destinationPort());
  }

  @Test
  void inboundIgnored() {
    CollectingSink sink = parseText(NXLOG_CONNECTION.replace("%%14593", "%%14592"));

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(new CollectingSink.Report(1, "Security event 5156 inbound")), sink.ignored);
  }

  @Test
  void missingDirectionIgnored() {
    CollectingSink sink = parseText(NXLOG_CONNECTION.replace("\"Direction\":\"%%14593\",", ""));

    assertEquals(List.of(), sink.events);
    assertEquals(
        List.of(new CollectingSink.Report(1, "Security event 5156 with unknown direction")),
        sink.ignored);
  }

  @Test
  void invalidPortIsUnknown() {
    SimpleEvent event =
        only(parseText(NXLOG_CONNECTION.replace("\"DestPort\":\"80\"", "\"DestPort\":\"http\""))
            .events);

    assertEquals(-1, event.destinationPort());
    assertEquals("169.254.169.254", text(event.destinationAddress()));
  }

  // --- 4688 account ------------------------------------------------------------------------------

  @Test
  void targetAccountPreferred() {
    String record =
        NXLOG_PROCESS.replace(
            "\"TargetUserName\":\"-\",\"TargetDomainName\":\"-\"",
            "\"TargetUserName\":\"bob\",\"TargetDomainName\":\"CORP\"");

    assertEquals("CORP\\bob", text(only(parseText(record).events).user()));
  }

  @Test
  void accountWithoutDomain() {
    String record = NXLOG_PROCESS.replace("\"SubjectDomainName\":\"CORP\"", "\"X\":\"-\"");

    assertEquals("alice", text(only(parseText(record).events).user()));
  }

  @Test
  void accountPlaceholdersOnly() {
    String record =
        NXLOG_PROCESS.replace("\"alice\"", "\"-\"").replace("\"CORP\"", "\"-\"");

    assertNull(only(parseText(record).events).user());
  }

  @Test
  void accountOverFieldCapCut() {
    String name = "A".repeat(SMALL_LINES.maxFieldChars());
    String record = NXLOG_PROCESS.replace("\"alice\"", "\"" + name + "\"");
    CollectingSink sink = parse(record.getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    String user = text(only(sink.events).user());
    assertEquals(SMALL_LINES.maxFieldChars(), user.length());
    assertTrue(user.startsWith("CORP\\AAA"), user);
    assertEquals(
        List.of(new CollectingSink.Truncation(1, "user.name", "CORP\\".length() + name.length())),
        sink.truncated);
  }

  @Test
  void accountAtFieldCapKept() {
    String name = "A".repeat(SMALL_LINES.maxFieldChars() - "CORP\\".length());
    String record = NXLOG_PROCESS.replace("\"alice\"", "\"" + name + "\"");
    CollectingSink sink = parse(record.getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    assertEquals("CORP\\" + name, text(only(sink.events).user()));
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void accountCutKeepsSurrogatePair() {
    // The cap falls between the two chars of U+1F600, so the cut drops the whole pair.
    String name =
        "A".repeat(SMALL_LINES.maxFieldChars() - "CORP\\".length() - 1) + "\uD83D\uDE00B";
    String record =
        xmlEvent(4688, data("SubjectUserName", name) + data("SubjectDomainName", "CORP"));
    CollectingSink sink = parse(record.getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    String user = text(only(sink.events).user());
    assertEquals(SMALL_LINES.maxFieldChars() - 1, user.length());
    assertTrue(user.endsWith("AAA"), user);
    assertEquals(1, sink.truncated.size());
    assertEquals("user.name", sink.truncated.get(0).what());
  }

  @Test
  void ecsAccountOverFieldCapCut() {
    String name = "B".repeat(SMALL_LINES.maxFieldChars());
    String record =
        "{\"winlog\":{\"event_id\":4688,\"channel\":\"Security\"},"
            + "\"process\":{\"executable\":\"C:\\\\Tools\\\\curl.exe\"},"
            + "\"user\":{\"domain\":\"CORP\",\"name\":\"" + name + "\"}}";
    CollectingSink sink = parse(record.getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    assertEquals(SMALL_LINES.maxFieldChars(), only(sink.events).user().length());
    assertEquals(
        List.of(new CollectingSink.Truncation(1, "user.name", "CORP\\".length() + name.length())),
        sink.truncated);
  }

  // --- Winlogbeat, Elastic Agent and Elasticsearch -----------------------------------------------

  @Test
  void winlogbeatEcsFallbacks() {
    String record =
        "{\"@timestamp\":\"2024-01-02T03:04:05.678Z\",\"event\":{\"code\":\"4688\"},"
            + "\"host\":{\"name\":\"ws2\"},"
            + "\"winlog\":{\"channel\":\"Security\","
            + "\"provider_name\":\"Microsoft-Windows-Security-Auditing\","
            + "\"event_data\":{\"TokenElevationType\":\"%%1938\"}},"
            + "\"process\":{\"executable\":\"C:\\\\Tools\\\\curl.exe\","
            + "\"command_line\":\"curl http://169.254.169.254/\","
            + "\"parent\":{\"executable\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\"}},"
            + "\"user\":{\"domain\":\"CORP\",\"name\":\"alice\"}}";
    SimpleEvent event = only(parseText(record + "\n").events);

    assertEquals("C:\\Tools\\curl.exe", text(event.processExecutable()));
    assertEquals("curl.exe", text(event.processName()));
    assertEquals("curl http://169.254.169.254/", text(event.commandLine()));
    assertEquals("cmd.exe", text(event.parentProcessName()));
    assertEquals("CORP\\alice", text(event.user()));
    assertEquals("ws2", text(event.host()));
    assertEquals("2024-01-02T03:04:05.678Z", text(event.time()));
  }

  @Test
  void winlogbeatEcsConnection() {
    String record =
        "{\"winlog\":{\"event_id\":5156,\"channel\":\"Security\"},"
            + "\"process\":{\"executable\":\"\\\\device\\\\harddiskvolume2\\\\a\\\\b.exe\"},"
            + "\"network\":{\"direction\":\"egress\"},"
            + "\"destination\":{\"ip\":\"fd00:ec2::254\",\"port\":80}}";
    SimpleEvent event = only(parseText(record + "\n").events);

    assertEquals("b.exe", text(event.processName()));
    assertEquals("fd00:ec2::254", text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
  }

  @Test
  void eventDataWinsOverEcs() {
    String record =
        "{\"winlog\":{\"event_id\":4688,\"channel\":\"Security\","
            + "\"event_data\":{\"NewProcessName\":\"C:\\\\real.exe\"}},"
            + "\"process\":{\"executable\":\"C:\\\\ecs.exe\"}}";

    assertEquals("real.exe", text(only(parseText(record).events).processName()));
  }

  @Test
  void elasticsearchHitsResponse() {
    String response =
        String.join(
            "\n",
            "{",
            "  \"took\" : 3,",
            "  \"hits\" : {",
            "    \"hits\" : [",
            "      {",
            "        \"_index\" : \"winlogbeat\",",
            "        \"_source\" : {",
            "          \"winlog\" : {",
            "            \"event_id\" : \"5156\",",
            "            \"channel\" : \"Security\",",
            "            \"computer_name\" : \"ws3\",",
            "            \"event_data\" : {",
            "              \"Application\" : \"\\\\device\\\\harddiskvolume1\\\\x.exe\",",
            "              \"Direction\" : \"%%14593\",",
            "              \"DestAddress\" : \"169.254.169.254\",",
            "              \"DestPort\" : \"80\"",
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
    assertEquals(5, event.origin().line());
    assertEquals("x.exe", text(event.processName()));
    assertEquals("ws3", text(event.host()));
    assertEquals(
        List.of(new CollectingSink.Report(1, "JSON record without EventID")), sink.ignored);
  }

  // --- Azure Log Analytics and evtx_dump -------------------------------------------------------

  @Test
  void azureSecurityEventRow() {
    String eventData =
        "<EventData xmlns=\\\"http://schemas.microsoft.com/win/2004/08/events/event\\\">"
            + "<Data Name=\\\"SubjectUserName\\\">alice</Data>"
            + "<Data Name=\\\"SubjectDomainName\\\">CORP</Data>"
            + "<Data Name=\\\"NewProcessName\\\">C:\\\\Windows\\\\System32\\\\curl.exe</Data>"
            + "<Data Name=\\\"CommandLine\\\">curl -H Metadata:true"
            + " &quot;http://169.254.169.254/metadata/instance?api-version=2021-02-01"
            + "&amp;format=json&quot;</Data>"
            + "<Data Name=\\\"TargetUserName\\\">-</Data>"
            + "</EventData>";
    String row =
        "{\"TimeGenerated\":\"2024-01-02T03:04:06Z\",\"Account\":\"CORP\\\\alice\","
            + "\"Computer\":\"vm1\",\"EventID\":4688,"
            + "\"Activity\":\"4688 - A new process has been created.\",\"Channel\":\"Security\","
            + "\"EventData\":\""
            + eventData
            + "\",\"Type\":\"SecurityEvent\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.skipped);
    SimpleEvent event = only(sink.events);
    assertEquals("curl.exe", text(event.processName()));
    assertEquals(
        "curl -H Metadata:true"
            + " \"http://169.254.169.254/metadata/instance?api-version=2021-02-01&format=json\"",
        text(event.commandLine()));
    assertEquals("CORP\\alice", text(event.user()));
    assertEquals("vm1", text(event.host()));
    assertEquals("2024-01-02T03:04:06Z", text(event.time()));
  }

  @Test
  void azureWindowsEventRowJsonEventData() {
    String row =
        "{\"Type\":\"WindowsEvent\",\"Provider\":\"Microsoft-Windows-Security-Auditing\","
            + "\"Channel\":\"Security\",\"EventID\":5156,\"Computer\":\"vm2\","
            + "\"EventData\":\"{\\\"Application\\\":\\\"\\\\\\\\device\\\\\\\\x\\\\\\\\y.exe\\\","
            + "\\\"Direction\\\":\\\"%%14593\\\",\\\"DestAddress\\\":\\\"169.254.169.254\\\","
            + "\\\"DestPort\\\":\\\"80\\\"}\"}";
    CollectingSink sink = parseText(row + "\n");

    assertEquals(List.of(), sink.skipped);
    SimpleEvent event = only(sink.events);
    assertEquals("\\device\\x\\y.exe", text(event.processExecutable()));
    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
  }

  @Test
  void evtxDumpDocument() {
    String document =
        String.join(
            "\n",
            "{",
            "  \"Event\": {",
            "    \"#attributes\": {",
            "      \"xmlns\": \"http://schemas.microsoft.com/win/2004/08/events/event\"",
            "    },",
            "    \"System\": {",
            "      \"Provider\": {",
            "        \"#attributes\": {",
            "          \"Name\": \"Microsoft-Windows-Security-Auditing\"",
            "        }",
            "      },",
            "      \"EventID\": 5156,",
            "      \"TimeCreated\": {",
            "        \"#attributes\": {",
            "          \"SystemTime\": \"2024-01-02T03:04:05.678901Z\"",
            "        }",
            "      },",
            "      \"Channel\": \"Security\",",
            "      \"Computer\": \"ws4\"",
            "    },",
            "    \"EventData\": {",
            "      \"Application\": \"\\\\device\\\\harddiskvolume3\\\\z.exe\",",
            "      \"Direction\": \"%%14593\",",
            "      \"DestAddress\": \"169.254.169.254\",",
            "      \"DestPort\": 80",
            "    }",
            "  }",
            "}",
            "");
    SimpleEvent event = only(parseText(document).events);

    assertEquals(1, event.origin().line());
    assertEquals("z.exe", text(event.processName()));
    assertEquals("ws4", text(event.host()));
    assertEquals("2024-01-02T03:04:05.678901Z", text(event.time()));
    assertEquals(80, event.destinationPort());
  }

  // --- Rendered XML ----------------------------------------------------------------------------

  @Test
  void xmlConnectionFields() {
    SimpleEvent event =
        only(parseText(xmlEvent(5156, outbound("\\device\\hdv2\\a.exe", "169.254.169.254", "80")))
            .events);

    assertEquals("a.exe", text(event.processName()));
    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertEquals("2024-01-02T03:04:05.6789012Z", text(event.time()));
    assertEquals("ws1", text(event.host()));
  }

  @Test
  void brokenXmlEventSkipped() {
    String broken =
        xmlEvent(4688, data("NewProcessName", "C:\\a.exe")).replace("</EventData>", "</EventDat>");
    String good = xmlEvent(5156, outbound("\\device\\b.exe", "10.0.0.1", "443"));
    CollectingSink sink = parseText(broken + "\n" + good + "\n");

    assertEquals(List.of(2L), sink.eventLines());
    assertEquals(1, sink.skipped.size());
    assertEquals(1, sink.skipped.get(0).line());
    assertTrue(
        sink.skipped.get(0).text().startsWith("invalid Windows event XML: "),
        sink.skipped::toString);
  }

  @Test
  void xmlWithoutEventIdSkipped() {
    String noId = xmlEvent(4688, "").replace("<EventID>4688</EventID>", "");
    CollectingSink sink = parseText(noId + "\n");

    assertEquals(List.of(), sink.events);
    assertEquals(1, sink.skipped.size());
    assertTrue(sink.skipped.get(0).text().contains("has no <System><EventID>"));
  }

  @Test
  void unclosedEventAtEndKeepsValues() {
    String full =
        xmlEvent(
            4688,
            data("NewProcessName", "C:\\Tools\\curl.exe")
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
  void sysmonXmlIgnored() {
    String sysmon =
        "<Event><System><Provider Name='Microsoft-Windows-Sysmon'/><EventID>3</EventID>"
            + "<Channel>Microsoft-Windows-Sysmon/Operational</Channel></System></Event>";
    CollectingSink sink = parseText(sysmon + "\n");

    assertEquals(
        List.of(new CollectingSink.Report(1, "Microsoft-Windows-Sysmon/Operational event 3")),
        sink.ignored);
  }

  @Test
  void utf16InputReencoded() {
    String xml =
        "<?xml version='1.0' encoding='utf-16'?>\r\n"
            + xmlEvent(4688, data("NewProcessName", "C:\\Users\\José\\漢字.exe"))
            + "\r\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(0xFF);
    bytes.write(0xFE);
    bytes.writeBytes(xml.getBytes(StandardCharsets.UTF_16LE));
    SimpleEvent event = only(parse(bytes.toByteArray(), ParseLimits.DEFAULTS).events);

    assertEquals("漢字.exe", text(event.processName()));
    assertEquals(2, event.origin().line());
  }

  @Test
  void externalEntityNotResolved(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "SECRET-169.254.169.254-MARKER");
    String xml =
        "<!DOCTYPE Event [<!ENTITY xxe SYSTEM '"
            + secret.toUri()
            + "'>]>"
            + xmlEvent(4688, data("NewProcessName", "C:\\a.exe") + data("CommandLine", "&xxe;"));
    CollectingSink sink = parseText(xml + "\n");

    assertEquals(List.of(), sink.events);
    assertEquals(1, sink.skipped.size());
    assertFalse(sink.skipped.get(0).text().contains("SECRET"), sink.skipped::toString);
  }

  // --- Long lines --------------------------------------------------------------------------------

  @Test
  void longJsonLineSkipped() {
    String longLine =
        "{\"EventID\":4688,\"Channel\":\"Security\",\"CommandLine\":\""
            + "A".repeat(10 * 1024 * 1024)
            + "\"}";
    CollectingSink sink =
        parse(
            (NXLOG_CONNECTION + "\n" + longLine + "\n" + NXLOG_PROCESS + "\n")
                .getBytes(StandardCharsets.UTF_8),
            SMALL_LINES);

    assertEquals(3, sink.lines);
    assertEquals(List.of(1L, 3L), sink.eventLines());
    assertEquals(
        List.of(new CollectingSink.Truncation(2, "line", longLine.length())), sink.truncated);
    assertEquals(1, sink.skipped.size());
    assertEquals(2, sink.skipped.get(0).line());
  }

  @Test
  void longXmlLineKeepsStart() {
    String commandLine = "curl http://169.254.169.254/ " + "B".repeat(10 * 1024 * 1024);
    String longEvent =
        xmlEvent(4688, data("NewProcessName", "C:\\curl.exe") + data("CommandLine", commandLine));
    String next = xmlEvent(5156, outbound("\\device\\next.exe", "10.0.0.1", "53"));
    CollectingSink sink =
        parse((longEvent + "\n" + next + "\n").getBytes(StandardCharsets.UTF_8), SMALL_LINES);

    assertEquals(
        new CollectingSink.Truncation(1, "line", longEvent.length()), sink.truncated.get(0));
    assertEquals(List.of(), sink.skipped);
    assertEquals(List.of(1L, 2L), sink.eventLines());
    SimpleEvent first = sink.events.get(0);
    assertEquals("curl.exe", text(first.processName()));
    assertTrue(text(first.commandLine()).startsWith("curl http://169.254.169.254/ BBB"));
    assertEquals(SMALL_LINES.maxFieldChars(), first.commandLine().length());
    assertEquals("next.exe", text(sink.events.get(1).processName()));
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
    new Random(4688).nextBytes(garbage);
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
    new Random(5156).nextBytes(garbage);
    garbage[0] = '{';
    CollectingSink sink = parse(garbage, ParseLimits.DEFAULTS);

    assertEquals(List.of(), sink.events);
    assertFalse(sink.skipped.isEmpty());
  }
}

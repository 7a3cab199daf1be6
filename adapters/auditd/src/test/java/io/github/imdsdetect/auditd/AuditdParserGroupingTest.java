package io.github.imdsdetect.auditd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.LineUse;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Event grouping, the open-events cap, and the line variants the parser accepts. */
class AuditdParserGroupingTest {

  private static RecordingSink parse(ParseLimits limits, String... lines) throws IOException {
    RecordingSink sink = new RecordingSink();
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    new AuditdParser().parse(new ByteArrayInputStream(bytes), "test.log", limits, sink);
    return sink;
  }

  private static RecordingSink parse(String... lines) throws IOException {
    return parse(ParseLimits.DEFAULTS, lines);
  }

  private static String syscall(long serial, String comm) {
    return "type=SYSCALL msg=audit(1700000000.100:" + serial + "): arch=c000003e syscall=42"
        + " success=yes exit=0 ppid=1 pid=" + serial + " auid=4294967295 uid=0 comm=\"" + comm
        + "\" exe=\"/usr/bin/" + comm + "\"";
  }

  private static String sockaddr(long serial, String hex) {
    return "type=SOCKADDR msg=audit(1700000000.100:" + serial + "): saddr=" + hex;
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  @Test
  void interleavedRecordsFormTwoEvents() throws IOException {
    RecordingSink sink =
        parse(
            syscall(1, "curl"),
            syscall(2, "wget"),
            sockaddr(2, "0200005008080808"),
            sockaddr(1, "02000050A9FEA9FE"));

    assertEquals(List.of("event 1", "event 2"), sink.calls);
    SimpleEvent curl = sink.eventAt(1);
    assertEquals("curl", text(curl.processName()));
    assertEquals("169.254.169.254", text(curl.destinationAddress()));
    SimpleEvent wget = sink.eventAt(2);
    assertEquals("wget", text(wget.processName()));
    assertEquals("8.8.8.8", text(wget.destinationAddress()));
  }

  @Test
  void openEventCapCompletesOldest() throws IOException {
    ParseLimits oneOpen = new ParseLimits(1 << 16, 1024, 1, 4096);

    RecordingSink sink =
        parse(oneOpen, syscall(1, "curl"), syscall(2, "wget"), sockaddr(1, "02000050A9FEA9FE"));

    // With one open event, serial 2 completes serial 1, and the late SOCKADDR of serial 1
    // starts an event of its own, which lacks its SYSCALL record.
    assertEquals(List.of("event 1", "event 2", "incomplete 3", "event 3"), sink.calls);
    assertNull(sink.eventAt(1).destinationAddress());
    assertEquals("169.254.169.254", text(sink.eventAt(3).destinationAddress()));
    assertNull(sink.eventAt(3).processName());
  }

  @Test
  void openEventCapOfTwoKeepsRecentEvents() throws IOException {
    ParseLimits twoOpen = new ParseLimits(1 << 16, 1024, 2, 4096);

    RecordingSink sink =
        parse(
            twoOpen,
            syscall(1, "curl"),
            syscall(2, "wget"),
            sockaddr(2, "02000050A9FEA9FE"),
            syscall(3, "nc"),
            sockaddr(3, "0200005008080808"),
            sockaddr(1, "02000050A9FEA9FE"));

    assertEquals(
        List.of("event 1", "event 2", "event 4", "incomplete 6", "event 6"), sink.calls);
    assertEquals("169.254.169.254", text(sink.eventAt(2).destinationAddress()));
    assertEquals("8.8.8.8", text(sink.eventAt(4).destinationAddress()));
  }

  @Test
  void endOfEventRecordCompletesAtOnce() throws IOException {
    RecordingSink sink =
        parse(
            syscall(1, "curl"),
            sockaddr(1, "02000050A9FEA9FE"),
            "type=EOE msg=audit(1700000000.100:1): ",
            "garbage line",
            "type=EOE msg=audit(1700000000.100:9): ");

    assertEquals(List.of("event 1", "skipped 4", "ignored 5"), sink.calls);
    assertEquals("auditd EOE record without an open event", sink.ignored.get(0).kind());
    assertEquals("169.254.169.254", text(sink.eventAt(1).destinationAddress()));
  }

  @Test
  void sameSerialOnTwoNodesStaysApart() throws IOException {
    RecordingSink sink =
        parse(
            "node=web1 " + syscall(7, "curl"),
            "node=web2 " + syscall(7, "wget"),
            "node=web1 " + sockaddr(7, "02000050A9FEA9FE"));

    assertEquals(2, sink.events.size());
    SimpleEvent web1 = sink.eventAt(1);
    assertEquals("web1", text(web1.host()));
    assertEquals("curl", text(web1.processName()));
    assertEquals("169.254.169.254", text(web1.destinationAddress()));
    SimpleEvent web2 = sink.eventAt(2);
    assertEquals("web2", text(web2.host()));
    assertNull(web2.destinationAddress());
  }

  @Test
  void groupWithoutSyscallReportedIncomplete() throws IOException {
    // The first lines of a rotated log: the SYSCALL record of serial 4 was in the previous file.
    RecordingSink sink =
        parse(
            "type=EXECVE msg=audit(1700000000.100:4): argc=2 a0=\"curl\""
                + " a1=\"http://169.254.169.254/\"",
            "type=PROCTITLE msg=audit(1700000000.100:4):"
                + " proctitle=6375726C00687474703A2F2F3136392E3235342E3136392E3235342F",
            syscall(5, "wget"),
            sockaddr(5, "02000050A9FEA9FE"));

    assertEquals(List.of("incomplete 1", "event 1", "event 3"), sink.calls);
    assertEquals(
        List.of(
            new RecordingSink.Incomplete(
                1, "EXECVE, PROCTITLE records without their SYSCALL record")),
        sink.incomplete);
    SimpleEvent cut = sink.eventAt(1);
    assertEquals("curl http://169.254.169.254/", text(cut.commandLine()));
    assertNull(cut.processName());
    assertEquals(Map.of(LineUse.EVENT, 4L), sink.lines);
  }

  @Test
  void groupWithSyscallLastIsComplete() throws IOException {
    // Logs sorted by record type put the SYSCALL record after the others of its event.
    RecordingSink sink =
        parse(
            sockaddr(6, "02000050A9FEA9FE"),
            "type=PROCTITLE msg=audit(1700000000.100:6): proctitle=\"curl\"",
            syscall(6, "curl"));

    assertEquals(List.of("event 1"), sink.calls);
    assertEquals("curl", text(sink.eventAt(1).processName()));
  }

  @Test
  void uringOpGroupIsComplete() throws IOException {
    RecordingSink sink =
        parse(
            "type=URINGOP msg=audit(1700000000.100:7): uring_op=18 success=yes exit=0 items=1"
                + " ppid=1 pid=7 uid=0",
            "type=PATH msg=audit(1700000000.100:7): item=0 name=\"/etc/passwd\"",
            "type=CWD msg=audit(1700000000.100:7): cwd=\"/\"");

    assertEquals(List.of("event 1"), sink.calls);
  }

  @Test
  void userSpaceRecordAloneIsComplete() throws IOException {
    RecordingSink sink =
        parse(
            "type=USER_CMD msg=audit(1700000000.200:8): pid=9 uid=0 auid=1000"
                + " msg='cwd=\"/root\" cmd=6C73 exe=\"/usr/bin/sudo\" res=success'",
            "type=CONFIG_CHANGE msg=audit(1700000000.300:9): auid=1000 op=\"add_rule\" res=1");

    assertEquals(List.of("event 1", "event 2"), sink.calls);
  }

  @Test
  void skippedSyscallLeavesEventIncomplete() throws IOException {
    RecordingSink sink =
        parse(
            "type=SYSCALL msg=audit(1700000000.100:3): syscall=42 comm=6375726",
            sockaddr(3, "02000050A9FEA9FE"));

    assertEquals(List.of("skipped 1", "incomplete 2", "event 2"), sink.calls);
    assertEquals(
        "SOCKADDR records without their SYSCALL record", sink.incomplete.get(0).reason());
    assertEquals("169.254.169.254", text(sink.eventAt(2).destinationAddress()));
  }

  @Test
  void syslogPrefixIsAccepted() throws IOException {
    RecordingSink sink =
        parse(
            "Nov 10 12:00:01 ip-10-0-0-5 audispd: node=ip-10-0-0-5 " + syscall(5, "curl"),
            "Nov 10 12:00:01 ip-10-0-0-5 audispd: node=ip-10-0-0-5 "
                + sockaddr(5, "02000050A9FEA9FE0000000000000000"));

    assertTrue(sink.skipped.isEmpty(), "skipped: " + sink.skipped);
    SimpleEvent event = sink.eventAt(1);
    assertEquals("ip-10-0-0-5", text(event.host()));
    assertEquals("curl", text(event.processName()));
    assertEquals("169.254.169.254", text(event.destinationAddress()));
  }

  @Test
  void enrichedNamesWinOverNumbers() throws IOException {
    RecordingSink sink =
        parse(
            "type=SYSCALL msg=audit(1700000000.100:3): syscall=42 auid=1000 uid=0 comm=\"curl\""
                + " exe=\"/usr/bin/curl\" key=(null)\u001dARCH=x86_64 SYSCALL=connect"
                + " AUID=\"andrew\" UID=\"root\"",
            "type=SOCKADDR msg=audit(1700000000.100:3): saddr=02000050A9FEA9FE0000000000000000"
                + "\u001dSADDR={ saddr_fam=inet laddr=169.254.169.254 lport=80 }",
            "type=USER_CMD msg=audit(1700000000.200:4): pid=9 uid=4294967295 auid=1000"
                + " msg='cwd=\"/root\" cmd=6C73 res=success'\u001dUID=\"unset\" AUID=\"andrew\"");

    assertTrue(sink.skipped.isEmpty(), "skipped: " + sink.skipped);
    SimpleEvent connect = sink.eventAt(1);
    assertEquals("root", text(connect.user()));
    assertEquals("169.254.169.254", text(connect.destinationAddress()));
    assertEquals("andrew", text(sink.eventAt(3).user()), "uid unset, so the login user");
  }

  @Test
  void topLevelHostnameIsHost() throws IOException {
    RecordingSink sink =
        parse("hostname=ignored type=EXECVE msg=audit(1700000000.100:3): argc=1 a0=\"id\""
            + " hostname=db1");

    assertEquals("db1", text(sink.eventAt(1).host()));
  }

  @Test
  void splitArgumentsAcrossRecords() throws IOException {
    RecordingSink sink =
        parse(
            "type=EXECVE msg=audit(1700000000.100:8): argc=3 a0=\"curl\" a1_len=10"
                + " a1[0]=687474703A",
            "type=EXECVE msg=audit(1700000000.100:8): a1[1]=\"//a/b\" a2=2D6F2066696C65");

    assertEquals("curl http://a/b -o file", text(sink.eventAt(1).commandLine()));
  }

  @Test
  void hexCommAndQuotedProctitle() throws IOException {
    RecordingSink sink =
        parse(
            "type=SYSCALL msg=audit(1700000000.100:8): syscall=42 uid=1000"
                + " comm=444E53205265737E76657220233239 exe=\"/usr/lib/firefox-esr/firefox-esr\"",
            "type=PROCTITLE msg=audit(1700000000.100:8):"
                + " proctitle=\"/usr/lib/firefox-esr/firefox-esr\"");

    SimpleEvent event = sink.eventAt(1);
    assertEquals("DNS Res~ver #29", text(event.processName()));
    assertEquals("/usr/lib/firefox-esr/firefox-esr", text(event.commandLine()));
  }

  @Test
  void proctitleDropsTrailingNuls() throws IOException {
    RecordingSink sink =
        parse("type=PROCTITLE msg=audit(1700000000.100:8): proctitle=6375726C002D730000");

    assertEquals("curl -s", text(sink.eventAt(1).commandLine()));
  }

  @Test
  void timestampKeepsItsFractionDigits() throws IOException {
    RecordingSink sink =
        parse(
            "type=CWD msg=audit(0.5:1): cwd=\"/\"",
            "type=CWD msg=audit(1700000000:2): cwd=\"/\"");

    assertEquals("1970-01-01T00:00:00.5Z", text(sink.eventAt(1).time()));
    assertEquals("2023-11-14T22:13:20Z", text(sink.eventAt(2).time()));
  }

  @Test
  void sniffScoresAuditLines() {
    AuditdParser parser = new AuditdParser();
    String record = "type=CWD msg=audit(1700000000.100:1): cwd=\"/\"\n";
    String json = "{\"message\":\"type=CWD msg=audit(1700000000.100:1): cwd=\\\"/\\\"\"}\n";

    assertEquals(90, parser.sniff(record + record));
    assertEquals(90, parser.sniff("----\ntime->Tue Nov 14 22:13:20 2023\n" + record));
    assertEquals(90, parser.sniff("Nov 10 12:00:01 host audispd: node=host " + record));
    assertEquals(40, parser.sniff(record + "plain text\nmore text\n"));
    assertEquals(0, parser.sniff(json + json));
    assertEquals(0, parser.sniff(""));
    assertEquals(0, parser.sniff("\n\n"));
  }

  @Test
  void serviceLoaderFindsParser() {
    List<String> formats = new ArrayList<>();
    for (EventParser parser : ServiceLoader.load(EventParser.class)) {
      formats.add(parser.format());
    }

    assertTrue(formats.contains("auditd"), "formats: " + formats);
  }

  @Test
  void eventLinesCountedOnDelivery() throws IOException {
    RecordingSink sink =
        parse(
            syscall(1, "curl"),
            "",
            syscall(2, "wget"),
            "----",
            "type=SYSCALL msg=audit(1700000000.100",
            sockaddr(1, "02000050A9FEA9FE"),
            "type=EOE msg=audit(1700000000.100:2): ",
            "type=EOE msg=audit(1700000000.100:9): ");

    // Serial 2, starting on line 3, ends at its EOE record on line 7. Serial 1 has no EOE record
    // and is delivered at the end of the input, with the lines of both its records.
    assertEquals(List.of("event 3", "event 1"), sink.calls.stream()
        .filter(call -> call.startsWith("event")).toList());
    assertEquals(
        Map.of(LineUse.EVENT, 4L, LineUse.BLANK, 1L, LineUse.IGNORED, 2L, LineUse.SKIPPED, 1L),
        sink.lines);
  }

  @Test
  void capCompletedEventsCountLines() throws IOException {
    ParseLimits oneOpenEvent = new ParseLimits(1 << 20, 1 << 16, 1, 4096);

    RecordingSink sink =
        parse(
            oneOpenEvent, syscall(1, "curl"), syscall(2, "wget"), sockaddr(1, "02000050A9FEA9FE"));

    // The SOCKADDR of event 1 arrives after the cap completed event 1, so it starts another.
    assertEquals(3, sink.events.size());
    assertEquals(Map.of(LineUse.EVENT, 3L), sink.lines);
  }

  @Test
  void openEventsOverCharBudgetCompleteEarly() throws IOException {
    // 20 interleaved events whose EXECVE arguments each fill the 1,000-char field cap: the open
    // events would hold 20,000 chars, over the budget of 16 field caps.
    List<String> lines = new ArrayList<>();
    for (int serial = 1; serial <= 20; serial++) {
      lines.add("type=EXECVE msg=audit(1700000000.100:" + serial + "): argc=1 a0=\""
          + "x".repeat(1_000) + "\"");
    }
    for (int serial = 1; serial <= 20; serial++) {
      lines.add(syscall(serial, "curl"));
    }
    ParseLimits small = new ParseLimits(1 << 20, 1_000, 1024, 4096);

    RecordingSink budgeted = parse(small, lines.toArray(new String[0]));
    RecordingSink unbounded = parse(lines.toArray(new String[0]));

    assertEquals(20, unbounded.events.size());
    // The oldest EXECVE-only events were completed early, so their SYSCALL records start new
    // events, and the early ones are reported as incomplete.
    assertTrue(budgeted.events.size() > 20, () -> budgeted.events.size() + " events");
    assertEquals(budgeted.events.size() - 20, budgeted.incomplete.size());
    assertEquals(40L, budgeted.lines.getOrDefault(LineUse.EVENT, 0L));
  }
}

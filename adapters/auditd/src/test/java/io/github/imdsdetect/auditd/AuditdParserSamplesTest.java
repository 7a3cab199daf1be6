package io.github.imdsdetect.auditd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the parser over the real audit logs and the constructed T1552.005 scenarios in {@code
 * samples/auditd}. SOURCES.md there gives the origin of each file.
 */
class AuditdParserSamplesTest {
  private static final Path SAMPLES = Path.of("../../samples/auditd");

  private static RecordingSink parse(String relativePath) throws IOException {
    RecordingSink sink = new RecordingSink();
    Path path = SAMPLES.resolve(relativePath);
    try (InputStream in = Files.newInputStream(path)) {
      long lines =
          new AuditdParser()
              .parse(in, path.getFileName().toString(), ParseLimits.DEFAULTS, sink);
      assertEquals(Files.readAllLines(path).size(), lines, "physical lines of " + relativePath);
    }
    return sink;
  }

  private static String text(CharSequence value) {
    return value == null ? null : value.toString();
  }

  /**
   * The first lines of the events without their SYSCALL record in the two files that collect
   * single records rather than whole events. SOURCES.md describes both. Every other sample is a
   * log of whole events.
   */
  private static final Map<String, List<Long>> INCOMPLETE_EVENT_LINES =
      Map.of(
          "golibaudit_audit-rhel7.log",
          List.of(3L, 10L, 11L, 22L, 23L, 24L, 25L, 26L, 46L, 47L, 48L),
          "golibaudit_test3.log",
          List.of(16L));

  @Test
  void samplesReportOnlyKnownIncompleteEvents() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SAMPLES)) {
      files = walk.filter(file -> file.toString().endsWith(".log")).sorted().toList();
    }
    assertEquals(13, files.size(), "sample files: " + files);
    for (Path file : files) {
      String relativePath = SAMPLES.relativize(file).toString();
      List<Long> expected =
          INCOMPLETE_EVENT_LINES.getOrDefault(file.getFileName().toString(), List.of());

      List<Long> reported =
          parse(relativePath).incomplete.stream().map(RecordingSink.Incomplete::line).toList();

      assertEquals(expected, reported, "incomplete events of " + relativePath);
    }
  }

  @Test
  void rhel7CutExecveGroupIsIncomplete() throws IOException {
    RecordingSink sink = parse("golibaudit_audit-rhel7.log");

    assertEquals(
        "CWD, EXECVE, PATH records without their SYSCALL record",
        sink.incomplete.get(1).reason());
    assertEquals(
        "auditctl -a exit,always -F arch=b32 -S execve", text(sink.eventAt(10).commandLine()));
  }

  @Test
  void normalLogConnectToMetadataServer() throws IOException {
    RecordingSink sink = parse("golibaudit_normal.log");
    SimpleEvent event = sink.eventAt(1);

    assertEquals("golibaudit_normal.log", event.origin().source());
    assertEquals("2017-04-12T22:48:09.295Z", text(event.time()));
    assertEquals("google_accounts", text(event.processName()));
    assertEquals("/usr/bin/python2.7;58d1ccfb (deleted)", text(event.processExecutable()));
    assertEquals("0", text(event.user()));
    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
    assertNull(event.commandLine());
    assertNull(event.host());
  }

  @Test
  void normalLogGroupsEventsBySerial() throws IOException {
    RecordingSink sink = parse("golibaudit_normal.log");

    assertEquals(5, sink.events.size(), "events: " + sink.events);
    assertTrue(sink.skipped.isEmpty(), "skipped: " + sink.skipped);
    assertEquals(List.of("event 1", "event 3", "event 8", "event 13", "event 17"), sink.calls);
    SimpleEvent grep = sink.eventAt(3);
    assertEquals("grep --color=auto mapping", text(grep.commandLine()));
    assertEquals("/usr/bin/grep", text(grep.processExecutable()));
    assertEquals("1000", text(grep.user()));
    assertEquals("cat securitybeat", text(sink.eventAt(8).commandLine()));
  }

  @Test
  void normalLogUnixSocketHasNoDestination() throws IOException {
    SimpleEvent postfix = parse("golibaudit_normal.log").eventAt(13);

    assertEquals("master", text(postfix.processName()));
    assertNull(postfix.destinationAddress());
    assertEquals(-1, postfix.destinationPort());
  }

  @Test
  void rhel7IsolatedSockaddrBecomesEvent() throws IOException {
    SimpleEvent event = parse("golibaudit_audit-rhel7.log").eventAt(22);

    assertEquals("169.254.169.254", text(event.destinationAddress()));
    assertEquals(80, event.destinationPort());
    assertEquals("2016-12-07T02:40:24.953Z", text(event.time()));
    assertNull(event.processName());
    assertNull(event.processExecutable());
    assertNull(event.commandLine());
  }

  @Test
  void rhel7GroupsRecordsSortedByType() throws IOException {
    RecordingSink sink = parse("golibaudit_audit-rhel7.log");

    // 49 records parse. EXECVE (line 15) and PATH (line 19) join the CWD of line 10, and the
    // SYSCALL of line 27 joins the NETFILTER_CFG of line 18, so 46 events remain.
    assertEquals(46, sink.events.size());
    SimpleEvent auditctl = sink.eventAt(10);
    assertEquals("auditctl -a exit,always -F arch=b32 -S execve", text(auditctl.commandLine()));
    SimpleEvent modprobe = sink.eventAt(18);
    assertEquals("modprobe", text(modprobe.processName()));
    assertEquals("/usr/bin/kmod", text(modprobe.processExecutable()));
  }

  @Test
  void rhel7SkipsRecordWithoutMsgAudit() throws IOException {
    RecordingSink sink = parse("golibaudit_audit-rhel7.log");

    assertEquals(1, sink.skipped.size(), "skipped: " + sink.skipped);
    assertEquals(31, sink.skipped.get(0).line());
    String reason = sink.skipped.get(0).reason();
    assertTrue(reason.contains("no msg=audit(...) after type=UNKNOWN[1329]"), reason);
  }

  @Test
  void rhel7DecodesOtherSocketFamilies() throws IOException {
    RecordingSink sink = parse("golibaudit_audit-rhel7.log");

    SimpleEvent ipv6 = sink.eventAt(24);
    assertEquals("::", text(ipv6.destinationAddress()));
    assertEquals(22, ipv6.destinationPort());
    assertNull(sink.eventAt(23).destinationAddress(), "AF_NETLINK");
    assertNull(sink.eventAt(25).destinationAddress(), "AF_UNSPEC");
    assertNull(sink.eventAt(26).destinationAddress(), "AF_UNIX");
  }

  @Test
  void rhel7ConnectSyscallWithoutSockaddr() throws IOException {
    SimpleEvent event = parse("golibaudit_audit-rhel7.log").eventAt(28);

    assertEquals("google_ip_forwa", text(event.processName()));
    assertEquals("/usr/bin/python2.7;58d1ccfb (deleted)", text(event.processExecutable()));
    assertNull(event.destinationAddress());
  }

  @Test
  void rhel7HexArgumentWithNewlines() throws IOException {
    SimpleEvent event = parse("golibaudit_audit-rhel7.log").eventAt(48);

    String commandLine = text(event.commandLine());
    assertTrue(commandLine.startsWith("jq . {\n        \"dev\": \"08:01\",\n"), commandLine);
    assertTrue(commandLine.endsWith("\"sequence\": 1075834\n      }"), commandLine);
  }

  @Test
  void rhel7DaemonConfigWithoutColon() throws IOException {
    SimpleEvent event = parse("golibaudit_audit-rhel7.log").eventAt(12);

    assertEquals("2017-03-23T03:30:00.477Z", text(event.time()));
    assertEquals("0", text(event.user()));
  }

  @Test
  void test3ProctitleJoinsInterleavedSyscall() throws IOException {
    RecordingSink sink = parse("golibaudit_test3.log");

    assertEquals(10, sink.events.size());
    SimpleEvent sshd = sink.eventAt(1);
    assertEquals("sshd: burn [priv]", text(sshd.commandLine()));
    assertEquals("sshd", text(sshd.processName()));
    SimpleEvent bash = sink.eventAt(2);
    assertEquals("bash", text(bash.commandLine()));
    assertEquals("/usr/bin/bash", text(bash.processExecutable()));
    assertEquals("useradd -u 3005 -m trainer5", text(sink.eventAt(16).commandLine()));
  }

  @Test
  void test2UserSpaceRecordsReadMessageFields() throws IOException {
    RecordingSink sink = parse("golibaudit_test2.log");

    assertEquals(7, sink.events.size());
    SimpleEvent pickup = sink.eventAt(1);
    assertEquals("pickup", text(pickup.processName()));
    assertEquals("/usr/libexec/postfix/pickup", text(pickup.processExecutable()));
    assertEquals("890", text(pickup.user()));
    SimpleEvent cron = sink.eventAt(5);
    assertEquals("/usr/sbin/crond", text(cron.processExecutable()));
    assertEquals("0", text(cron.user()));
    assertNull(cron.host(), "hostname=? inside msg='...' is not the host");
  }

  @Test
  void ubuntu16RemoteHostnameIsNotHost() throws IOException {
    RecordingSink sink = parse("golibaudit_audit-ubuntu16.log");

    assertEquals(3, sink.events.size());
    SimpleEvent login = sink.eventAt(2);
    assertEquals("/usr/sbin/sshd", text(login.processExecutable()));
    assertNull(login.host(), "hostname=72.83.230.100 names the remote peer");
    assertEquals("metricbeat", text(sink.eventAt(3).processName()));
  }

  @Test
  void mordorArpCachePipeline() throws IOException {
    RecordingSink sink = parse("mordor_sh_arp_cache_audit.log");

    assertEquals(2, sink.events.size());
    SimpleEvent arp = sink.eventAt(1);
    assertEquals("arp -a", text(arp.commandLine()));
    assertEquals("/usr/sbin/arp", text(arp.processExecutable()));
    assertEquals("1000", text(arp.user()));
    assertEquals("2020-11-10T07:48:16.155Z", text(arp.time()));
    assertEquals("grep -v ^?", text(sink.eventAt(7).commandLine()));
  }

  @Test
  void mordorBinaryPaddingDd() throws IOException {
    RecordingSink sink = parse("mordor_sh_binary_padding_dd_audit.log");

    assertEquals(1, sink.events.size());
    assertEquals("dd if=/dev/zero bs=1 count=1", text(sink.eventAt(1).commandLine()));
  }

  @Test
  void awsCredentialsCurlFromBash() throws IOException {
    RecordingSink sink = parse("constructed/aws_imds_access.log");
    String url = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";

    assertEquals(4, sink.events.size());
    SimpleEvent exec = sink.eventAt(1);
    assertEquals("curl " + url, text(exec.commandLine()));
    assertEquals("curl", text(exec.processName()));
    assertEquals("/usr/bin/curl", text(exec.processExecutable()));
    assertEquals("1000", text(exec.user()));
    assertEquals("2024-03-12T14:34:01.337Z", text(exec.time()));
    assertNull(exec.destinationAddress());
    SimpleEvent connect = sink.eventAt(7);
    assertEquals("curl " + url, text(connect.commandLine()), "from PROCTITLE");
    assertEquals("169.254.169.254", text(connect.destinationAddress()));
    assertEquals(80, connect.destinationPort());
    assertEquals("curl", text(connect.processName()));
  }

  @Test
  void pythonSsrfSimulation() throws IOException {
    RecordingSink sink = parse("constructed/aws_imds_access.log");
    String script =
        "import urllib.request; print(urllib.request.urlopen("
            + "'http://169.254.169.254/latest/meta-data/iam/security-credentials/').read())";

    SimpleEvent exec = sink.eventAt(10);
    assertEquals("python3 -c " + script, text(exec.commandLine()));
    assertEquals("/usr/bin/python3.10", text(exec.processExecutable()));
    SimpleEvent connect = sink.eventAt(16);
    // The kernel keeps only the first 128 bytes of the process title.
    assertEquals(("python3 -c " + script).substring(0, 128), text(connect.commandLine()));
    assertEquals("169.254.169.254", text(connect.destinationAddress()));
    assertEquals(80, connect.destinationPort());
    assertEquals("python3", text(connect.processName()));
  }

  @Test
  void azureManagedIdentityToken() throws IOException {
    RecordingSink sink = parse("constructed/azure_imds_token.log");

    assertEquals(2, sink.events.size());
    assertEquals(
        "curl -H Metadata:true http://169.254.169.254/metadata/identity/oauth2/token"
            + "?api-version=2018-02-01&resource=https://management.azure.com/",
        text(sink.eventAt(1).commandLine()));
    SimpleEvent connect = sink.eventAt(7);
    assertEquals("169.254.169.254", text(connect.destinationAddress()));
    assertEquals(80, connect.destinationPort());
  }

  @Test
  void gcpServiceAccountTokenWithHexArgument() throws IOException {
    RecordingSink sink = parse("constructed/gcp_metadata_token.log");
    String commandLine =
        "curl -H Metadata-Flavor: Google http://metadata.google.internal/computeMetadata/v1/"
            + "instance/service-accounts/default/token";

    assertEquals(3, sink.events.size());
    assertEquals(commandLine, text(sink.eventAt(1).commandLine()));
    assertEquals("1001", text(sink.eventAt(1).user()));
    SimpleEvent dns = sink.eventAt(7);
    assertEquals("169.254.169.254", text(dns.destinationAddress()));
    assertEquals(53, dns.destinationPort());
    SimpleEvent http = sink.eventAt(10);
    assertEquals("169.254.169.254", text(http.destinationAddress()));
    assertEquals(80, http.destinationPort());
    assertEquals(commandLine, text(http.commandLine()));
  }

  @Test
  void ssmAgentConnect() throws IOException {
    RecordingSink sink = parse("constructed/aws_ssm_agent_benign.log");

    assertEquals(1, sink.events.size());
    SimpleEvent agent = sink.eventAt(1);
    assertEquals("amazon-ssm-agen", text(agent.processName()));
    assertEquals("/usr/bin/amazon-ssm-agent", text(agent.processExecutable()));
    assertEquals("/usr/bin/amazon-ssm-agent", text(agent.commandLine()));
    assertEquals("0", text(agent.user()), "uid=0, auid unset");
    assertEquals("169.254.169.254", text(agent.destinationAddress()));
    assertEquals(80, agent.destinationPort());
  }

  @Test
  void evasionDecimalAddressAndIpv6() throws IOException {
    RecordingSink sink = parse("constructed/aws_imds_evasion.log");

    assertEquals(4, sink.events.size());
    assertEquals(
        "curl http://2852039166/latest/meta-data/", text(sink.eventAt(1).commandLine()));
    SimpleEvent decimal = sink.eventAt(7);
    assertEquals("169.254.169.254", text(decimal.destinationAddress()));
    assertEquals("ip-172-31-20-7", text(decimal.host()));
    assertEquals(
        "curl http://[fd00:ec2::254]/latest/meta-data/", text(sink.eventAt(10).commandLine()));
    SimpleEvent ipv6 = sink.eventAt(16);
    assertEquals("fd00:ec2::254", text(ipv6.destinationAddress()));
    assertEquals(80, ipv6.destinationPort());
    assertEquals("ip-172-31-20-7", text(ipv6.host()));
  }

  @Test
  void enrichedFormatUserNames() throws IOException {
    RecordingSink sink = parse("constructed/aws_imds_access_enriched.log");

    assertEquals(2, sink.events.size());
    assertTrue(sink.skipped.isEmpty(), "skipped: " + sink.skipped);
    SimpleEvent connect = sink.eventAt(7);
    assertEquals("ubuntu", text(connect.user()));
    assertEquals("ip-172-31-20-7", text(connect.host()));
    assertEquals("/usr/bin/curl", text(connect.processExecutable()));
    assertEquals("169.254.169.254", text(connect.destinationAddress()));
    assertEquals(80, connect.destinationPort());
  }
}

package io.github.imdsdetect.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.sysmon.SysmonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks format detection against the Sysmon adapter's, and the service registration. */
class WindowsSecurityParserSniffTest {
  private final WindowsSecurityParser parser = new WindowsSecurityParser();
  private final SysmonParser sysmon = new SysmonParser();

  /** Returns the first 64 KiB of a file, decoded as the scanner decodes a head. */
  private static String head(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
    }
  }

  @Test
  void constructedFilesScoreHigh() throws IOException {
    for (String name :
        List.of(
            "constructed/security_events_imds.xml",
            "constructed/winlogbeat_security_imds.ndjson")) {
      String head = head(CollectingSink.WINDOWS_SAMPLES.resolve(name));
      assertEquals(90, parser.sniff(head), name);
      assertTrue(sysmon.sniff(head) < 90, name);
    }
  }

  /** Both covenant files name Sysmon in their first 64 KiB. */
  @Test
  void mixedExportsGoToSysmon() throws IOException {
    for (String name :
        List.of(
            "mordor_covenant_sharpsc_query_dcerpc_smb_svcctl.json",
            "mordor_covenant_psremoting_grunt_lines2900-3650.json")) {
      String head = head(CollectingSink.SYSMON_SAMPLES.resolve(name));
      assertEquals(80, parser.sniff(head), name);
      assertEquals(95, sysmon.sniff(head), name);
    }
  }

  /**
   * The first 64 KiB of this file hold only Security records, among them two 4688 and five
   * 5156, and its Sysmon records start later.
   */
  @Test
  void flatExportWithoutSysmonInHeadGoesToSysmon() throws IOException {
    Path file =
        CollectingSink.SYSMON_SAMPLES.resolve("mordor_cmd_bitsadmin_download_psh_script.json");
    String head = head(file);

    assertEquals(55, parser.sniff(head));
    assertEquals(60, sysmon.sniff(head));
  }

  @Test
  void sysmonOnlyFilesScoreZero() throws IOException {
    for (String name :
        List.of(
            "mordor_log4shell_sysmon_win_azurela.json",
            "mordor_log4shell_sysmon_linux_syslog_azurela.json",
            "sigma_regression_proc_creation_win_curl_download_direct_ip_exec.json",
            "constructed/sysmon_events_imds.xml",
            "constructed/winlogbeat_sysmon_imds.ndjson")) {
      assertEquals(0, parser.sniff(head(CollectingSink.SYSMON_SAMPLES.resolve(name))), name);
    }
  }

  @Test
  void singleChannelShapesScoreHigh() {
    assertEquals(
        90,
        parser.sniff(
            "{\"Event\":{\"System\":{\"EventID\":4688,\"Channel\":\"Security\"},"
                + "\"EventData\":{\"NewProcessName\":\"C:\\\\a.exe\"}}}"));
    assertEquals(
        90,
        parser.sniff(
            "{\"Type\":\"SecurityEvent\",\"EventID\":5156,\"Channel\":\"Security\"}\n"));
    assertEquals(
        90, parser.sniff("{\"winlog.channel\":\"Security\",\"winlog.event_id\":\"5156\"}\n"));
  }

  @Test
  void flatExportScoresBelowSysmon() {
    String nxlog = "{\"EventID\":4688,\"Channel\":\"security\",\"Hostname\":\"dc1\"}\n";

    assertEquals(55, parser.sniff(nxlog));
    assertEquals(60, sysmon.sniff(nxlog));
  }

  @Test
  void securityWithoutMappedEventsScoresLow() {
    assertEquals(30, parser.sniff("{\"EventID\":4624,\"Channel\":\"Security\"}\n"));
    assertEquals(
        30,
        parser.sniff(
            "<Event><System><Provider Name='Microsoft-Windows-Security-Auditing'/>"
                + "<EventID>4624</EventID></System></Event>"));
  }

  @Test
  void xmlEventIdWithQualifiers() {
    assertEquals(
        90,
        parser.sniff(
            "<Events><Event><System><EventID Qualifiers=''>5156</EventID>"
                + "<Channel>Security</Channel></System></Event>"));
  }

  @Test
  void otherFormatsScoreZero() {
    assertEquals(0, parser.sniff(""));
    assertEquals(0, parser.sniff("type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e"));
    assertEquals(
        0, parser.sniff("{\"ts\":1591367999.3,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}"));
    assertEquals(0, parser.sniff("{\"EventID\":4688,\"Channel\":\"System\"}"));
    assertEquals(0, parser.sniff("Security 4688 Microsoft-Windows-Security-Auditing"));
  }

  @Test
  void formatName() {
    assertEquals("windows", parser.format());
  }

  @Test
  void registeredAsService() {
    List<String> formats =
        ServiceLoader.load(EventParser.class).stream()
            .map(provider -> provider.get().format())
            .collect(Collectors.toList());

    assertTrue(formats.contains("windows"), formats::toString);
  }
}

package io.github.imdsdetect.sysmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks format detection and the service registration. */
class SysmonParserSniffTest {
  private final SysmonParser parser = new SysmonParser();

  /** Returns the first 64 KiB of a sample, decoded as the scanner decodes a head. */
  private static String head(String name) throws IOException {
    try (InputStream in = Files.newInputStream(CollectingSink.SAMPLES.resolve(name))) {
      return new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sampleHeadsScoreHigh() throws IOException {
    for (String name :
        List.of(
            "mordor_covenant_psremoting_grunt_lines2900-3650.json",
            "mordor_covenant_sharpsc_query_dcerpc_smb_svcctl.json",
            "mordor_log4shell_sysmon_win_azurela.json",
            "mordor_log4shell_sysmon_linux_syslog_azurela.json",
            "sigma_regression_proc_creation_win_curl_download_direct_ip_exec.json",
            "sigma_regression_proc_creation_win_curl_insecure_proxy_or_doh.json",
            "constructed/winlogbeat_sysmon_imds.ndjson",
            "constructed/sysmon_events_imds.xml",
            "constructed/sysmon_linux_syslog_imds.log")) {
      assertEquals(95, parser.sniff(head(name)), name);
    }
  }

  /** The first Sysmon record of this file starts at byte 114,875, after the 64 KiB head. */
  @Test
  void mixedExportWithoutSysmonInHead() throws IOException {
    assertEquals(60, parser.sniff(head("mordor_cmd_bitsadmin_download_psh_script.json")));
  }

  @Test
  void windowsEventsOfOtherChannelsScoreLower() {
    assertEquals(
        60, parser.sniff("{\"EventID\":4624,\"Channel\":\"Security\",\"Hostname\":\"dc1\"}\n"));
    assertEquals(
        40, parser.sniff("{\"winlog\":{\"event_id\":\"4624\",\"channel\":\"Security\"}}\n"));
    assertEquals(
        40,
        parser.sniff(
            "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                + "<Provider Name='Microsoft-Windows-Security-Auditing'/>"));
  }

  @Test
  void sysmonNameWithoutEventStructure() {
    assertEquals(70, parser.sniff("{\"note\":\"installed Microsoft-Windows-Sysmon\"}"));
  }

  @Test
  void otherFormatsScoreZero() {
    assertEquals(0, parser.sniff(""));
    assertEquals(0, parser.sniff("type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e"));
    assertEquals(
        0, parser.sniff("{\"ts\":1591367999.3,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}"));
    assertEquals(0, parser.sniff("#separator \\x09\n#fields\tts\tuid\n"));
    assertEquals(0, parser.sniff("<Events><EventData>Microsoft-Windows-Sysmon</EventData>"));
  }

  @Test
  void formatName() {
    assertEquals("sysmon", parser.format());
  }

  @Test
  void registeredAsService() {
    List<String> formats =
        ServiceLoader.load(EventParser.class).stream()
            .map(provider -> provider.get().format())
            .collect(Collectors.toList());

    assertTrue(formats.contains("sysmon"), formats::toString);
  }
}

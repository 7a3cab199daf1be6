package io.github.imdsdetect.windows;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import io.github.imdsdetect.sysmon.WindowsEventReader;
import io.github.imdsdetect.sysmon.WindowsEventRecord;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Windows Security log process creation (event ID 4688) and permitted connection (5156)
 * events, in every shape that {@link WindowsEventReader} reads: rendered event XML, NXLog JSON,
 * Winlogbeat and Elastic Agent JSON, Azure Log Analytics exports and evtx_dump JSON.
 *
 * <p>A 4688 maps {@code NewProcessName} to the process executable and name, {@code CommandLine},
 * {@code ParentProcessName} to the parent executable and name, the target or else the creator
 * account to the user, and {@code Computer} to the host. An outbound 5156 maps {@code
 * Application}, an NT device path passed on unchanged, to the process executable and name, and
 * {@code DestAddress} and {@code DestPort} to the destination.
 *
 * <p>Everything else is reported as ignored: inbound 5156 records ({@code Security event 5156
 * inbound}), 5156 records without a known direction, other Security events ({@code Security
 * event 4624}) and records of other channels ({@code Microsoft-Windows-Sysmon/Operational event
 * 3}). A file that mixes Sysmon and Security records, such as a Mordor export, needs two runs, one
 * with {@code --format sysmon} and one with {@code --format windows}, because each adapter ignores
 * the other's records.
 */
public final class WindowsSecurityParser implements EventParser {
  private static final WindowsEventReader READER =
      new WindowsEventReader(SecurityEventMapping.DATA_NAMES);

  /** Creates a parser, which keeps no state between calls. */
  public WindowsSecurityParser() {}

  @Override
  public String format() {
    return "windows";
  }

  @Override
  public int sniff(String head) {
    return WindowsSecuritySniffer.score(head);
  }

  @Override
  public long parse(InputStream in, String source, ParseLimits limits, ParseSink sink)
      throws IOException {
    CountingSink counting = CountingSink.of(sink);
    return READER.read(
        in,
        limits,
        counting,
        new WindowsEventReader.RecordHandler() {
          @Override
          public boolean accept(WindowsEventRecord header) {
            return SecurityEventMapping.accept(header, counting);
          }

          @Override
          public void record(WindowsEventRecord record) {
            SecurityEventMapping.map(record, source, limits.maxFieldChars(), counting);
          }
        });
  }
}

package io.github.imdsdetect.sysmon;

import io.github.imdsdetect.adapter.CountingSink;
import io.github.imdsdetect.adapter.EventParser;
import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.adapter.ParseSink;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Sysmon process creation (event ID 1), network connection (3) and DNS query (22) events
 * from Windows Sysmon and Sysmon for Linux, in every shape that {@link WindowsEventReader} reads:
 * rendered event XML and syslog lines with Sysmon for Linux XML, NXLog JSON, Winlogbeat and
 * Elastic Agent JSON, Azure Log Analytics exports and evtx_dump JSON.
 *
 * <p>Records of other channels and other Sysmon event IDs are reported as ignored with kinds such
 * as {@code Security event 5156} and {@code Sysmon event 10}. The Windows Security adapter
 * ({@code --format windows}) reads the Security events 4688 and 5156 of the same files.
 */
public final class SysmonParser implements EventParser {
  private static final WindowsEventReader READER = new WindowsEventReader(SysmonRecord.DATA_NAMES);

  /** Creates a parser, which keeps no state between calls. */
  public SysmonParser() {}

  @Override
  public String format() {
    return "sysmon";
  }

  @Override
  public int sniff(String head) {
    return SysmonSniffer.score(head);
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
            return SysmonRecord.accept(header, counting);
          }

          @Override
          public void record(WindowsEventRecord record) {
            counting.event(
                SysmonRecord.toEvent(record, source, limits.maxFieldChars(), counting));
          }
        });
  }
}

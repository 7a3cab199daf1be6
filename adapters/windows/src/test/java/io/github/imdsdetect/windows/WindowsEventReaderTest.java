package io.github.imdsdetect.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.imdsdetect.adapter.ParseLimits;
import io.github.imdsdetect.sysmon.WindowsEventReader;
import io.github.imdsdetect.sysmon.WindowsEventRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Checks the shared reader's contract as the Windows Security parser relies on it. */
class WindowsEventReaderTest {

  /**
   * Records what a handler sees: the header fields when {@code accept} is called, and a probe's
   * result for each delivered record, taken during the call because a record is valid only then.
   */
  private static final class RecordingHandler implements WindowsEventReader.RecordHandler {
    final List<String> accepted = new ArrayList<>();
    final List<String> probed = new ArrayList<>();
    private final Predicate<WindowsEventRecord> accept;
    private final Function<WindowsEventRecord, String> probe;

    RecordingHandler(
        Predicate<WindowsEventRecord> accept, Function<WindowsEventRecord, String> probe) {
      this.accept = accept;
      this.probe = probe;
    }

    @Override
    public boolean accept(WindowsEventRecord header) {
      accepted.add(
          header.line() + " " + header.eventId() + " " + header.channel() + " "
              + header.data("Image"));
      return accept.test(header);
    }

    @Override
    public void record(WindowsEventRecord record) {
      probed.add(probe.apply(record));
    }
  }

  private static RecordingHandler read(
      String text,
      Set<String> dataNames,
      Predicate<WindowsEventRecord> accept,
      Function<WindowsEventRecord, String> probe)
      throws IOException {
    RecordingHandler handler = new RecordingHandler(accept, probe);
    CollectingSink sink = new CollectingSink();
    new WindowsEventReader(dataNames)
        .read(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            ParseLimits.DEFAULTS,
            sink,
            handler);
    assertEquals(List.of(), sink.skipped);
    return handler;
  }

  @Test
  void jsonHeaderBeforeData() throws IOException {
    String lines =
        "{\"EventID\":1,\"Channel\":\"A\",\"Image\":\"x.exe\",\"CommandLine\":\"x\"}\n"
            + "{\"EventID\":2,\"Channel\":\"B\",\"Image\":\"y.exe\",\"CommandLine\":\"y\"}\n";
    RecordingHandler handler =
        read(
            lines,
            Set.of("Image"),
            header -> header.eventId() == 2,
            record -> record.data("Image") + " " + record.data("CommandLine"));

    assertEquals(List.of("1 1 A null", "2 2 B null"), handler.accepted);
    assertEquals(List.of("y.exe null"), handler.probed);
  }

  @Test
  void xmlRecordFields() throws IOException {
    String xml =
        "<Event><System><EventID>7</EventID><Channel>C</Channel><Computer>h</Computer>"
            + "<TimeCreated SystemTime='2024-01-02T03:04:05Z'/></System>"
            + "<EventData><Data Name='Image'>z.exe</Data></EventData></Event>\n";
    RecordingHandler handler =
        read(
            xml,
            Set.of("Image"),
            header -> true,
            record ->
                String.join(
                    " ",
                    record.computer(),
                    record.systemTime(),
                    record.data("Image"),
                    String.valueOf(record.jsonValue("Image"))));

    assertEquals(List.of("1 7 C z.exe"), handler.accepted);
    assertEquals(List.of("h 2024-01-02T03:04:05Z z.exe null"), handler.probed);
  }

  @Test
  void jsonValuesUnderSource() throws IOException {
    String hit =
        "{\"_source\":{\"winlog\":{\"event_id\":5,\"channel\":\"D\"},"
            + "\"agent\":{\"name\":\"a1\"}}}\n";
    RecordingHandler handler =
        read(hit, Set.of(), header -> true, record -> record.jsonValue("agent.id", "agent.name"));

    assertEquals(List.of("a1"), handler.probed);
  }

  @Test
  void providerGuidComparison() throws IOException {
    String line = "{\"EventID\":1,\"ProviderGuid\":\"{ABCDEF01-0000-0000-0000-000000000000}\"}\n";
    RecordingHandler handler =
        read(
            line,
            Set.of(),
            header -> true,
            record ->
                record.hasProviderGuid("abcdef01-0000-0000-0000-000000000000")
                    + " "
                    + record.hasProviderGuid("{ABCDEF01-0000-0000-0000-000000000000}")
                    + " "
                    + record.hasProviderGuid("ABCDEF01-0000-0000-0000-000000000001"));

    assertEquals(List.of("true true false"), handler.probed);
  }

  @Test
  void sourceNames() throws IOException {
    String lines =
        "{\"EventID\":1,\"Channel\":\" Security \"}\n"
            + "{\"EventID\":1,\"Provider\":\"P\"}\n"
            + "{\"EventID\":1}\n"
            + "{\"EventID\":1,\"Channel\":\""
            + "c".repeat(70)
            + "\"}\n";
    RecordingHandler handler =
        read(lines, Set.of(), header -> true, WindowsEventRecord::sourceName);

    assertEquals(
        List.of("Security", "P", "Unknown channel", "c".repeat(64) + "..."), handler.probed);
  }

  @Test
  void fileNameAndPort() {
    assertEquals("a.exe", WindowsEventRecord.fileName("\\device\\harddiskvolume2\\a.exe"));
    assertNull(WindowsEventRecord.fileName("C:\\dir\\"));
    assertEquals(80, WindowsEventRecord.port(" 80 "));
    assertEquals(-1, WindowsEventRecord.port("65536"));
  }
}

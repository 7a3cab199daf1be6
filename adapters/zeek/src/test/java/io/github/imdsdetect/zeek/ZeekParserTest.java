package io.github.imdsdetect.zeek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.adapter.EventParser;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Checks ZeekParser's format name, sniffing and service registration. */
class ZeekParserTest {
  private final ZeekParser parser = new ZeekParser();

  @Test
  void sniffScoresZeekHeaders() {
    assertEquals(100, parser.sniff("#separator \\x09\n#set_separator\t,\n"));
    assertEquals(100, parser.sniff("### BTest baseline data\n#separator \\x09\n"));
    assertEquals(90, parser.sniff("#fields\tts\tuid\n"));
    assertEquals(90, parser.sniff("{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}\n"));
    assertEquals(95, parser.sniff("{\"_path\":\"dns\",\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}"));
    assertEquals(
        95, parser.sniff("{\"@stream\":\"conn\",\"uid\":\"C1\",\"id_orig_h\":\"10.0.0.1\"}"));
  }

  @Test
  void sniffRejectsOtherFormats() {
    assertEquals(0, parser.sniff(""));
    assertEquals(0, parser.sniff("\n\n"));
    assertEquals(0, parser.sniff("{\"uid\":\"C1\",\"process\":{\"name\":\"curl\"}}"));
    assertEquals(0, parser.sniff("{\"rule\":\"r\",\"priority\":\"Notice\",\"output_fields\":{}}"));
    assertEquals(
        0,
        parser.sniff(
            "10.0.0.7 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326 \"-\" \"-\""));
    assertEquals(0, parser.sniff("# a comment\nplain text\n"));
  }

  @Test
  void serviceLoaderFindsParser() {
    boolean found = false;
    for (EventParser candidate : ServiceLoader.load(EventParser.class)) {
      found |= candidate instanceof ZeekParser && candidate.format().equals("zeek");
    }
    assertTrue(found, "META-INF/services registers ZeekParser");
  }
}

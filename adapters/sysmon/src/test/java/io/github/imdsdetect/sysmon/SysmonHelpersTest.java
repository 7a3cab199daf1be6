package io.github.imdsdetect.sysmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit checks of the small text helpers behind the mapping and the XML repairs. */
class SysmonHelpersTest {

  @Test
  void fileNameOfPaths() {
    assertEquals("curl.exe", SysmonRecord.fileName("C:\\Windows\\System32\\curl.exe"));
    assertEquals("curl", SysmonRecord.fileName("/usr/bin/curl"));
    assertEquals("wdavdaemon", SysmonRecord.fileName("wdavdaemon"));
    assertEquals("a.exe", SysmonRecord.fileName("\\\\server\\share/dir\\a.exe"));
    assertNull(SysmonRecord.fileName("C:\\Windows\\"));
    assertNull(SysmonRecord.fileName(null));
  }

  @Test
  void portParsing() {
    assertEquals(80, SysmonRecord.port("80"));
    assertEquals(443, SysmonRecord.port(" 443 "));
    assertEquals(0, SysmonRecord.port("0"));
    assertEquals(65535, SysmonRecord.port("65535"));
    assertEquals(-1, SysmonRecord.port("65536"));
    assertEquals(-1, SysmonRecord.port("-1"));
    assertEquals(-1, SysmonRecord.port("http"));
    assertEquals(-1, SysmonRecord.port("99999999999"));
    assertEquals(-1, SysmonRecord.port(""));
    assertEquals(-1, SysmonRecord.port(null));
  }

  @Test
  void accountWithinCapJoined() {
    CollectingSink sink = new CollectingSink();

    assertEquals("CORP\\alice", WindowsEventRecord.account("CORP", "alice", 7, 10, sink));
    assertEquals(List.of(), sink.truncated);
  }

  @Test
  void accountOverCapCut() {
    CollectingSink sink = new CollectingSink();

    assertEquals("CORP\\al", WindowsEventRecord.account("CORP", "alice", 7, 7, sink));
    assertEquals(List.of(new CollectingSink.Truncation(7, "user.name", 10)), sink.truncated);
  }

  @Test
  void accountCutKeepsSurrogatePair() {
    CollectingSink sink = new CollectingSink();

    // The cap of 6 chars falls between the two chars of U+1F600, so the cut drops the pair.
    assertEquals("CORP\\", WindowsEventRecord.account("CORP", "\uD83D\uDE00x", 1, 6, sink));
    assertEquals(List.of(new CollectingSink.Truncation(1, "user.name", 8)), sink.truncated);
  }

  @Test
  void closeOpenElementsInsideText() {
    assertEquals(
        "<Event><EventData><Data Name='C'>curl htt</Data></EventData></Event>",
        XmlEventReader.closeOpenElements("<Event><EventData><Data Name='C'>curl htt"));
  }

  @Test
  void closeOpenElementsDropsSplitTag() {
    assertEquals(
        "<Event><System><EventID>1</EventID></System></Event>",
        XmlEventReader.closeOpenElements("<Event><System><EventID>1</EventID><Chan"));
  }

  @Test
  void closeOpenElementsDropsSplitReference() {
    assertEquals(
        "<Event><Data>a </Data></Event>", XmlEventReader.closeOpenElements("<Event><Data>a &am"));
  }

  @Test
  void closeOpenElementsSkipsClosedAndEmpty() {
    assertEquals(
        "<?xml version='1.0'?><Event><Correlation/><!-- c --><A></A><B>x</B></Event>",
        XmlEventReader.closeOpenElements(
            "<?xml version='1.0'?><Event><Correlation/><!-- c --><A></A><B>x"));
  }

  @Test
  void closeOpenElementsRejectsDeepNesting() {
    assertNull(XmlEventReader.closeOpenElements("<a>".repeat(XmlEventReader.MAX_REPAIR_DEPTH + 1)));
  }

  @Test
  void semicolonsAdded() {
    assertEquals(
        "&lt; unknown process&gt; ",
        XmlEventReader.addMissingSemicolons("&lt unknown process&gt "));
    assertEquals("a &quot;b&quot;", XmlEventReader.addMissingSemicolons("a &quotb&quot"));
    assertEquals("&amp;&apos;", XmlEventReader.addMissingSemicolons("&amp&apos"));
  }

  @Test
  void validXmlUnchanged() {
    String valid = "<a b='&amp;'>&lt;x&gt; &#38; &#x26; &quot;</a>";
    assertSame(valid, XmlEventReader.addMissingSemicolons(valid));
    String plain = "no references";
    assertSame(plain, XmlEventReader.addMissingSemicolons(plain));
  }

  @Test
  void startTagFound() {
    assertEquals(5, XmlEventScanner.findStart("abc: <Event xmlns='x'>", 0));
    assertEquals(0, XmlEventScanner.findStart("<Event>", 0));
    assertEquals(0, XmlEventScanner.findStart("<Event", 0));
    assertEquals(-1, XmlEventScanner.findStart("<Events><EventData><EventID>", 0));
  }

  @Test
  void endTagFound() {
    assertEquals(8, XmlEventScanner.findEnd("</Event>", 0));
    assertEquals(10, XmlEventScanner.findEnd("</Event  >", 0));
    assertEquals(-1, XmlEventScanner.findEnd("</Events></EventData>", 0));
  }

  @Test
  void prologStripped() {
    assertEquals(
        "",
        XmlEventScanner.stripProlog(
            "\uFEFF<?xml version='1.0'?><!-- x --><Events xmlns='y'></Events>"));
    assertEquals("<Evnt>", XmlEventScanner.stripProlog("<Events><Evnt>"));
    assertEquals("<?xml", XmlEventScanner.stripProlog("<?xml"));
  }
}

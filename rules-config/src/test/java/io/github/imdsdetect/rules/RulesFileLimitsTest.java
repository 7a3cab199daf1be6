package io.github.imdsdetect.rules;

import static io.github.imdsdetect.rules.Fixtures.SOURCE;
import static io.github.imdsdetect.rules.Fixtures.TODAY;
import static io.github.imdsdetect.rules.Fixtures.load;
import static io.github.imdsdetect.rules.Fixtures.loadError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.SimpleEvent;
import java.io.Reader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each size limit: the largest accepted input loads, and one more is a clear error. */
class RulesFileLimitsTest {

  /** Returns comment lines that add up to exactly {@code bytes} bytes of UTF-8. */
  private static String commentsOfBytes(int bytes, char filler) {
    int fillerBytes = Limits.utf8Length(filler);
    StringBuilder text = new StringBuilder();
    int remaining = bytes;
    while (remaining > 0) {
      // "#" plus the filler plus "\n" per line, each line well under the line limit.
      int fillers = Math.min(4000, (remaining - 2) / fillerBytes);
      if (fillers <= 0) {
        text.append("#".repeat(remaining));
        break;
      }
      text.append('#').append(String.valueOf(filler).repeat(fillers)).append('\n');
      remaining -= 2 + fillers * fillerBytes;
    }
    return text.toString();
  }

  @Test
  void fileAtSizeLimitLoads() throws Exception {
    String text = commentsOfBytes(Limits.MAX_FILE_BYTES, 'x');
    assertEquals(Limits.MAX_FILE_BYTES, Limits.utf8Length(text));

    RulesFile.Result result = RulesFile.apply(RuleSet.defaults(), text, SOURCE, TODAY);

    assertEquals(RuleSet.defaults().rules(), result.ruleSet().rules());
  }

  @Test
  void fileOverSizeLimitIsRejected() {
    String text = commentsOfBytes(Limits.MAX_FILE_BYTES + 1, 'x');

    RulesFileException e = assertThrows(RulesFileException.class,
        () -> RulesFile.apply(RuleSet.defaults(), text, SOURCE, TODAY));

    assertEquals(0, e.line());
    assertNull(e.key());
    assertEquals("rules.ini: the file is larger than the limit of 1048576 bytes (1 MiB); split"
        + " it or remove entries that are no longer needed", e.getMessage());
  }

  @Test
  void fileSizeCountsUtf8Bytes() {
    String text = commentsOfBytes(Limits.MAX_FILE_BYTES + 1, '\u00e9');
    assertTrue(text.length() < Limits.MAX_FILE_BYTES);

    RulesFileException e = assertThrows(RulesFileException.class,
        () -> RulesFile.apply(RuleSet.defaults(), new StringReader(text), SOURCE, TODAY));

    assertEquals(0, e.line());
  }

  @Test
  void endlessReaderStopsAtSizeLimit() {
    Reader endless = new Reader() {
      @Override
      public int read(char[] buffer, int offset, int length) {
        for (int i = 0; i < length; i++) {
          buffer[offset + i] = i % 64 == 63 ? '\n' : '#';
        }
        return length;
      }

      @Override
      public void close() {}
    };

    RulesFileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(RulesFileException.class,
            () -> RulesFile.apply(RuleSet.defaults(), endless, SOURCE, TODAY)));

    assertEquals(0, e.line());
  }

  @Test
  void lineAtLengthLimitLoads() throws Exception {
    String comment = "# " + "y".repeat(Limits.MAX_LINE_BYTES - 2);
    String reason = "reason = acme" + " ".repeat(Limits.MAX_LINE_BYTES - 13);
    assertEquals(Limits.MAX_LINE_BYTES, Limits.utf8Length(comment));
    assertEquals(Limits.MAX_LINE_BYTES, Limits.utf8Length(reason));

    RulesFile.Result result = load(comment, "[allow acme]", "rules = *", "name = acme-agent",
        reason);

    assertTrue(result.ruleSet().rule("imds.http.url").exclusions().stream()
        .anyMatch(e -> e.description().startsWith("acme (")));
  }

  @Test
  void lineOverLengthLimitIsRejected() {
    RulesFileException e = loadError("[rule imds.http.url]", "#" + "y".repeat(8192));

    assertEquals(2, e.line());
    assertNull(e.key());
    assertEquals("line is 8193 bytes long, over the limit of 8192 bytes", e.reason());
  }

  @Test
  void lineLengthCountsUtf8Bytes() {
    RulesFileException e = loadError("#" + "\u00e9".repeat(4096));

    assertEquals(1, e.line());
    assertEquals("line is 8193 bytes long, over the limit of 8192 bytes", e.reason());
  }

  private static String indicators(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append("[indicator]\nrule = imds.cmdline.path\ncontains = x-limit-").append(i)
          .append("-end\n");
    }
    return text.toString();
  }

  @Test
  void thousandIndicatorsLoadAndRun() throws Exception {
    RulesFile.Result result =
        RulesFile.apply(RuleSet.defaults(), indicators(1000), SOURCE, TODAY);

    int builtIn = RuleSet.defaults().rule("imds.cmdline.path").indicators().size();
    assertEquals(builtIn + 1000, result.ruleSet().rule("imds.cmdline.path").indicators().size());
    Detector detector = Detector.create(result.ruleSet());
    assertEquals(1, detector.detect(SimpleEvent.builder().commandLine("run x-limit-999-end")
        .build()).size());
  }

  @Test
  void indicatorOverLimitIsRejected() {
    RulesFileException e = assertThrows(RulesFileException.class,
        () -> RulesFile.apply(RuleSet.defaults(), indicators(1001), SOURCE, TODAY));

    assertEquals(3001, e.line());
    assertEquals("more than 1000 [indicator] sections; that is the limit for one file",
        e.reason());
  }

  private static String allowEntries(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append("[allow e").append(i).append("]\nrules = imds.net.connection\nexecutable = /opt/e")
          .append(i).append("/agent\nreason = test\n");
    }
    return text.toString();
  }

  @Test
  void thousandAllowEntriesLoad() throws Exception {
    RulesFile.Result result =
        RulesFile.apply(RuleSet.defaults(), allowEntries(1000), SOURCE, TODAY);

    int builtIn = RuleSet.defaults().rule("imds.net.connection").exclusions().size();
    assertEquals(builtIn + 1000, result.ruleSet().rule("imds.net.connection").exclusions()
        .size());
  }

  @Test
  void allowEntryOverLimitIsRejected() {
    RulesFileException e = assertThrows(RulesFileException.class,
        () -> RulesFile.apply(RuleSet.defaults(), allowEntries(1001), SOURCE, TODAY));

    assertEquals(4001, e.line());
    assertEquals("more than 1000 [allow ID] sections; that is the limit for one file",
        e.reason());
  }

  @Test
  void valueAtLengthLimitLoads() throws Exception {
    String pattern = "x-" + "a".repeat(Limits.MAX_VALUE_CHARS - 2);

    RulesFile.Result result = load("[indicator]", "rule = imds.cmdline.path",
        "contains = " + pattern);

    assertTrue(result.ruleSet().rule("imds.cmdline.path").indicators().stream()
        .anyMatch(i -> i.pattern().equals(pattern)));
  }

  @Test
  void valueOverLengthLimitIsRejected() {
    RulesFileException e = loadError("[indicator]", "rule = imds.cmdline.path",
        "like = %" + "a".repeat(Limits.MAX_VALUE_CHARS - 1) + "%");

    assertEquals(3, e.line());
    assertEquals("like", e.key());
    assertEquals("value is 1001 chars long, over the limit of 1000", e.reason());
  }

  @Test
  void listItemOverLengthLimitIsRejected() {
    RulesFileException e = loadError("[allow acme]", "rules = *", "reason = acme",
        "executable = /opt/acme/agent, /opt/" + "a".repeat(Limits.MAX_VALUE_CHARS));

    assertEquals(4, e.line());
    assertEquals("executable", e.key());
    assertEquals("value is 1005 chars long, over the limit of 1000", e.reason());
  }

  private static String names(int count) {
    StringBuilder names = new StringBuilder("name = ");
    for (int i = 0; i < count; i++) {
      names.append(i == 0 ? "" : ", ").append("agent-").append(i);
    }
    return names.toString();
  }

  @Test
  void listAtItemLimitLoads() throws Exception {
    RulesFile.Result result = load("[allow acme]", "rules = imds.net.connection",
        "reason = acme", names(Limits.MAX_LIST_ITEMS));

    Rule rule = result.ruleSet().rule("imds.net.connection");
    assertEquals(100, rule.exclusions().get(rule.exclusions().size() - 1).names().size());
  }

  @Test
  void listOverItemLimitIsRejected() {
    RulesFileException e = loadError("[allow acme]", "rules = imds.net.connection",
        "reason = acme", names(Limits.MAX_LIST_ITEMS + 1));

    assertEquals(4, e.line());
    assertEquals("name", e.key());
    assertEquals("more than 100 items in one list; split the entry", e.reason());
  }

  @Test
  void idOverLengthLimitIsRejected() {
    String id = "a".repeat(Limits.MAX_ID_CHARS + 1);

    RulesFileException e = loadError("[allow " + id + "]");

    assertEquals(1, e.line());
    assertTrue(e.reason().startsWith("invalid id '" + id + "'; an id has at most 100 chars"),
        e.reason());
  }

  @Test
  void idAtLengthLimitLoads() throws Exception {
    String id = "a".repeat(Limits.MAX_ID_CHARS);

    RulesFile.Result result = load("[allow " + id + "]", "rules = *", "name = acme-agent",
        "reason = acme");

    assertEquals(id, result.ruleSet().rule("imds.http.url").exclusions().get(
        result.ruleSet().rule("imds.http.url").exclusions().size() - 1).id());
  }

  @Test
  void regexAtExpansionLimitLoads() throws Exception {
    load("[indicator]", "rule = imds.cmdline.path", "regex = x-re(?:ab){998}",
        "required_literal = x-re");
  }

  @Test
  void regexOverExpansionLimitIsRejected() {
    RulesFileException e = loadError("[indicator]", "rule = imds.cmdline.path",
        "regex = x-re(?:ab){998}c", "required_literal = x-re");

    assertEquals(3, e.line());
    assertEquals("regex", e.key());
    assertTrue(e.reason().startsWith("the expression expands to about 2001 atoms"), e.reason());
  }

  @Test
  void regexTotalOverLimitIsRejected() {
    // Five expressions of 2,000 atoms reach the file's total of 10,000; the sixth passes it.
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      lines.addAll(List.of("[indicator]", "rule = imds.cmdline.path",
          "regex = x-r" + i + "(?:ab){998}", "required_literal = x-r" + i));
    }

    RulesFileException e = loadError(lines.toArray(new String[0]));

    assertEquals(23, e.line());
    assertEquals("regex", e.key());
    assertTrue(e.reason().startsWith("the regex indicators of the file up to this one expand to"
        + " about 12000 atoms together, over the limit of 10000"), e.reason());
  }

  @Test
  void regexTotalAtLimitLoads() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lines.addAll(List.of("[indicator]", "rule = imds.cmdline.path",
          "regex = x-r" + i + "(?:ab){998}", "required_literal = x-r" + i));
    }

    load(lines.toArray(new String[0]));
  }

  @Test
  void nestedRepetitionIsRejectedQuickly() {
    // re2j 1.8 runs out of memory compiling this; the estimate must reject it first.
    RulesFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> loadError("[indicator]", "rule = imds.cmdline.path",
            "regex = x-re((a{1000}){1000}){1000}", "required_literal = x-re"));

    assertEquals("regex", e.key());
    assertTrue(e.reason().startsWith("the expression expands to about 1000000004 atoms"),
        e.reason());
  }

  @Test
  void deeplyNestedGroupsWithinLimitsLoad() throws Exception {
    String regex = "x-re" + "(".repeat(490) + "a" + ")".repeat(490);

    load("[indicator]", "rule = imds.cmdline.path", "regex = " + regex,
        "required_literal = x-re");
  }
}

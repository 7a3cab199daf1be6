package io.github.imdsdetect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command lines that try to forge output lines or drive the terminal: each finding must stay
 * exactly one output line, in JSON and in text mode, and the JSON must give back the exact input.
 */
class OutputSafetyTest {
  /** The test parser's escaped form of each hostile command line, and the decoded form. */
  private static final String[][] HOSTILE = {
    {
      "curl 169.254.169.254\\n{\"source\":\"forged\",\"rule_id\":\"fake\"}",
      "curl 169.254.169.254\n{\"source\":\"forged\",\"rule_id\":\"fake\"}"
    },
    {"curl 169.254.169.254\\r\\e[2K\\e[1Aclean", "curl 169.254.169.254\r\u001b[2K\u001b[1Aclean"},
    {"curl 169.254.169.254 \\u009b31m C1 CSI", "curl 169.254.169.254 \u009b31m C1 CSI"},
    {"curl 169.254.169.254 \\u2028 line separator", "curl 169.254.169.254 \u2028 line separator"},
    {"curl 169.254.169.254 \\u202e reversed", "curl 169.254.169.254 \u202e reversed"},
    {"curl 169.254.169.254 \\x00\\x07\\x7f nul bel del", "curl 169.254.169.254 \u0000\u0007\u007f nul bel del"},
    {"curl 169.254.169.254 \\ud800 lone surrogate", "curl 169.254.169.254 \ud800 lone surrogate"},
    {"curl 169.254.169.254 \\ud83d\\ude00 emoji", "curl 169.254.169.254 \ud83d\ude00 emoji"},
  };

  @TempDir Path dir;

  @Test
  void jsonLinesSurviveHostileCommandLines() throws IOException {
    Path file = writeHostileEvents();

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    assertTrue(run.out().endsWith("\n"), run.describe());
    List<String> lines = run.outLines();
    assertEquals(HOSTILE.length, lines.size(), run.describe());
    for (int i = 0; i < HOSTILE.length; i++) {
      String line = lines.get(i);
      assertNoTerminalControls(line);
      Map<String, Object> finding = JsonLines.parseObject(line);
      assertEquals(file.toString(), finding.get("source"));
      assertEquals((long) (i + 2), finding.get("line"));
      assertEquals("imds.cmdline.endpoint", finding.get("rule_id"));
      @SuppressWarnings("unchecked")
      Map<String, Object> event = (Map<String, Object>) finding.get("event");
      assertEquals(HOSTILE[i][1], event.get("command_line"), "command line of line " + (i + 2));
    }
  }

  @Test
  void textLinesSurviveHostileCommandLines() throws IOException {
    Path file = writeHostileEvents();

    CliRun run = CliRun.run("scan", "--output", "text", file.toString());

    assertEquals(1, run.exitCode(), run.describe());
    List<String> lines = run.outLines();
    assertEquals(HOSTILE.length, lines.size(), run.describe());
    for (int i = 0; i < HOSTILE.length; i++) {
      String line = lines.get(i);
      assertNoTerminalControls(line);
      String prefix = file + ":" + (i + 2) + " ";
      assertTrue(line.startsWith(prefix), line);
      assertTrue(line.substring(prefix.length()).matches("[A-Z]+ imds\\.cmdline\\.endpoint"
          + " matched '169\\.254\\.169\\.254' in process\\.command_line: .*"), line);
    }
  }

  @Test
  void textModeShowsEscapes() {
    assertEquals("a\\nb\\rc\\td\\x1b[0m\\x00\\x7f", VisibleText.escape("a\nb\rc\td\u001b[0m\u0000\u007f"));
    assertEquals("\\u009b \\u2028 \\u202e \\u2066", VisibleText.escape("\u009b \u2028 \u202e \u2066"));
    assertEquals("x\\ud800y", VisibleText.escape("x\ud800y"));
    assertEquals("x\\udc00y", VisibleText.escape("x\udc00y"));
    assertEquals("\ud83d\ude00 ok", VisibleText.escape("\ud83d\ude00 ok"));
    assertEquals("C:\\Windows\\curl.exe é", VisibleText.escape("C:\\Windows\\curl.exe é"));
  }

  @Test
  void hostileFileNameIsEscapedOnStandardError() throws IOException {
    Path file = dir.resolve("evil\nname\u001b[31m.log");
    Files.writeString(file, "not a known format\n", StandardCharsets.UTF_8);

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(2, run.exitCode(), run.describe());
    for (String line : run.errLines()) {
      assertNoTerminalControls(line);
    }
    assertTrue(run.err().contains("evil\\nname\\x1b[31m.log"), run.describe());
  }

  @Test
  void hostileSkipReasonIsEscaped() throws IOException {
    Path file = dir.resolve("events.txt");
    Files.writeString(file, TestEventsParser.HEADER + "\n!skip bad\\nforged: line\\e[2J\n",
        StandardCharsets.UTF_8);

    CliRun run = CliRun.run("scan", file.toString());

    assertEquals(0, run.exitCode(), run.describe());
    assertTrue(run.err().contains(file + ":2: skipped: bad\\nforged: line\\x1b[2J\n"),
        run.describe());
  }

  private Path writeHostileEvents() throws IOException {
    StringBuilder text = new StringBuilder(TestEventsParser.HEADER).append('\n');
    for (String[] hostile : HOSTILE) {
      text.append("command_line=").append(hostile[0]).append('\n');
    }
    Path file = dir.resolve("hostile.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static void assertNoTerminalControls(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < line.length()
          && Character.isLowSurrogate(line.charAt(i + 1));
      if (paired) {
        i++;
        continue;
      }
      assertFalse(c < 0x20 || c == 0x7f || VisibleText.isUnsafeNonAscii(c),
          String.format("raw U+%04X at %d in: %s", (int) c, i, VisibleText.escape(line)));
    }
  }
}

package io.github.imdsdetect.rules;

import static io.github.imdsdetect.rules.Fixtures.loadError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation error, with the line and key that it names. */
class RulesFileErrorTest {

  /** Lines 1 to 3 of a valid allow-list entry; the extra lines start at line 4. */
  private static String[] allow(String... extra) {
    List<String> lines = new ArrayList<>(List.of(
        "[allow acme]", "rules = imds.net.connection", "reason = acme agent"));
    lines.addAll(List.of(extra));
    return lines.toArray(new String[0]);
  }

  /** Lines 1 and 2 of an indicator for imds.cmdline.path; the extra lines start at line 3. */
  private static String[] indicator(String... extra) {
    List<String> lines = new ArrayList<>(List.of("[indicator]", "rule = imds.cmdline.path"));
    lines.addAll(List.of(extra));
    return lines.toArray(new String[0]);
  }

  private static String[] lines(String... lines) {
    return lines;
  }

  private static Arguments error(String name, String[] lines, int line, String key,
      String reasonPart) {
    return Arguments.of(name, lines, line, key, reasonPart);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        // Syntax.
        error("line without equals", lines("[rule imds.http.url]", "severity high"), 2, null,
            "expected 'key = value', a [section] header or a # comment, found: severity high"),
        error("unknown section", lines("[rules imds.http.url]"), 1, null,
            "unknown section [rules imds.http.url]; the sections are [rule RULE_ID], [indicator]"
                + " and [allow ID]"),
        error("empty header", lines("[]"), 1, null, "unknown section []"),
        error("header without bracket", lines("[rule imds.http.url"), 1, null,
            "does not end with ]"),
        error("comment after header", lines("[rule imds.http.url] # raise"), 1, null,
            "does not end with ]; comments must be on a line of their own"),
        error("indicator with id", lines("[indicator imds.http.url]"), 1, null,
            "[indicator] takes no id, but the header names 'imds.http.url'"),
        error("rule without id", lines("[rule]"), 1, null,
            "missing id; write the header as [rule RULE_ID]"),
        error("allow without id", lines("", "[allow]"), 2, null,
            "missing id; write the header as [allow ID]"),
        error("invalid id", lines("[allow acme/agent]"), 1, null, "invalid id 'acme/agent'"),
        error("two ids", lines("[allow acme agent]"), 1, null, "has more than one id"),
        error("setting before section", lines("# top", "severity = high"), 2, "severity",
            "setting before the first section header"),
        error("invalid key", lines("[rule imds.http.url]", "Severity = high"), 2, null,
            "invalid key 'Severity'"),
        error("empty key", lines("[rule imds.http.url]", "= high"), 2, null, "invalid key ''"),
        error("unknown key", lines("[rule imds.http.url]", "severty = high"), 2, "severty",
            "unknown key in [rule imds.http.url]; the keys of [rule] are disable, severity,"
                + " remove_exclusion"),
        error("key of another section", indicator("reason = why"), 3, "reason",
            "unknown key in [indicator]"),
        error("duplicate key", lines("[rule imds.http.url]", "severity = high", "",
            "severity = low"), 4, "severity",
            "set twice in [rule imds.http.url]; the first is on line 2"),
        error("empty value", lines("[rule imds.http.url]", "severity =  "), 2, "severity",
            "missing value after '='"),
        error("empty quoted value", lines("[rule imds.http.url]", "severity = \"\""), 2,
            "severity", "empty value"),
        error("missing closing quote", allow("name = \"acme"), 4, "name",
            "missing closing quote"),
        error("quote ends in backslash", allow("name = \"acme\\"), 4, "name",
            "missing closing quote"),
        error("unsupported escape", indicator("contains = \"a\\nb\""), 3, "contains",
            "unsupported escape \\n in a quoted value"),
        error("text after quote", indicator("contains = \"ab\" c"), 3, "contains",
            "unexpected text after the closing quote: c"),
        error("empty list item", lines("[rule imds.net.connection]",
            "remove_exclusion = agent.afterburn,,agent.cloud-init"), 2, "remove_exclusion",
            "empty list item; remove the extra comma"),
        error("trailing comma", lines("[rule imds.net.connection]",
            "remove_exclusion = agent.afterburn, "), 2, "remove_exclusion", "empty list item"),
        error("quote inside bare item", allow("name = acme\"agent"), 4, "name",
            "contains a quote; quote the whole item"),
        error("missing comma after quoted item", allow("name = \"a\" \"b\""), 4, "name",
            "expected a comma after the quoted item \"a\""),
        error("control char", lines("[rule imds.http.url]", "severity = hi\u0001gh"), 2, null,
            "control char U+0001 at column 14"),
        error("lone carriage return", lines("[rule imds.http.url]", "severity = high\rx"), 2,
            null, "control char U+000D"),
        error("repeated rule section", lines("[rule imds.http.url]", "severity = high",
            "[rule imds.http.url]", "severity = low"), 3, null,
            "[rule imds.http.url] already appears on line 1; merge the two sections"),
        error("repeated allow id", lines("[allow acme]", "rules = *", "name = acme-agent",
            "reason = acme", "[allow acme]"), 5, null,
            "allow-list entry id 'acme' already appears on line 1"),

        // Values.
        error("invalid severity", lines("[rule imds.http.url]", "severity = urgent"), 2,
            "severity", "invalid severity 'urgent'; use informational, low, medium, high or"
                + " critical"),
        error("upper-case severity", lines("[rule imds.http.url]", "severity = HIGH"), 2,
            "severity", "invalid severity 'HIGH'"),
        error("comment after value", lines("[rule imds.http.url]", "severity = high # raise"),
            2, "severity", "invalid severity 'high # raise'"),
        error("invalid indicator severity", indicator("contains = x-test", "severity = 3"), 4,
            "severity", "invalid severity '3'"),
        error("invalid boolean", lines("[rule imds.http.url]", "disable = yes"), 2, "disable",
            "invalid boolean 'yes'; use true or false"),
        error("impossible date", allow("name = acme-agent", "until = 2026-02-30"), 5, "until",
            "invalid date '2026-02-30'; write a calendar date as YYYY-MM-DD"),
        error("short date", allow("name = acme-agent", "until = 26-1-1"), 5, "until",
            "invalid date '26-1-1'"),
        error("invalid bound", allow("name = acme-agent", "bound = path"), 5, "bound",
            "invalid bound 'path'; use executable or name"),
        error("parent key", allow("executable = /opt/acme/agent", "parent = /opt/acme/agent"),
            5, "parent", "allow-list entries have no parent key: an entry excuses only the"
                + " process whose own executable or name matches, never the processes it"
                + " starts"),
        error("parent executable key",
            allow("parent_executable = /opt/acme/agent", "executable = /opt/acme/agent"), 4,
            "parent_executable", "allow-list entries have no parent key"),
        error("invalid data kind", indicator("contains = x-test", "data_kind = secret"), 4,
            "data_kind", "invalid data kind 'secret'; use one of credentials, token,"
                + " identity-document, user-data, metadata, unknown"),
        error("invalid provider", indicator("contains = x-test", "provider = AWS"), 4,
            "provider", "invalid provider 'AWS'"),

        // Unknown rules, exclusions and fields.
        error("unknown rule section", lines("", "[rule imds.cmdline.paths]", "severity = high"),
            2, null, "unknown rule 'imds.cmdline.paths'; the rules of the base set 'default'"
                + " are: imds.net.connection, imds.cmdline.endpoint"),
        error("unknown indicator rule", lines("[indicator]", "contains = x-test",
            "rule = imds.nope"), 3, "rule", "unknown rule 'imds.nope'"),
        error("unknown allow rule", lines("[allow acme]", "name = acme-agent", "reason = acme",
            "rules = imds.net.connection, imds.nope"), 4, "rules", "unknown rule 'imds.nope'"),
        error("star among rule ids", lines("[allow acme]", "name = acme-agent", "reason = acme",
            "rules = *, imds.http.url"), 4, "rules",
            "* already names every rule; write either * or a list of rule ids"),
        error("unknown exclusion", lines("[rule imds.net.connection]",
            "remove_exclusion = agent.cloud-init, agent.nope"), 2, "remove_exclusion",
            "rule imds.net.connection has no exclusion 'agent.nope'; its exclusions are:"
                + " agent.amazon-ssm-agent"),
        error("empty rule section", lines("[rule imds.http.url]", "# nothing yet"), 1, null,
            "[rule imds.http.url] changes nothing; set disable, severity or remove_exclusion"),
        error("unknown field", indicator("contains = x-test", "field = process.cmdline"), 4,
            "field", "unknown field 'process.cmdline'; the fields are: @timestamp, host.name"),
        error("field the rule does not read", indicator("contains = x-test",
            "field = process.command_line, url.path"), 4, "field",
            "rule imds.cmdline.path reads only process.command_line, so it would never look for"
                + " the indicator in url.path"),

        // [indicator].
        error("indicator without rule", lines("[indicator]", "contains = x-test"), 1, "rule",
            "missing key; name the rule that gets the indicator"),
        error("indicator without pattern", indicator("provider = aws"), 1, null,
            "[indicator] needs one of contains, like or regex"),
        error("indicator with two patterns", indicator("contains = x-test", "like = %x-test%"),
            4, "like", "an [indicator] takes exactly one of contains, like and regex, and"
                + " contains is already set on line 3"),
        error("regex without literal", indicator("regex = x-test[0-9]+"), 1,
            "required_literal", "missing key; a regex indicator needs the literal text that"
                + " every match contains"),
        error("literal without regex", indicator("contains = x-test",
            "required_literal = x-test"), 4, "required_literal",
            "required_literal is used only with regex"),
        error("invalid regex", indicator("regex = (x-test", "required_literal = x-test"), 3,
            "regex", "invalid RE2 expression (x-test: missing closing )"),
        error("literal not in regex", indicator("regex = x-test[0-9]+",
            "required_literal = x-tset"), 4, "required_literal",
            "'x-tset' does not occur in the expression"),
        error("like without literal", indicator("like = %_%"), 3, "like",
            "invalid LIKE pattern: LIKE pattern needs at least one char that is not a"
                + " wildcard"),
        error("duplicate of built-in indicator", indicator("contains = LATEST/META-DATA"), 3,
            "contains", "rule imds.cmdline.path already has the indicator"
                + " contains:latest/meta-data, so every match would be reported twice"),
        error("duplicate indicator in file", lines("[indicator]", "rule = imds.http.url",
            "like = %x-test%", "[indicator]", "rule = imds.http.url", "like = %X-TEST%"), 6,
            "like", "rule imds.http.url already has the indicator %x-test%"),
        error("regex too large", indicator("regex = (x-test{1000}){1000}",
            "required_literal = x-test"), 3, "regex",
            "the expression expands to about 1005000 atoms once counted repetitions such as"
                + " {100} are written out, over the limit of 2000"),

        // [allow ID].
        error("allow without rules", lines("[allow acme]", "name = acme-agent",
            "reason = acme"), 1, "rules", "missing key; list the ids of the rules the entry"
                + " quiets, or write rules = * for every rule"),
        error("allow without reason", lines("[allow acme]", "rules = *", "name = acme-agent"),
            1, "reason", "missing key; every allow-list entry says why"),
        error("blank reason", lines("[allow acme]", "rules = *", "name = acme-agent",
            "reason = \"   \""), 4, "reason", "the reason is blank"),
        error("allow without program", allow("until = 2026-12-31"), 1, null,
            "[allow acme] names no program; set executable to the agent's path, or name"),
        error("downloader name", allow("name = acme-agent, curl"), 4, "name",
            "'curl' is a downloader or network tool, the usual way to read instance metadata"
                + " by hand, which is what the rules look for. Excuse the agent's own program"
                + " instead"),
        error("shell name", allow("name = bash"), 4, "name", "'bash' is a shell"),
        error("windows shell name", allow("name = PowerShell.exe"), 4, "name",
            "'PowerShell.exe' is a shell"),
        error("interpreter name", allow("name = python3"), 4, "name",
            "'python3' is a script interpreter"),
        error("versioned interpreter name", allow("name = Python3.12.exe"), 4, "name",
            "'Python3.12.exe' is a script interpreter"),
        error("launcher name", allow("name = sudo"), 4, "name",
            "'sudo' is a program that starts other programs. An entry excuses only the process"
                + " itself"),
        error("shell executable", allow("executable = /opt/acme/agent, /usr/bin/bash"), 4,
            "executable", "'/usr/bin/bash' is a shell"),
        error("downloader executable", allow("executable = C:\\Windows\\System32\\curl.exe"),
            4, "executable", "is a downloader"),
        error("directory glob", allow("executable = /usr/bin/*"), 4, "executable",
            "'/usr/bin/*' matches sh, which is a shell"),
        error("interpreter glob", allow("executable = /usr/local/bin/py*"), 4, "executable",
            "'/usr/local/bin/py*' matches python, which is a script interpreter"),
        error("any exe glob", allow("executable = c:/program files/acme/*.exe"), 4,
            "executable", "matches sh.exe, which is a shell"),
        error("relative executable", allow("executable = bin/acme-agent"), 4, "executable",
            "'bin/acme-agent' is not an absolute path"),
        error("executable under tmp", allow("executable = /tmp/acme-agent"), 4, "executable",
            "'/tmp/acme-agent' is under /tmp/, where anyone can write"),
        error("executable under user profile", allow(
            "executable = C:\\Users\\admin\\acme\\agent.exe"), 4, "executable",
            "is under c:/users/"),
        error("executable under appdata temp", allow(
            "executable = d:/profiles/x/AppData/Local/Temp/agent.exe"), 4, "executable",
            "AppData\\Local\\Temp"),
        error("dot-dot segment", allow("executable = /opt/acme/../acme-agent"), 4, "executable",
            "contains the segment '..'"),
        error("question mark", allow("executable = /opt/acme/agent?"), 4, "executable",
            "only * is a wildcard in executable"),
        error("double star", allow("executable = /opt/**/acme-agent"), 4, "executable",
            "** is not a wildcard"),
        error("two stars in a segment", allow("executable = /opt/acme-*-v*/agent"), 4,
            "executable", "has more than one * in the segment 'acme-*-v*'"),
        error("trailing slash", allow("executable = /opt/acme/"), 4, "executable",
            "ends with /"),
        error("long path prefix", allow("executable = \\\\?\\C:\\acme\\agent.exe"), 4,
            "executable", "write the path without the \\\\?\\ prefix"),
        error("device path", allow("executable = \\Device\\HarddiskVolume2\\acme\\agent.exe"),
            4, "executable", "write the path with its drive letter"),
        error("name with path", allow("name = /opt/acme/agent"), 4, "name",
            "is a path, but name takes a process name"),
        error("name with star", allow("name = acme-*"), 4, "name",
            "names are compared exactly, so * is not a wildcard here"),
        error("name beside executable", allow("executable = /opt/acme/agent",
            "name = acme-agent"), 5, "name", "the entry is bound by executable, the default"
                + " when executable is set, so name would never be used; add bound = name"),
        error("name with executable binding", allow("executable = /opt/acme/agent",
            "bound = executable", "name = acme-agent"), 6, "name",
            "the entry is bound by executable, so name would never be used"),
        error("executable binding without path", allow("name = acme-agent",
            "bound = executable"), 5, "bound",
            "bound = executable needs an executable key"),
        error("name binding without name", allow("executable = /opt/acme/agent",
            "bound = name"), 5, "bound", "bound = name needs a name key"),
        error("id of built-in exclusion", lines("[allow agent.cloud-init]",
            "rules = imds.net.connection", "executable = /opt/acme/agent", "reason = acme"), 1,
            null, "allow-list id 'agent.cloud-init' is already the id of an exclusion of rule"
                + " imds.net.connection; choose another id"),
        error("star reaches built-in id", lines("[allow agent.afterburn]", "rules = *",
            "executable = /opt/acme/agent", "reason = acme"), 1, null,
            "is already the id of an exclusion of rule imds.net.connection"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void errorNamesLineAndKey(String name, String[] lines, int line, String key,
      String reasonPart) {
    RulesFileException e = loadError(lines);

    assertEquals("rules.ini", e.source(), e::getMessage);
    assertEquals(line, e.line(), e::getMessage);
    assertEquals(key, e.key(), e::getMessage);
    assertTrue(e.reason().contains(reasonPart), e::getMessage);
  }

  @Test
  void messageWithKeyHasFileLineAndKey() {
    RulesFileException e = loadError("[rule imds.http.url]", "severity = urgent");

    assertEquals("rules.ini:2: key 'severity': invalid severity 'urgent'; use informational,"
        + " low, medium, high or critical", e.getMessage());
  }

  @Test
  void messageWithoutKeyHasFileAndLine() {
    RulesFileException e = loadError("[rules x]");

    assertEquals("rules.ini:1: unknown section [rules x]; the sections are [rule RULE_ID],"
        + " [indicator] and [allow ID]", e.getMessage());
  }

  @Test
  void firstErrorInFileWins() {
    RulesFileException e = loadError(
        "[rule imds.http.url]",
        "severity = high",
        "[rule imds.dns.query]",
        "severity = urgent",
        "[indicator]",
        "rule = imds.nope",
        "contains = x");

    assertEquals(4, e.line());
  }

  @Test
  void expiredEntryIsStillValidated() {
    RulesFileException e = loadError(allow("name = curl", "until = 2020-01-01"));

    assertEquals(4, e.line());
    assertEquals("name", e.key());
  }
}

package io.github.imdsdetect.rules;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits the text of a rules file into sections, one at a time. It checks everything that does
 * not depend on the base rule set: line syntax, section kinds and ids, known and duplicate keys,
 * and the limits on line length and section counts. {@link Values} parses values later.
 */
final class SectionParser {
  static final String RULE = "rule";
  static final String INDICATOR = "indicator";
  static final String ALLOW = "allow";

  /** The keys that each section kind accepts, in the order that error messages list them. */
  static final Map<String, List<String>> KEYS =
      Map.of(
          RULE, List.of("disable", "severity", "remove_exclusion"),
          INDICATOR, List.of("rule", "contains", "like", "regex", "required_literal", "field",
              "provider", "data_kind", "severity"),
          ALLOW, List.of("rules", "executable", "name", "reason", "until", "bound"));

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern BLANKS = Pattern.compile("[ \t]+");

  private final String[] lines;
  private final Diagnostics diagnostics;
  private int nextLine;
  private Section open;
  private int indicatorSections;
  private int allowSections;
  private final Map<String, Integer> ruleSectionLines = new HashMap<>();
  private final Map<String, Integer> allowIdLines = new HashMap<>();

  SectionParser(String text, Diagnostics diagnostics) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.lines = body.split("\n", -1);
    this.diagnostics = diagnostics;
  }

  /** Returns the next complete section, or null after the last one. */
  Section next() throws RulesFileException {
    while (nextLine < lines.length) {
      int number = nextLine + 1;
      String line = lines[nextLine++];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      checkLine(line, number);
      String trimmed = strip(line);
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.startsWith("[")) {
        Section finished = open;
        open = readHeader(trimmed, number);
        if (finished != null) {
          return finished;
        }
      } else {
        readSetting(trimmed, number);
      }
    }
    Section finished = open;
    open = null;
    return finished;
  }

  private void checkLine(String line, int number) throws RulesFileException {
    long bytes = Limits.utf8Length(line);
    if (bytes > Limits.MAX_LINE_BYTES) {
      throw diagnostics.error(number, null,
          "line is " + bytes + " bytes long, over the limit of " + Limits.MAX_LINE_BYTES
              + " bytes");
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw diagnostics.error(number, null,
            String.format("control char U+%04X at column %d; a rules file is plain text", (int) c,
                i + 1));
      }
    }
  }

  private Section readHeader(String trimmed, int number) throws RulesFileException {
    if (!trimmed.endsWith("]")) {
      throw diagnostics.error(number, null,
          "section header " + trimmed + " does not end with ]; comments must be on a line of"
              + " their own");
    }
    String inner = strip(trimmed.substring(1, trimmed.length() - 1));
    String[] parts = inner.isEmpty() ? new String[0] : BLANKS.split(inner);
    if (parts.length == 0 || !KEYS.containsKey(parts[0])) {
      throw diagnostics.error(number, null,
          "unknown section " + trimmed + "; the sections are [rule RULE_ID], [indicator] and"
              + " [allow ID]");
    }
    String kind = parts[0];
    if (parts.length > 2) {
      throw diagnostics.error(number, null,
          "section header " + trimmed + " has more than one id; an id has no blanks");
    }
    String id = parts.length == 2 ? parts[1] : null;
    switch (kind) {
      case INDICATOR:
        if (id != null) {
          throw diagnostics.error(number, null,
              "[indicator] takes no id, but the header names '" + id + "'; name the rule with"
                  + " rule = " + id);
        }
        countSection(++indicatorSections, Limits.MAX_INDICATORS, "[indicator]", number);
        break;
      case RULE:
        checkId(id, "[rule RULE_ID]", number);
        rejectRepeat(ruleSectionLines, id, "[rule " + id + "]", number);
        break;
      case ALLOW:
        checkId(id, "[allow ID]", number);
        countSection(++allowSections, Limits.MAX_ALLOW_ENTRIES, "[allow ID]", number);
        rejectRepeat(allowIdLines, id, "allow-list entry id '" + id + "'", number);
        break;
      default:
        throw new AssertionError(kind);
    }
    return new Section(kind, id, number, new LinkedHashMap<>());
  }

  private void checkId(String id, String form, int number) throws RulesFileException {
    if (id == null) {
      throw diagnostics.error(number, null, "missing id; write the header as " + form);
    }
    if (id.length() > Limits.MAX_ID_CHARS || !ID.matcher(id).matches()) {
      throw diagnostics.error(number, null,
          "invalid id '" + id + "'; an id has at most " + Limits.MAX_ID_CHARS + " chars, starts"
              + " with a letter or digit and contains only letters, digits, '.', '_' and '-'");
    }
  }

  private void countSection(int count, int limit, String form, int number)
      throws RulesFileException {
    if (count > limit) {
      throw diagnostics.error(number, null,
          "more than " + limit + " " + form + " sections; that is the limit for one file");
    }
  }

  private void rejectRepeat(Map<String, Integer> firstLines, String id, String what, int number)
      throws RulesFileException {
    Integer first = firstLines.putIfAbsent(id, number);
    if (first != null) {
      throw diagnostics.error(number, null,
          what + " already appears on line " + first + "; merge the two sections");
    }
  }

  private void readSetting(String trimmed, int number) throws RulesFileException {
    int equals = trimmed.indexOf('=');
    if (equals < 0) {
      throw diagnostics.error(number, null,
          "expected 'key = value', a [section] header or a # comment, found: " + trimmed);
    }
    String key = strip(trimmed.substring(0, equals));

    if (!KEY.matcher(key).matches()) {
      throw diagnostics.error(number, null,
          "invalid key '" + key + "'; a key is a lower-case word such as severity");
    }
    if (open == null) {
      throw diagnostics.error(number, key,
          "setting before the first section header; put it under [rule RULE_ID], [indicator]"
              + " or [allow ID]");
    }

    List<String> allowed = KEYS.get(open.kind());
    if (open.kind().equals(ALLOW) && key.startsWith("parent")) {
      throw diagnostics.error(number, key,
          "allow-list entries have no parent key: an entry excuses only the process whose own"
              + " executable or name matches, never the processes it starts. Remove the line,"
              + " and list a helper program's own executable if it is part of the agent");
    }
    if (!allowed.contains(key)) {
      throw diagnostics.error(number, key,
          "unknown key in " + open.header() + "; the keys of [" + open.kind() + "] are "
              + String.join(", ", allowed));
    }
    Setting first = open.setting(key);
    if (first != null) {
      throw diagnostics.error(number, key,
          "set twice in " + open.header() + "; the first is on line " + first.line());
    }

    String value = strip(trimmed.substring(equals + 1));
    if (value.isEmpty()) {
      throw diagnostics.error(number, key,
          "missing value after '='; write a value or remove the line");
    }
    open.settings().put(key, new Setting(key, number, value));
  }

  /** Removes spaces and tabs at both ends. Other whitespace is part of the value. */
  static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isBlank(text.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}

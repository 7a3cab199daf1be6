package io.github.imdsdetect.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the value of a setting. A value is bare or double-quoted. Every char of a bare value is
 * taken literally, backslashes included. A quoted value has two escapes, {@code \"} and
 * {@code \\}. A list splits at commas, so an item that contains a comma or a quote must be
 * quoted.
 */
final class Values {
  private Values() {}

  private record Quoted(String text, int end) {}

  /** Parses the setting's value as one value. */
  static String single(Setting setting, Diagnostics diagnostics) throws RulesFileException {
    String raw = setting.value();
    String value;
    if (raw.startsWith("\"")) {
      Quoted quoted = readQuoted(raw, 0, setting, diagnostics);
      String rest = SectionParser.strip(raw.substring(quoted.end()));
      if (!rest.isEmpty()) {
        throw diagnostics.error(setting.line(), setting.key(),
            "unexpected text after the closing quote: " + rest
                + " (comments must be on a line of their own)");
      }
      value = quoted.text();
    } else {
      value = raw;
    }
    checkItem(value, setting, diagnostics);
    return value;
  }

  /** Parses the setting's value as a comma-separated list of one or more items. */
  static List<String> list(Setting setting, Diagnostics diagnostics) throws RulesFileException {
    String raw = setting.value();
    List<String> items = new ArrayList<>();
    int i = 0;
    while (true) {
      i = skipBlanks(raw, i);
      String item;
      if (i < raw.length() && raw.charAt(i) == '"') {
        Quoted quoted = readQuoted(raw, i, setting, diagnostics);
        item = quoted.text();
        i = skipBlanks(raw, quoted.end());
        if (i < raw.length() && raw.charAt(i) != ',') {
          throw diagnostics.error(setting.line(), setting.key(),
              "expected a comma after the quoted item \"" + item + "\", found: "
                  + raw.substring(i));
        }
      } else {
        int comma = raw.indexOf(',', i);
        int end = comma < 0 ? raw.length() : comma;
        item = SectionParser.strip(raw.substring(i, end));
        i = end;
        if (item.indexOf('"') >= 0) {
          throw diagnostics.error(setting.line(), setting.key(),
              "list item " + item + " contains a quote; quote the whole item and write an inner"
                  + " quote as \\\"");
        }
      }
      if (item.isEmpty()) {
        throw diagnostics.error(setting.line(), setting.key(),
            "empty list item; remove the extra comma");
      }
      checkItem(item, setting, diagnostics);
      items.add(item);
      if (items.size() > Limits.MAX_LIST_ITEMS) {
        throw diagnostics.error(setting.line(), setting.key(),
            "more than " + Limits.MAX_LIST_ITEMS + " items in one list; split the entry");
      }
      if (i >= raw.length()) {
        return items;
      }
      i++;
    }
  }

  private static int skipBlanks(String text, int from) {
    int i = from;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static Quoted readQuoted(String raw, int start, Setting setting, Diagnostics diagnostics)
      throws RulesFileException {
    StringBuilder text = new StringBuilder();
    int i = start + 1;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '"') {
        return new Quoted(text.toString(), i + 1);
      }
      if (c == '\\') {
        if (i + 1 >= raw.length()) {
          break;
        }
        char escaped = raw.charAt(i + 1);
        if (escaped != '"' && escaped != '\\') {
          throw diagnostics.error(setting.line(), setting.key(),
              "unsupported escape \\" + escaped + " in a quoted value; the only escapes are \\\""
                  + " and \\\\, and a bare value keeps every backslash as written");
        }
        text.append(escaped);
        i += 2;
      } else {
        text.append(c);
        i++;
      }
    }
    throw diagnostics.error(setting.line(), setting.key(),
        "missing closing quote; a quoted value ends on the line where it starts");
  }

  private static void checkItem(String item, Setting setting, Diagnostics diagnostics)
      throws RulesFileException {
    if (item.isEmpty()) {
      throw diagnostics.error(setting.line(), setting.key(), "empty value");
    }
    if (item.length() > Limits.MAX_VALUE_CHARS) {
      throw diagnostics.error(setting.line(), setting.key(),
          "value is " + item.length() + " chars long, over the limit of "
              + Limits.MAX_VALUE_CHARS);
    }
  }
}

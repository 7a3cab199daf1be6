package io.github.imdsdetect.rules;

import io.github.imdsdetect.core.Exclusion;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an {@code [allow ID]} section into a {@link Plan.AllowEntry} whose exclusion is an
 * {@link Exclusion#processIdentity} that excuses the named programs.
 */
final class AllowEntryReader {
  private AllowEntryReader() {}

  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final String BOUND_EXECUTABLE = "executable";
  private static final String BOUND_NAME = "name";

  static Plan.AllowEntry read(
      Section section, RuleSet base, Diagnostics diagnostics, LocalDate today)
      throws RulesFileException {
    Setting rulesSetting = section.setting("rules");
    if (rulesSetting == null) {
      throw diagnostics.error(section.line(), "rules",
          "missing key; list the ids of the rules the entry quiets, or write rules = * for"
              + " every rule");
    }
    List<String> ruleIds = ruleIds(rulesSetting, base, diagnostics);
    Setting reasonSetting = section.setting("reason");
    if (reasonSetting == null) {
      throw diagnostics.error(section.line(), "reason",
          "missing key; every allow-list entry says why the program may read instance metadata,"
              + " such as reason = \"inventory agent reads the instance id\"");
    }
    String reason = Values.single(reasonSetting, diagnostics);
    if (reason.isBlank()) {
      throw diagnostics.error(reasonSetting.line(), reasonSetting.key(),
          "the reason is blank; say why the program may read instance metadata");
    }
    Setting executableSetting = section.setting("executable");
    Setting nameSetting = section.setting("name");
    if (executableSetting == null && nameSetting == null) {
      throw diagnostics.error(section.line(), null,
          section.header() + " names no program; set executable to the agent's path, or name"
              + " to its process name for events that carry no path");
    }
    List<String> executables = List.of();
    if (executableSetting != null) {
      executables = checked(executableSetting, diagnostics, true);
    }
    List<String> names = List.of();
    if (nameSetting != null) {
      names = checked(nameSetting, diagnostics, false);
    }
    String bound = bound(section, executableSetting, nameSetting, diagnostics);
    if (bound.equals(BOUND_EXECUTABLE)) {
      names = List.of();
    }
    LocalDate until = null;
    Setting untilSetting = section.setting("until");
    if (untilSetting != null) {
      until = parseDate(untilSetting, diagnostics);
    }
    boolean expired = until != null && until.isBefore(today);
    if (expired) {
      diagnostics.warn(section.line(), "allow-list entry '" + section.id() + "' expired on "
          + until + " and is not applied; renew its until date or delete it");
    }
    String description = reason + " (" + diagnostics.source() + " line " + section.line()
        + (until == null ? "" : ", until " + until) + ")";
    Exclusion exclusion =
        Exclusion.processIdentity(section.id(), description, names, executables, List.of(),
            List.of());
    return new Plan.AllowEntry(section.id(), section.line(), ruleIds, exclusion, until, expired);
  }

  /** Returns the rule ids of a {@code rules} setting, or null for {@code *}. */
  private static List<String> ruleIds(Setting setting, RuleSet base, Diagnostics diagnostics)
      throws RulesFileException {
    List<String> values = Values.list(setting, diagnostics);
    if (values.contains("*")) {
      if (values.size() > 1) {
        throw diagnostics.error(setting.line(), setting.key(),
            "* already names every rule; write either * or a list of rule ids");
      }
      return null;
    }
    List<String> ids = new ArrayList<>();
    for (String ruleId : values) {
      Rule rule = base.rule(ruleId);
      if (rule == null) {
        throw diagnostics.error(setting.line(), setting.key(),
            SectionReader.unknownRule(ruleId, base));
      }
      if (!ids.contains(ruleId)) {
        ids.add(ruleId);
      }
    }
    return List.copyOf(ids);
  }

  private static List<String> checked(
      Setting setting, Diagnostics diagnostics, boolean executable) throws RulesFileException {
    List<String> values = Values.list(setting, diagnostics);
    for (String value : values) {
      String problem =
          executable ? AllowListPolicy.checkExecutable(value) : AllowListPolicy.checkName(value);
      if (problem != null) {
        throw diagnostics.error(setting.line(), setting.key(), problem);
      }
    }
    return values;
  }

  /**
   * Returns how the entry binds. {@code executable} excuses only processes whose own executable
   * path matches, never their children. {@code name} also excuses, by process name, events that
   * carry no executable path, but an event with a path must still match executable.
   */
  private static String bound(
      Section section, Setting executableSetting, Setting nameSetting, Diagnostics diagnostics)
      throws RulesFileException {
    Setting boundSetting = section.setting("bound");
    if (boundSetting == null) {
      if (executableSetting != null && nameSetting != null) {
        throw diagnostics.error(nameSetting.line(), nameSetting.key(),
            "the entry is bound by executable, the default when executable is set, so name"
                + " would never be used; add bound = name to also excuse events that carry"
                + " only a process name, or remove name");
      }
      return executableSetting != null ? BOUND_EXECUTABLE : BOUND_NAME;
    }
    String bound = Values.single(boundSetting, diagnostics);
    switch (bound) {
      case BOUND_EXECUTABLE:
        if (executableSetting == null) {
          throw diagnostics.error(boundSetting.line(), boundSetting.key(),
              "bound = executable needs an executable key with the agent's path");
        }
        if (nameSetting != null) {
          throw diagnostics.error(nameSetting.line(), nameSetting.key(),
              "the entry is bound by executable, so name would never be used; set bound = name"
                  + " to also excuse events that carry only a process name, or remove name");
        }
        return bound;
      case BOUND_NAME:
        if (nameSetting == null) {
          throw diagnostics.error(boundSetting.line(), boundSetting.key(),
              "bound = name needs a name key with the agent's process name");
        }
        return bound;
      default:
        throw diagnostics.error(boundSetting.line(), boundSetting.key(),
            "invalid bound '" + bound + "'; use executable or name");
    }
  }

  private static LocalDate parseDate(Setting setting, Diagnostics diagnostics)
      throws RulesFileException {
    String value = Values.single(setting, diagnostics);
    if (DATE.matcher(value).matches()) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeException e) {
        // Falls through to the error below: the form is right but the date does not exist.
      }
    }
    throw diagnostics.error(setting.line(), setting.key(),
        "invalid date '" + value + "'; write a calendar date as YYYY-MM-DD, such as 2026-03-31");
  }
}

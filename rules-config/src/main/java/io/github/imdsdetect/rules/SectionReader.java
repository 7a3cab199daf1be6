package io.github.imdsdetect.rules;

import io.github.imdsdetect.core.Exclusion;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Severity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates sections against the base rule set and records them in a {@link Plan}. Each
 * section is checked when the parser completes it, so the error reported is in the first invalid
 * section, unless it is one that {@link #finish} finds across sections.
 */
final class SectionReader {
  /** Sum of the expanded sizes of the regex indicators read so far. */
  private long totalRegexSize;

  private static final List<String> INDICATOR_KINDS = List.of("contains", "like", "regex");
  private static final List<String> DATA_KINDS =
      List.of("credentials", "token", "identity-document", "user-data", "metadata", "unknown");
  private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private final RuleSet base;
  private final Diagnostics diagnostics;
  private final LocalDate today;
  private final Plan plan = new Plan();

  SectionReader(RuleSet base, Diagnostics diagnostics, LocalDate today) {
    this.base = base;
    this.diagnostics = diagnostics;
    this.today = today;
  }

  void read(Section section) throws RulesFileException {
    switch (section.kind()) {
      case SectionParser.RULE:
        readRule(section);
        break;
      case SectionParser.INDICATOR:
        readIndicator(section);
        break;
      case SectionParser.ALLOW:
        plan.allowEntries.add(
            AllowEntryReader.read(section, base, diagnostics, today));
        break;
      default:
        throw new AssertionError(section.kind());
    }
  }

  private void readRule(Section section) throws RulesFileException {
    Rule rule = base.rule(section.id());
    if (rule == null) {
      throw diagnostics.error(section.line(), null, unknownRule(section.id(), base));
    }
    if (section.settings().isEmpty()) {
      throw diagnostics.error(section.line(), null,
          section.header() + " changes nothing; set disable, severity or remove_exclusion");
    }

    boolean disable = false;
    Setting disableSetting = section.setting("disable");
    if (disableSetting != null) {
      disable = parseBoolean(disableSetting);
    }
    Severity severity = null;
    Setting severitySetting = section.setting("severity");
    if (severitySetting != null) {
      severity = parseSeverity(severitySetting, diagnostics);
    }

    List<String> removed = new ArrayList<>();
    Setting removeSetting = section.setting("remove_exclusion");
    if (removeSetting != null) {
      for (String exclusionId : Values.list(removeSetting, diagnostics)) {
        if (!hasExclusion(rule, exclusionId)) {
          throw diagnostics.error(removeSetting.line(), removeSetting.key(),
              "rule " + rule.id() + " has no exclusion '" + exclusionId + "'; its exclusions"
                  + " are: " + exclusionIds(rule));
        }
        removed.add(exclusionId);
      }
    }
    plan.ruleChanges.put(rule.id(),
        new Plan.RuleChange(rule.id(), section.line(), disable, severity, List.copyOf(removed)));
  }

  private void readIndicator(Section section) throws RulesFileException {
    Setting ruleSetting = section.setting("rule");
    if (ruleSetting == null) {
      throw diagnostics.error(section.line(), "rule",
          "missing key; name the rule that gets the indicator, such as rule = imds.cmdline.path");
    }
    Rule rule = requireRule(ruleSetting, base, diagnostics);

    Setting pattern = indicatorPattern(section);
    Setting literalSetting = section.setting("required_literal");
    Indicator indicator;
    switch (pattern.key()) {
      case "contains":
        rejectRequiredLiteral(literalSetting);
        indicator = Indicator.contains(Values.single(pattern, diagnostics));
        break;
      case "like":
        rejectRequiredLiteral(literalSetting);
        indicator = like(pattern);
        break;
      case "regex":
        indicator = regex(section, pattern, literalSetting);
        break;
      default:
        throw new AssertionError(pattern.key());
    }

    Setting fieldSetting = section.setting("field");
    if (fieldSetting != null) {
      checkFields(fieldSetting, rule);
    }

    indicator = withTarget(section, indicator);
    Setting severitySetting = section.setting("severity");
    if (severitySetting != null) {
      indicator = indicator.withSeverity(parseSeverity(severitySetting, diagnostics));
    }
    rejectDuplicate(rule, indicator, pattern);
    plan.indicators.add(new Plan.IndicatorAddition(rule.id(), section.line(), indicator));
  }

  /** Returns the one setting among contains, like and regex. */
  private Setting indicatorPattern(Section section) throws RulesFileException {
    Setting found = null;
    for (Setting setting : section.settings().values()) {
      if (!INDICATOR_KINDS.contains(setting.key())) {
        continue;
      }
      if (found != null) {
        throw diagnostics.error(setting.line(), setting.key(),
            "an [indicator] takes exactly one of contains, like and regex, and " + found.key()
                + " is already set on line " + found.line());
      }
      found = setting;
    }
    if (found == null) {
      throw diagnostics.error(section.line(), null,
          "[indicator] needs one of contains, like or regex");
    }
    return found;
  }

  private void rejectRequiredLiteral(Setting literalSetting) throws RulesFileException {
    if (literalSetting != null) {
      throw diagnostics.error(literalSetting.line(), literalSetting.key(),
          "required_literal is used only with regex; contains and like find their literal"
              + " themselves");
    }
  }

  private Indicator like(Setting pattern) throws RulesFileException {
    String value = Values.single(pattern, diagnostics);
    try {
      return Indicator.like(value);
    } catch (IllegalArgumentException e) {
      throw diagnostics.error(pattern.line(), pattern.key(), "invalid LIKE pattern: "
          + e.getMessage());
    }
  }

  private Indicator regex(Section section, Setting pattern, Setting literalSetting)
      throws RulesFileException {
    String expression = Values.single(pattern, diagnostics);
    long size = RegexChecks.expandedSize(expression);
    if (size > Limits.MAX_REGEX_EXPANDED_SIZE) {
      throw diagnostics.error(pattern.line(), pattern.key(),
          "the expression expands to about " + (size == Long.MAX_VALUE ? "more than 2^63" : size)
              + " atoms once counted repetitions such as {100} are written out, over the limit"
              + " of " + Limits.MAX_REGEX_EXPANDED_SIZE + "; use smaller repetition counts or"
              + " * and +");
    }
    totalRegexSize += size;
    if (totalRegexSize > Limits.MAX_TOTAL_REGEX_EXPANDED_SIZE) {
      throw diagnostics.error(pattern.line(), pattern.key(),
          "the regex indicators of the file up to this one expand to about " + totalRegexSize
              + " atoms together, over the limit of " + Limits.MAX_TOTAL_REGEX_EXPANDED_SIZE
              + "; every regex runs on each field that contains its literal, so the total bounds"
              + " the work per event. Merge expressions or use contains and like indicators");
    }
    if (literalSetting == null) {
      throw diagnostics.error(section.line(), "required_literal",
          "missing key; a regex indicator needs the literal text that every match contains,"
              + " because the detector runs the expression only on fields that contain it");
    }
    String literal = Values.single(literalSetting, diagnostics);
    Indicator indicator;
    try {
      indicator = Indicator.regex(expression, literal);
    } catch (IllegalArgumentException e) {
      throw diagnostics.error(pattern.line(), pattern.key(), e.getMessage());
    }
    if (!RegexChecks.mentionsLiteral(expression, literal)) {
      throw diagnostics.error(literalSetting.line(), literalSetting.key(),
          "'" + literal + "' does not occur in the expression; write text that every match"
              + " contains, because the detector skips the expression on fields without it");
    }
    return indicator;
  }

  private void checkFields(Setting setting, Rule rule) throws RulesFileException {
    for (String name : Values.list(setting, diagnostics)) {
      Field field;
      try {
        field = Field.byName(name);
      } catch (IllegalArgumentException e) {
        throw diagnostics.error(setting.line(), setting.key(),
            "unknown field '" + name + "'; the fields are: " + fieldNames(List.of(Field.values())));
      }
      if (!rule.fields().contains(field)) {
        throw diagnostics.error(setting.line(), setting.key(),
            "rule " + rule.id() + " reads only " + fieldNames(rule.fields()) + ", so it would"
                + " never look for the indicator in " + name + "; choose a rule that reads it");
      }
    }
  }

  private Indicator withTarget(Section section, Indicator indicator) throws RulesFileException {
    Setting providerSetting = section.setting("provider");
    Setting dataKindSetting = section.setting("data_kind");
    if (providerSetting == null && dataKindSetting == null) {
      return indicator;
    }
    String provider = "unknown";
    if (providerSetting != null) {
      provider = Values.single(providerSetting, diagnostics);
      if (!PROVIDER.matcher(provider).matches()) {
        throw diagnostics.error(providerSetting.line(), providerSetting.key(),
            "invalid provider '" + provider + "'; write a lower-case name of up to 40 letters,"
                + " digits and '-', such as aws, aws-ecs or gcp");
      }
    }
    String dataKind = "unknown";
    if (dataKindSetting != null) {
      dataKind = Values.single(dataKindSetting, diagnostics);
      if (!DATA_KINDS.contains(dataKind)) {
        throw diagnostics.error(dataKindSetting.line(), dataKindSetting.key(),
            "invalid data kind '" + dataKind + "'; use one of " + String.join(", ", DATA_KINDS));
      }
    }
    return indicator.withTarget(provider, dataKind);
  }

  /** Rejects an indicator that the rule already has, because each match would be reported twice. */
  private void rejectDuplicate(Rule rule, Indicator indicator, Setting pattern)
      throws RulesFileException {
    List<Indicator> existing = new ArrayList<>(rule.indicators());
    for (Plan.IndicatorAddition addition : plan.indicators) {
      if (addition.ruleId().equals(rule.id())) {
        existing.add(addition.indicator());
      }
    }
    for (Indicator other : existing) {
      if (sameMatches(other, indicator)) {
        throw diagnostics.error(pattern.line(), pattern.key(),
            "rule " + rule.id() + " already has the indicator " + other + ", so every match"
                + " would be reported twice");
      }
    }
  }

  private static boolean sameMatches(Indicator a, Indicator b) {
    if (a.kind() != b.kind()) {
      return false;
    }
    // contains and like compare ASCII letters without regard to case, so their patterns do too.
    return a.kind() == Indicator.Kind.REGEX
        ? a.pattern().equals(b.pattern())
        : a.pattern().toLowerCase(Locale.ROOT).equals(b.pattern().toLowerCase(Locale.ROOT));
  }

  /**
   * Checks what no single section shows and returns the plan: that an allow-list id does not
   * repeat an exclusion id of its rules, and warns about changes that a disabled rule makes moot.
   */
  Plan finish() throws RulesFileException {
    for (Plan.AllowEntry entry : plan.allowEntries) {
      for (Rule rule : base.rules()) {
        if (entry.appliesTo(rule.id()) && !plan.isDisabled(rule.id())
            && hasExclusion(rule, entry.id()) && !plan.removes(rule.id(), entry.id())) {
          throw diagnostics.error(entry.line(), null,
              "allow-list id '" + entry.id() + "' is already the id of an exclusion of rule "
                  + rule.id() + "; choose another id, or remove that exclusion first with"
                  + " remove_exclusion in [rule " + rule.id() + "]");
        }
      }
    }
    warnAboutDisabledRules();
    return plan;
  }

  private void warnAboutDisabledRules() {
    int disabled = 0;
    int lastDisableLine = 0;
    for (Plan.RuleChange change : plan.ruleChanges.values()) {
      if (!change.disable()) {
        continue;
      }
      disabled++;
      lastDisableLine = Math.max(lastDisableLine, change.line());
      if (change.changesRule()) {
        diagnostics.warn(change.line(), "[rule " + change.ruleId() + "] disables the rule, so"
            + " its severity and remove_exclusion have no effect");
      }
    }
    for (Plan.IndicatorAddition addition : plan.indicators) {
      if (plan.isDisabled(addition.ruleId())) {
        diagnostics.warn(addition.line(), "the indicator has no effect because rule "
            + addition.ruleId() + " is disabled");
      }
    }
    for (Plan.AllowEntry entry : plan.allowEntries) {
      if (entry.ruleIds() == null) {
        continue;
      }
      for (String ruleId : entry.ruleIds()) {
        if (plan.isDisabled(ruleId)) {
          diagnostics.warn(entry.line(), "allow-list entry '" + entry.id() + "' names rule "
              + ruleId + ", which is disabled");
        }
      }
    }
    if (disabled > 0 && disabled == base.rules().size()) {
      diagnostics.warn(lastDisableLine, "every rule of the base set '" + base.name() + "' is disabled, so"
          + " the rule set finds nothing");
    }
  }

  private boolean parseBoolean(Setting setting) throws RulesFileException {
    String value = Values.single(setting, diagnostics);
    switch (value) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw diagnostics.error(setting.line(), setting.key(),
            "invalid boolean '" + value + "'; use true or false");
    }
  }

  static Severity parseSeverity(Setting setting, Diagnostics diagnostics)
      throws RulesFileException {
    String value = Values.single(setting, diagnostics);
    for (Severity severity : Severity.values()) {
      if (severity.name().toLowerCase(Locale.ROOT).equals(value)) {
        return severity;
      }
    }
    throw diagnostics.error(setting.line(), setting.key(),
        "invalid severity '" + value + "'; use informational, low, medium, high or critical");
  }

  /** Returns the base rule that a single-valued setting names. */
  static Rule requireRule(Setting setting, RuleSet base, Diagnostics diagnostics)
      throws RulesFileException {
    String ruleId = Values.single(setting, diagnostics);
    Rule rule = base.rule(ruleId);
    if (rule == null) {
      throw diagnostics.error(setting.line(), setting.key(), unknownRule(ruleId, base));
    }
    return rule;
  }

  static String unknownRule(String ruleId, RuleSet base) {
    List<String> ids = new ArrayList<>();
    for (Rule rule : base.rules()) {
      ids.add(rule.id());
    }
    return "unknown rule '" + ruleId + "'; the rules of the base set '" + base.name() + "' are: "
        + String.join(", ", ids);
  }

  static boolean hasExclusion(Rule rule, String exclusionId) {
    for (Exclusion exclusion : rule.exclusions()) {
      if (exclusion.id().equals(exclusionId)) {
        return true;
      }
    }
    return false;
  }

  private static String exclusionIds(Rule rule) {
    if (rule.exclusions().isEmpty()) {
      return "(none)";
    }
    List<String> ids = new ArrayList<>();
    for (Exclusion exclusion : rule.exclusions()) {
      ids.add(exclusion.id());
    }
    return String.join(", ", ids);
  }

  private static String fieldNames(List<Field> fields) {
    List<String> names = new ArrayList<>();
    for (Field field : fields) {
      names.add(field.fieldName());
    }
    return String.join(", ", names);
  }
}

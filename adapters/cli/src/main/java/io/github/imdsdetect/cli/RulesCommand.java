package io.github.imdsdetect.cli;

import io.github.imdsdetect.core.Exclusion;
import io.github.imdsdetect.core.Field;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code rules}: lists the rules of one profile in evaluation order, then every exclusion
 * they use once, because several rules share the same agent exclusions.
 */
final class RulesCommand {
  private RulesCommand() {}

  /**
   * Writes the listing of {@code ruleSet} to {@code out} and returns the exit code.
   */
  static int run(RuleSet ruleSet, PrintStream out) {
    StringBuilder text = new StringBuilder(4096);
    text.append("Profile ").append(ruleSet.name()).append(": ").append(ruleSet.description())
        .append("\n\n");
    text.append("Rules (").append(ruleSet.rules().size()).append("):\n");
    Map<String, Exclusion> exclusions = new LinkedHashMap<>();
    for (Rule rule : ruleSet.rules()) {
      appendRule(text, rule);
      for (Exclusion exclusion : rule.exclusions()) {
        exclusions.putIfAbsent(exclusion.id(), exclusion);
      }
    }
    text.append("\nExclusions (").append(exclusions.size()).append("):\n");
    for (Exclusion exclusion : exclusions.values()) {
      text.append("  ").append(exclusion.id()).append('\n');
      text.append("      ").append(exclusion.description()).append('\n');
    }
    out.print(text);
    out.flush();
    return ExitCode.CLEAN;
  }

  private static void appendRule(StringBuilder text, Rule rule) {
    text.append("  ").append(rule.id()).append("  ").append(rule.severity().name())
        .append("  ").append(rule.title()).append('\n');
    text.append("      technique: ").append(rule.technique()).append('\n');
    List<String> fields = new ArrayList<>();
    for (Field field : rule.fields()) {
      fields.add(field.fieldName());
    }
    text.append("      fields: ").append(String.join(", ", fields)).append('\n');
    text.append("      indicators:\n");
    for (Indicator indicator : rule.indicators()) {
      text.append("        ").append(indicator).append('\n');
    }
    if (rule.exclusions().isEmpty()) {
      text.append("      exclusions: none\n");
    } else {
      text.append("      exclusions:\n");
      for (Exclusion exclusion : rule.exclusions()) {
        text.append("        ").append(exclusion.id()).append('\n');
      }
    }
    text.append("      ").append(rule.description()).append('\n');
  }
}

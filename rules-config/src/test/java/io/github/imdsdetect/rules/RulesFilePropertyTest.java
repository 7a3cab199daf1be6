package io.github.imdsdetect.rules;

import static io.github.imdsdetect.rules.Fixtures.SOURCE;
import static io.github.imdsdetect.rules.Fixtures.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.github.imdsdetect.core.Detector;
import io.github.imdsdetect.core.Exclusion;
import io.github.imdsdetect.core.Indicator;
import io.github.imdsdetect.core.Rule;
import io.github.imdsdetect.core.RuleSet;
import io.github.imdsdetect.core.Severity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Properties of the loader: any text either loads or raises {@link RulesFileException}, and a
 * generated valid file produces exactly the rule changes it describes.
 */
class RulesFilePropertyTest {

  /** Draws values from a QuickTheories randomness source. */
  private record Draw(RandomnessSource source) {
    int between(int min, int max) {
      return Generate.range(min, max).generate(source);
    }

    boolean chance(int percent) {
      return between(1, 100) <= percent;
    }

    <T> T pick(List<T> values) {
      return values.get(between(0, values.size() - 1));
    }
  }

  /** Fragments that make random text reach deep into the parser and validators. */
  private static final List<String> TOKENS = List.of(
      "[rule ", "[indicator]", "[allow ", "]", "[", "\n", "\r\n", "\n", " = ", "=", "\"", "\\",
      ",", "#", " ", "*", "%", "_", "imds.http.url", "imds.cmdline.path", "qradar.x", "severity",
      "high", "urgent", "disable", "true", "remove_exclusion", "agent.afterburn", "rule",
      "contains", "like", "regex", "required_literal", "field", "process.command_line",
      "provider", "data_kind", "token", "rules", "executable", "/opt/acme/agent", "/tmp/x",
      "/usr/bin/*", "name", "curl", "reason", "until", "2026-01-01", "2026-02-30", "bound",
      "(a{1000}){1000}", "{3}", "(", ")", "\\Q", "[:alpha:]", "\u00e9", "\ud83d\ude00", "\ud800",
      "\u0000", "\uFEFF", "acme");

  private static final List<String> SAFE_CHARS = List.of(
      "a", "b", "Z", "0", "7", "-", ".", " ", ",", "#", "\"", "\\", "=", "[", "]", "%", "_",
      "*", "\u00e9", "\u4e2d");

  private static Gen<String> tokenText() {
    return source -> {
      Draw draw = new Draw(source);
      StringBuilder text = new StringBuilder();
      int count = draw.between(0, 80);
      for (int i = 0; i < count; i++) {
        text.append(draw.pick(TOKENS));
      }
      return text.toString();
    };
  }

  private static final List<String> VALID_HEADERS = List.of(
      "[rule imds.http.url]", "[rule imds.net.connection]", "[indicator]", "[allow acme]",
      "[allow acme-2]", "[allow agent.cloud-init]");

  private static final List<String> INVALID_HEADERS = List.of(
      "[rule imds.nope]", "[rule]", "[indicator x]", "[allow a b]", "[other]", "[allow", "[]");

  /** Valid values for each key. {@link #INVALID_VALUES} contains invalid ones. */
  private static final Map<String, List<String>> VALID_VALUES = Map.ofEntries(
      Map.entry("rule", List.of("imds.http.url", "imds.cmdline.path")),
      Map.entry("contains", List.of("x-test", "X-TEST2", "\"q, \\\"x\\\"\"")),
      Map.entry("like", List.of("%x-like%", "x%y")),
      Map.entry("regex", List.of("(?i)x-re[0-9]+", "x-re\\.\\d{1,3}")),
      Map.entry("required_literal", List.of("x-re")),
      Map.entry("field", List.of("process.command_line", "url.domain")),
      Map.entry("provider", List.of("aws", "acme-2")),
      Map.entry("data_kind", List.of("token", "metadata")),
      Map.entry("severity", List.of("high", "low")),
      Map.entry("disable", List.of("true", "false")),
      Map.entry("remove_exclusion", List.of("agent.afterburn", "agent.cloud-init, agent.afterburn")),
      Map.entry("rules", List.of("*", "imds.net.connection", "imds.net.connection, imds.http.url")),
      Map.entry("executable", List.of("/opt/acme/agent", "c:\\acme\\a.exe", "/opt/*/agent")),
      Map.entry("name", List.of("acme-agent", "acme-agent.exe")),
      Map.entry("reason", List.of("acme", "\"acme, the agent\"")),
      Map.entry("until", List.of("2026-01-01", "2099-12-31")),
      Map.entry("bound", List.of("name", "executable")));

  private static final Map<String, List<String>> INVALID_VALUES = Map.ofEntries(
      Map.entry("rule", List.of("imds.nope")),
      Map.entry("contains", List.of("\"a\\nb\"")),
      Map.entry("like", List.of("%_%")),
      Map.entry("regex", List.of("(x-re", "(a{1000}){1000}")),
      Map.entry("required_literal", List.of("x-nope")),
      Map.entry("field", List.of("url.path", "process.cmdline")),
      Map.entry("provider", List.of("AWS")),
      Map.entry("data_kind", List.of("secret")),
      Map.entry("severity", List.of("urgent")),
      Map.entry("disable", List.of("yes")),
      Map.entry("remove_exclusion", List.of("agent.nope", "a,,b")),
      Map.entry("rules", List.of("imds.x", "*, imds.http.url")),
      Map.entry("executable", List.of("/usr/bin/*", "/tmp/agent", "bin/agent")),
      Map.entry("name", List.of("curl", "bash", "a/b")),
      Map.entry("reason", List.of("\"  \"", "\"unterminated")),
      Map.entry("until", List.of("2020-02-30")),
      Map.entry("bound", List.of("path")));

  /**
   * Lines drawn from headers and settings, mostly valid, so that many files get as far as the
   * checks on values and across sections before the first error. Keys mostly belong to the
   * section above them and mostly do not repeat within it.
   */
  private static Gen<String> lineSoup() {
    List<String> allKeys = new ArrayList<>(VALID_VALUES.keySet());
    return source -> {
      Draw draw = new Draw(source);
      StringBuilder text = new StringBuilder();
      String kind = null;
      List<String> used = new ArrayList<>();
      int count = draw.between(1, 30);
      for (int i = 0; i < count; i++) {
        int shape = draw.between(0, 9);
        if (kind == null || shape == 0) {
          String header = draw.chance(90) ? draw.pick(VALID_HEADERS) : draw.pick(INVALID_HEADERS);
          text.append(header);
          kind = SectionParser.KEYS.keySet().stream()
              .filter(k -> header.startsWith("[" + k)).findFirst().orElse("none");
          used.clear();
        } else if (shape == 1) {
          text.append(draw.chance(50) ? "# comment" : "");
        } else {
          String key = SectionParser.KEYS.containsKey(kind) && draw.chance(95)
              ? draw.pick(SectionParser.KEYS.get(kind))
              : draw.pick(allKeys);
          if (used.contains(key) && draw.chance(90)) {
            continue;
          }
          used.add(key);
          List<String> values = draw.chance(85) ? VALID_VALUES.get(key) : INVALID_VALUES.get(key);
          text.append(key).append(" = ").append(draw.pick(values));
        }
        text.append('\n');
      }
      return text.toString();
    };
  }

  private static Gen<String> mutatedExample() {
    String example = readExample();
    return source -> {
      Draw draw = new Draw(source);
      StringBuilder text = new StringBuilder(example);
      int edits = draw.between(1, 4);
      for (int i = 0; i < edits; i++) {
        int at = draw.between(0, text.length());
        switch (draw.between(0, 2)) {
          case 0:
            text.delete(at, Math.min(text.length(), at + draw.between(1, 20)));
            break;
          case 1:
            text.insert(at, draw.pick(TOKENS));
            break;
          default:
            int end = Math.min(text.length(), at + draw.between(1, 40));
            text.insert(draw.between(0, text.length()), text.substring(at, end));
            break;
        }
      }
      return text.toString();
    };
  }

  private static String readExample() {
    try {
      return Files.readString(Path.of("..", "docs", "examples", "rules-example.ini"),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the example rules file", e);
    }
  }

  /** Loads the text; only RulesFileException may escape, and a loaded set must build. */
  private static void loadOrReject(String text) {
    for (RuleSet base : List.of(RuleSet.defaults(), RuleSet.qradar())) {
      try {
        RulesFile.Result result = RulesFile.apply(base, text, SOURCE, TODAY);
        Detector.create(result.ruleSet());
      } catch (RulesFileException e) {
        assertTrue(e.line() >= 0, e::getMessage);
        assertTrue(e.getMessage().startsWith(SOURCE), e::getMessage);
      }
    }
  }

  @Test
  void anyTextLoadsOrRaisesRulesFileException() {
    qt().forAll(strings().allPossible().ofLengthBetween(0, 300))
        .checkAssert(RulesFilePropertyTest::loadOrReject);
  }

  @Test
  void tokenSoupLoadsOrRaisesRulesFileException() {
    qt().withExamples(2000).forAll(tokenText()).checkAssert(RulesFilePropertyTest::loadOrReject);
  }

  @Test
  void lineSoupLoadsOrRaisesRulesFileException() {
    qt().withExamples(5000).forAll(lineSoup()).checkAssert(RulesFilePropertyTest::loadOrReject);
  }

  @Test
  void mutatedExampleLoadsOrRaisesRulesFileException() {
    qt().withExamples(1000).forAll(mutatedExample())
        .checkAssert(RulesFilePropertyTest::loadOrReject);
  }

  @Test
  void regexSizeEstimateNeverThrows() {
    qt().forAll(tokenText().mix(strings().allPossible().ofLengthBetween(0, 100)))
        .checkAssert(text -> assertTrue(RegexChecks.expandedSize(text) >= 0));
  }

  // ---- generated valid files ----

  private record RuleEdit(String ruleId, boolean disable, Severity severity,
      List<String> removals) {}

  private record IndicatorSpec(String ruleId, Indicator.Kind kind, String pattern,
      String literal, String field, String provider, String dataKind, Severity severity) {}

  private record AllowSpec(String id, List<String> ruleIds, List<String> executables,
      List<String> names, String bound, String reason, LocalDate until) {

    boolean expired() {
      return until != null && until.isBefore(TODAY);
    }
  }

  /** A generated file: its text, and the changes that its sections make. */
  private record Spec(List<RuleEdit> edits, List<IndicatorSpec> indicators,
      List<AllowSpec> allows, String text, boolean viaReader) {}

  private static Gen<Spec> validFiles() {
    return source -> {
      Draw draw = new Draw(source);
      RuleSet base = RuleSet.defaults();
      List<RuleEdit> edits = edits(draw, base);
      List<String> enabled = new ArrayList<>();
      for (Rule rule : base.rules()) {
        if (edits.stream().noneMatch(e -> e.ruleId().equals(rule.id()) && e.disable())) {
          enabled.add(rule.id());
        }
      }
      List<IndicatorSpec> indicators = new ArrayList<>();
      int indicatorCount = draw.between(0, 5);
      for (int i = 0; i < indicatorCount; i++) {
        indicators.add(indicator(draw, base, enabled, i));
      }
      List<AllowSpec> allows = new ArrayList<>();
      int allowCount = draw.between(0, 4);
      for (int i = 0; i < allowCount; i++) {
        allows.add(allow(draw, enabled, i));
      }
      String text = render(draw, edits, indicators, allows);
      return new Spec(edits, indicators, allows, text, draw.chance(50));
    };
  }

  private static List<RuleEdit> edits(Draw draw, RuleSet base) {
    List<RuleEdit> edits = new ArrayList<>();
    int disabled = 0;
    for (Rule rule : base.rules()) {
      if (!draw.chance(40)) {
        continue;
      }
      // Keep at least one rule, and never mix disable with other keys: both would add warnings.
      if (disabled < base.rules().size() - 1 && draw.chance(25)) {
        edits.add(new RuleEdit(rule.id(), true, null, List.of()));
        disabled++;
        continue;
      }
      Severity severity = draw.chance(70) ? draw.pick(List.of(Severity.values())) : null;
      List<String> removals = new ArrayList<>();
      for (Exclusion exclusion : rule.exclusions()) {
        if (draw.chance(20)) {
          removals.add(exclusion.id());
        }
      }
      if (severity == null && removals.isEmpty()) {
        severity = Severity.LOW;
      }
      edits.add(new RuleEdit(rule.id(), false, severity, removals));
    }
    return edits;
  }

  /** Returns a short random text with quotes, backslashes, commas and non-ASCII chars. */
  private static String randomText(Draw draw, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = draw.between(0, maxLength);
    for (int i = 0; i < length; i++) {
      text.append(draw.pick(SAFE_CHARS));
    }
    return text.toString();
  }

  private static IndicatorSpec indicator(Draw draw, RuleSet base, List<String> enabled,
      int index) {
    String ruleId = draw.pick(enabled);
    // A unique prefix keeps every generated indicator distinct from the others and the built-ins.
    String unique = "x-gen" + index + "q";
    Indicator.Kind kind =
        draw.pick(List.of(Indicator.Kind.CONTAINS, Indicator.Kind.LIKE, Indicator.Kind.REGEX));
    String pattern;
    String literal = null;
    switch (kind) {
      case CONTAINS:
        pattern = draw.chance(50) ? unique + randomText(draw, 12) : randomText(draw, 3) + unique;
        break;
      case LIKE:
        pattern = "%" + unique + randomText(draw, 12) + "%";
        break;
      default:
        pattern = "(?i)" + unique + "[0-9]{1,3}" + draw.pick(List.of("", "\\.x", "\\s+\\d"));
        literal = unique;
        break;
    }
    Rule rule = base.rule(ruleId);
    String field = draw.chance(30) ? draw.pick(rule.fields()).fieldName() : null;
    String provider = draw.chance(50) ? draw.pick(List.of("aws", "gcp", "acme-2")) : null;
    String dataKind = draw.chance(50)
        ? draw.pick(List.of("credentials", "token", "identity-document", "user-data",
            "metadata", "unknown"))
        : null;
    Severity severity = draw.chance(40) ? draw.pick(List.of(Severity.values())) : null;
    return new IndicatorSpec(ruleId, kind, pattern, literal, field, provider, dataKind,
        severity);
  }

  private static AllowSpec allow(Draw draw, List<String> enabled, int index) {
    List<String> ruleIds = null;
    if (draw.chance(70)) {
      ruleIds = new ArrayList<>();
      for (String ruleId : enabled) {
        if (draw.chance(50)) {
          ruleIds.add(ruleId);
        }
      }
      if (ruleIds.isEmpty()) {
        ruleIds.add(enabled.get(0));
      }
    }

    List<String> executables = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int shape = draw.between(0, 2);
    if (shape != 1) {
      int count = draw.between(1, 3);
      for (int i = 0; i < count; i++) {
        executables.add(draw.chance(50)
            ? "/opt/gen" + index + "/" + draw.pick(List.of("bin", "*", "v2.1")) + "/agent-"
                + draw.between(0, 99) + draw.pick(List.of("", "*"))
            : "C:\\Program Files\\Gen " + index + ", Inc\\agent-" + draw.between(0, 99) + ".exe");
      }
    }
    if (shape != 0) {
      int count = draw.between(1, 3);
      for (int i = 0; i < count; i++) {
        names.add("agent-" + index + "-" + draw.between(0, 99) + draw.pick(List.of("", ".exe")));
      }
    }

    String bound;
    if (!executables.isEmpty() && !names.isEmpty()) {
      bound = "name";
    } else if (draw.chance(50)) {
      bound = null;
    } else {
      bound = executables.isEmpty() ? "name" : "executable";
    }
    String reason = "why " + randomText(draw, 20);
    LocalDate until = draw.chance(50) ? TODAY.plusDays(draw.between(-3, 3)) : null;
    return new AllowSpec("gen-" + index, ruleIds, executables, names, bound, reason, until);
  }

  // ---- rendering ----

  private static String render(Draw draw, List<RuleEdit> edits, List<IndicatorSpec> indicators,
      List<AllowSpec> allows) {
    List<List<String>> queues = new ArrayList<>();
    queues.add(new ArrayList<>());
    queues.add(new ArrayList<>());
    queues.add(new ArrayList<>());
    for (RuleEdit edit : edits) {
      queues.get(0).add(renderEdit(draw, edit));
    }
    for (IndicatorSpec indicator : indicators) {
      queues.get(1).add(renderIndicator(draw, indicator));
    }
    for (AllowSpec allow : allows) {
      queues.get(2).add(renderAllow(draw, allow));
    }
    // Interleaves the three kinds at random, keeping the file order within each kind.
    StringBuilder text = new StringBuilder(draw.chance(20) ? "\uFEFF" : "");
    String newline = draw.chance(30) ? "\r\n" : "\n";
    while (queues.stream().anyMatch(q -> !q.isEmpty())) {
      List<String> queue = draw.pick(queues);
      if (queue.isEmpty()) {
        continue;
      }
      if (draw.chance(30)) {
        text.append("# ").append(randomText(draw, 10)).append('\n');
      }
      text.append(queue.remove(0)).append('\n');
    }
    return text.toString().replace("\n", newline);
  }

  private static String setting(Draw draw, String key, String value) {
    String equals = draw.pick(List.of("=", " = ", "\t=  ", "= "));
    return draw.pick(List.of("", "  ", "\t")) + key + equals + value + draw.pick(List.of("", " "))
        + "\n";
  }

  /** Renders one value bare when that keeps it intact, else quoted with escapes. */
  private static String single(Draw draw, String value) {
    boolean bareIsExact = !value.isEmpty() && value.equals(SectionParser.strip(value))
        && !value.startsWith("\"");
    return bareIsExact && draw.chance(50) ? value : quote(value);
  }

  private static String list(Draw draw, List<String> values) {
    List<String> items = new ArrayList<>();
    for (String value : values) {
      boolean bareIsExact = value.equals(SectionParser.strip(value)) && value.indexOf(',') < 0
          && value.indexOf('"') < 0;
      items.add(bareIsExact && draw.chance(50) ? value : quote(value));
    }
    return String.join(draw.pick(List.of(",", ", ", " ,\t")), items);
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String renderEdit(Draw draw, RuleEdit edit) {
    StringBuilder text = new StringBuilder("[rule " + edit.ruleId() + "]\n");
    if (edit.disable()) {
      text.append(setting(draw, "disable", "true"));
    }
    if (edit.severity() != null) {
      text.append(setting(draw, "severity", edit.severity().name().toLowerCase(Locale.ROOT)));
    }
    if (!edit.removals().isEmpty()) {
      text.append(setting(draw, "remove_exclusion", list(draw, edit.removals())));
    }
    return text.toString();
  }

  private static String renderIndicator(Draw draw, IndicatorSpec indicator) {
    StringBuilder text = new StringBuilder("[indicator]\n");
    text.append(setting(draw, "rule", indicator.ruleId()));
    String key = indicator.kind().name().toLowerCase(Locale.ROOT);
    text.append(setting(draw, key, single(draw, indicator.pattern())));
    if (indicator.literal() != null) {
      text.append(setting(draw, "required_literal", single(draw, indicator.literal())));
    }
    if (indicator.field() != null) {
      text.append(setting(draw, "field", indicator.field()));
    }
    if (indicator.provider() != null) {
      text.append(setting(draw, "provider", indicator.provider()));
    }
    if (indicator.dataKind() != null) {
      text.append(setting(draw, "data_kind", indicator.dataKind()));
    }
    if (indicator.severity() != null) {
      text.append(setting(draw, "severity",
          indicator.severity().name().toLowerCase(Locale.ROOT)));
    }
    return text.toString();
  }

  private static String renderAllow(Draw draw, AllowSpec allow) {
    StringBuilder text = new StringBuilder("[allow " + allow.id() + "]\n");
    text.append(setting(draw, "rules",
        allow.ruleIds() == null ? "*" : list(draw, allow.ruleIds())));
    if (!allow.executables().isEmpty()) {
      text.append(setting(draw, "executable", list(draw, allow.executables())));
    }
    if (!allow.names().isEmpty()) {
      text.append(setting(draw, "name", list(draw, allow.names())));
    }
    if (allow.bound() != null) {
      text.append(setting(draw, "bound", allow.bound()));
    }
    text.append(setting(draw, "reason", single(draw, allow.reason())));
    if (allow.until() != null) {
      text.append(setting(draw, "until", allow.until().toString()));
    }
    return text.toString();
  }

  // ---- checking ----

  @Test
  void validFilesApplyExactlyTheirChanges() {
    qt().withExamples(500).forAll(validFiles()).checkAssert(spec -> {
      RulesFile.Result result;
      try {
        result = spec.viaReader()
            ? RulesFile.apply(RuleSet.defaults(), new StringReader(spec.text()), SOURCE, TODAY)
            : RulesFile.apply(RuleSet.defaults(), spec.text(), SOURCE, TODAY);
      } catch (RulesFileException | IOException e) {
        throw new AssertionError(e.getMessage() + " in:\n" + spec.text(), e);
      }
      checkResult(spec, result);
      Detector.create(result.ruleSet());
    });
  }

  private static void checkResult(Spec spec, RulesFile.Result result) {
    long expired = spec.allows().stream().filter(AllowSpec::expired).count();
    assertEquals(expired, result.warnings().size(), () -> result.warnings() + "\n" + spec.text());
    for (Rule baseRule : RuleSet.defaults().rules()) {
      RuleEdit edit = spec.edits().stream().filter(e -> e.ruleId().equals(baseRule.id()))
          .findFirst().orElse(null);
      Rule rule = result.ruleSet().rule(baseRule.id());
      if (edit != null && edit.disable()) {
        assertNull(rule, baseRule.id());
        continue;
      }
      Severity severity = edit != null && edit.severity() != null ? edit.severity()
          : baseRule.severity();
      assertEquals(severity, rule.severity(), baseRule.id());
      assertEquals(baseRule.fields(), rule.fields(), baseRule.id());
      checkIndicators(spec, baseRule, rule);
      checkExclusions(spec, edit, baseRule, rule);
    }
  }

  private static void checkIndicators(Spec spec, Rule baseRule, Rule rule) {
    List<IndicatorSpec> added = spec.indicators().stream()
        .filter(i -> i.ruleId().equals(baseRule.id())).toList();
    int builtIn = baseRule.indicators().size();
    assertEquals(builtIn + added.size(), rule.indicators().size(), baseRule.id());
    assertEquals(baseRule.indicators(), rule.indicators().subList(0, builtIn), baseRule.id());
    for (int i = 0; i < added.size(); i++) {
      IndicatorSpec expected = added.get(i);
      Indicator actual = rule.indicators().get(builtIn + i);
      assertEquals(expected.kind(), actual.kind(), spec.text());
      assertEquals(expected.pattern(), actual.pattern(), spec.text());
      if (expected.literal() != null) {
        assertEquals(expected.literal().toLowerCase(Locale.ROOT), actual.requiredLiteral());
      }
      boolean targeted = expected.provider() != null || expected.dataKind() != null;
      assertEquals(targeted && expected.provider() != null ? expected.provider() : "unknown",
          actual.provider(), spec.text());
      assertEquals(targeted && expected.dataKind() != null ? expected.dataKind() : "unknown",
          actual.dataKind(), spec.text());
      assertEquals(expected.severity(), actual.severity(), spec.text());
    }
  }

  private static void checkExclusions(Spec spec, RuleEdit edit, Rule baseRule, Rule rule) {
    List<Exclusion> expected = new ArrayList<>();
    for (Exclusion exclusion : baseRule.exclusions()) {
      if (edit == null || !edit.removals().contains(exclusion.id())) {
        expected.add(exclusion);
      }
    }
    int kept = expected.size();
    assertEquals(expected, rule.exclusions().subList(0, Math.min(kept,
        rule.exclusions().size())), baseRule.id());
    List<AllowSpec> applied = spec.allows().stream()
        .filter(a -> !a.expired())
        .filter(a -> a.ruleIds() == null || a.ruleIds().contains(baseRule.id()))
        .toList();
    assertEquals(kept + applied.size(), rule.exclusions().size(), spec.text());
    for (int i = 0; i < applied.size(); i++) {
      AllowSpec allow = applied.get(i);
      Exclusion actual = rule.exclusions().get(kept + i);
      assertEquals(Exclusion.Kind.PROCESS_IDENTITY, actual.kind());
      assertEquals(allow.id(), actual.id());
      assertTrue(actual.description().startsWith(allow.reason() + " (rules.ini line "),
          actual.description());
      List<String> executables = allow.executables().stream()
          .map(e -> e.replace('\\', '/').toLowerCase(Locale.ROOT)).toList();
      assertEquals(executables, actual.executables(), spec.text());
      boolean byName = "name".equals(allow.bound())
          || (allow.bound() == null && allow.executables().isEmpty());
      List<String> names = byName
          ? allow.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()
          : List.of();
      assertEquals(names, actual.names(), spec.text());
    }
  }
}

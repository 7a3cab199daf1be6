package io.github.imdsdetect.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluates a {@link RuleSet} on events. Build one detector per rule set and share it: it is
 * immutable and thread-safe, and keeps no reference to the events it reads.
 *
 * <p>For each field that some rule reads, the detector compiles one {@link AhoCorasick} automaton
 * over the literals that every match of those rules' indicators must contain. An event none of
 * whose fields contains such a literal is dismissed after one pass over each field, without
 * allocating. Only candidate events go on to the exact checks: {@code ILIKE} patterns, RE2
 * expressions, address decoding and exclusions.
 */
public final class Detector {
  private final RuleSet ruleSet;
  private final Field[] prefilteredFields;
  private final AhoCorasick[] prefilters;
  private final Map<Indicator, LikePattern> likePatterns = new IdentityHashMap<>();
  private final Map<Indicator, com.google.re2j.Pattern> regexes = new IdentityHashMap<>();

  private Detector(RuleSet ruleSet) {
    this.ruleSet = ruleSet;
    Map<Field, Set<String>> needles = new EnumMap<>(Field.class);
    for (Rule rule : ruleSet.rules()) {
      for (Field field : rule.fields()) {
        Set<String> fieldNeedles = needles.computeIfAbsent(field, f -> new LinkedHashSet<>());
        for (Indicator indicator : rule.indicators()) {
          if (indicator.kind() == Indicator.Kind.METADATA_ADDRESS) {
            fieldNeedles.addAll(MetadataAddresses.anchors());
          } else {
            fieldNeedles.add(indicator.requiredLiteral());
          }
        }
      }
      List<Indicator> compiled = new ArrayList<>(rule.indicators());
      compiled.addAll(rule.requiredIndicators());
      for (Indicator indicator : compiled) {
        if (indicator.kind() == Indicator.Kind.LIKE) {
          likePatterns.put(indicator, new LikePattern(indicator.pattern()));
        } else if (indicator.kind() == Indicator.Kind.REGEX) {
          regexes.put(indicator, com.google.re2j.Pattern.compile(indicator.pattern()));
        }
      }
    }
    this.prefilteredFields = needles.keySet().toArray(new Field[0]);
    this.prefilters = new AhoCorasick[prefilteredFields.length];
    for (int i = 0; i < prefilteredFields.length; i++) {
      prefilters[i] = AhoCorasick.compile(new ArrayList<>(needles.get(prefilteredFields[i])));
    }
  }

  /**
   * Builds a detector for a rule set.
   *
   * @param ruleSet the rules to evaluate
   * @return a detector for {@code ruleSet}
   * @throws NullPointerException if {@code ruleSet} is null
   */
  public static Detector create(RuleSet ruleSet) {
    return new Detector(Objects.requireNonNull(ruleSet, "ruleSet"));
  }

  /**
   * Returns the rule set this detector evaluates.
   *
   * @return the rule set passed to {@link #create}
   */
  public RuleSet ruleSet() {
    return ruleSet;
  }

  /**
   * Returns the findings for one event: an empty immutable list when no rule fires.
   *
   * @param event the event to check
   * @return the findings of rules that fired, in rule order, as an immutable list
   * @throws NullPointerException if {@code event} is null
   */
  public List<Finding> detect(Event event) {
    return evaluate(event).findings();
  }

  /**
   * Returns the findings for one event together with the matches that exclusions quieted.
   * Returns {@link Verdict#NONE}, without allocating, when no field contains a candidate literal.
   *
   * @param event the event to check
   * @return the verdict, {@link Verdict#NONE} when no rule matched
   * @throws NullPointerException if {@code event} is null
   */
  public Verdict evaluate(Event event) {
    Objects.requireNonNull(event, "event");
    if (!hasCandidate(event)) {
      return Verdict.NONE;
    }
    List<Finding> findings = new ArrayList<>();
    List<Suppression> suppressions = new ArrayList<>();
    ProcessClass processClass = ruleSet.contextualSeverity() ? ProcessClass.of(event) : null;
    for (Rule rule : ruleSet.rules()) {
      List<Finding> ruleFindings = matchRule(rule, event, processClass);
      if (ruleFindings.isEmpty()) {
        continue;
      }
      Suppression suppression = null;
      for (Exclusion exclusion : rule.exclusions()) {
        String reason = exclusion.apply(event);
        if (reason != null) {
          suppression = new Suppression(rule.id(), exclusion.id(), reason, ruleFindings);
          break;
        }
      }
      if (suppression == null) {
        findings.addAll(ruleFindings);
      } else {
        suppressions.add(suppression);
      }
    }
    if (findings.isEmpty() && suppressions.isEmpty()) {
      return Verdict.NONE;
    }
    return new Verdict(findings, suppressions);
  }

  /**
   * Returns, for one event, every rule that matched with its findings and every exclusion that
   * was considered, with why it did or did not apply. Costs more than {@link #evaluate}: meant
   * for showing a person why an event was or was not reported.
   *
   * @param event the event to check
   * @return the explanation, with the same verdict {@link #evaluate} returns
   * @throws NullPointerException if {@code event} is null
   */
  public Explanation explain(Event event) {
    Objects.requireNonNull(event, "event");
    ProcessClass processClass = ruleSet.contextualSeverity() ? ProcessClass.of(event) : null;
    List<Explanation.RuleTrace> traces = new ArrayList<>();
    for (Rule rule : ruleSet.rules()) {
      List<Finding> ruleFindings = matchRule(rule, event, processClass);
      if (ruleFindings.isEmpty()) {
        continue;
      }
      List<ExclusionCheck> checks = new ArrayList<>();
      boolean quieted = false;
      for (Exclusion exclusion : rule.exclusions()) {
        ExclusionCheck check = exclusion.check(event);
        checks.add(check);
        quieted |= check.applied();
      }
      traces.add(new Explanation.RuleTrace(rule.id(), ruleFindings, checks, !quieted));
    }
    return new Explanation(evaluate(event), traces,
        processClass == null ? "not ranked" : processClass.article());
  }

  private boolean hasCandidate(Event event) {
    for (int i = 0; i < prefilteredFields.length; i++) {
      CharSequence value = event.get(prefilteredFields[i]);
      if (value == null) {
        continue;
      }
      if (prefilters[i].containsAny(value)) {
        return true;
      }
      // Only fields that hold a %XX escape pay for decoding.
      if (DECODED_FIELDS.contains(prefilteredFields[i]) && PercentDecoding.hasEscape(value)
          && prefilters[i].containsAny(PercentDecoding.decode(value))) {
        return true;
      }
    }
    return false;
  }

  /** Fields whose percent-escapes are decoded before matching. */
  private static final java.util.Set<Field> DECODED_FIELDS =
      java.util.EnumSet.of(Field.COMMAND_LINE, Field.URL, Field.URL_HOST, Field.URL_PATH,
          Field.URL_QUERY, Field.HTTP_HEADERS);

  /**
   * Matches one indicator against a field, and against its percent-decoded text when the raw
   * text does not match.
   */
  private Finding matchField(
      Rule rule, Indicator indicator, Field field, CharSequence value, Event event) {
    Finding finding = matchIndicator(rule, indicator, field, value, event);
    if (finding != null || !DECODED_FIELDS.contains(field)) {
      return finding;
    }
    String decoded = PercentDecoding.decode(value);
    if (decoded == null) {
      return null;
    }
    finding = matchIndicator(rule, indicator, field, decoded, event);
    if (finding == null) {
      return null;
    }
    return new Finding(finding.ruleId(), finding.title(), finding.severity(),
        finding.technique(), finding.field(), finding.indicator(), finding.matchedText(),
        finding.offset(), finding.origin(), finding.provider(), finding.dataKind(),
        finding.reason() + " (after percent-decoding; the offset is in the decoded text)");
  }

  private List<Finding> matchRule(Rule rule, Event event, ProcessClass processClass) {
    List<Finding> result = null;
    for (Field field : rule.fields()) {
      CharSequence value = event.get(field);
      if (value == null || value.length() == 0) {
        continue;
      }
      for (Indicator indicator : rule.indicators()) {
        Finding finding = matchField(rule, indicator, field, value, event);
        if (finding != null) {
          if (result == null) {
            result = new ArrayList<>();
          }
          result.add(finding);
        }
      }
    }
    if (result == null) {
      return List.of();
    }
    for (Indicator required : rule.requiredIndicators()) {
      Finding finding = null;
      for (Field field : rule.fields()) {
        CharSequence value = event.get(field);
        if (value != null && value.length() > 0) {
          finding = matchField(rule, required, field, value, event);
          if (finding != null) {
            break;
          }
        }
      }
      if (finding == null) {
        return List.of();
      }
      result.add(finding);
    }
    if (processClass != null) {
      for (int i = 0; i < result.size(); i++) {
        result.set(i, rank(rule, result.get(i), processClass));
      }
    }
    return result;
  }

  /** Applies the default set's contextual severity; see {@link RuleSet#defaults()}. */
  private static Finding rank(Rule rule, Finding finding, ProcessClass processClass) {
    if (finding.severity() == Severity.LOW && finding.provider().equals("unknown")
        && finding.indicator().equals(Indicator.metadataAddress().toString())) {
      return finding; // an out-of-range address form: a failed attempt, kept low
    }
    boolean sensitive =
        finding.dataKind().equals("credentials") || finding.dataKind().equals("token");
    Severity severity;
    String why;
    if (processClass == ProcessClass.MENTION_TOOL && finding.field() == Field.COMMAND_LINE
        && rule.requiredIndicators().isEmpty()) {
      severity = Severity.INFORMATIONAL;
      why = "the process is " + processClass.article()
          + ", which names the endpoint without fetching from it";
    } else if (processClass.unexpected()) {
      severity = sensitive ? Severity.CRITICAL : max(finding.severity(), Severity.HIGH);
      why = processClass.article() + (sensitive ? " requested " + finding.dataKind()
          : " reached the metadata service");
    } else if (processClass == ProcessClass.SDK_RUNTIME) {
      severity = Severity.LOW;
      why = "the process is " + processClass.article()
          + ", which reads metadata through its SDK";
    } else if (sensitive) {
      severity = max(finding.severity(), Severity.HIGH);
      why = finding.dataKind() + " requested";
    } else {
      return finding;
    }
    return new Finding(finding.ruleId(), finding.title(), severity, finding.technique(),
        finding.field(), finding.indicator(), finding.matchedText(), finding.offset(),
        finding.origin(), finding.provider(), finding.dataKind(),
        finding.reason() + "; severity " + severity.name().toLowerCase(java.util.Locale.ROOT)
            + ": " + why);
  }

  private static Severity max(Severity a, Severity b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private Finding matchIndicator(
      Rule rule, Indicator indicator, Field field, CharSequence value, Event event) {
    switch (indicator.kind()) {
      case LIKE: {
        long span = likePatterns.get(indicator).find(value);
        if (span < 0) {
          return null;
        }
        int start = (int) (span >>> 32);
        int end = (int) span;
        return finding(rule, indicator, field, value, start, end, event, null);
      }
      case CONTAINS: {
        int start = Ascii.indexOfIgnoreCase(value, indicator.requiredLiteral(), 0);
        if (start < 0) {
          return null;
        }
        int end = start + indicator.requiredLiteral().length();
        return finding(rule, indicator, field, value, start, end, event, null);
      }
      case EQUALS:
        if (!Ascii.equalsIgnoreCase(value, indicator.requiredLiteral())) {
          return null;
        }
        return finding(rule, indicator, field, value, 0, value.length(), event, null);
      case REGEX: {
        if (Ascii.indexOfIgnoreCase(value, indicator.requiredLiteral(), 0) < 0) {
          return null;
        }
        com.google.re2j.Matcher matcher = regexes.get(indicator).matcher(value);
        if (!matcher.find()) {
          return null;
        }
        return finding(rule, indicator, field, value, matcher.start(), matcher.end(), event, null);
      }
      case METADATA_ADDRESS:
        return matchAddress(rule, indicator, field, value, event);
      default:
        throw new AssertionError(indicator.kind());
    }
  }

  private Finding matchAddress(
      Rule rule, Indicator indicator, Field field, CharSequence value, Event event) {
    MetadataAddresses.Hit hit;
    if (field == Field.DESTINATION_ADDRESS || field == Field.URL_HOST
        || field == Field.DNS_QUERY_NAME) {
      hit = MetadataAddresses.classify(value, field == Field.URL_HOST);
    } else {
      MetadataAddresses.Hit[] first = new MetadataAddresses.Hit[1];
      MetadataAddresses.scan(value, h -> {
        if (first[0] == null || (first[0].endpoint() == null && h.endpoint() != null)) {
          first[0] = h;
        }
      });
      hit = first[0];
    }
    if (hit == null) {
      return null;
    }
    return finding(rule, indicator, field, value, hit.start(), hit.end(), event, hit);
  }

  private static Finding finding(
      Rule rule,
      Indicator indicator,
      Field field,
      CharSequence value,
      int start,
      int end,
      Event event,
      MetadataAddresses.Hit hit) {
    String matched = value.subSequence(start, end).toString();
    String provider = indicator.provider();
    String dataKind = indicator.dataKind();
    Severity severity = indicator.severity() != null ? indicator.severity() : rule.severity();
    String what;
    if (hit != null && hit.endpoint() == null) {
      severity = Severity.LOW;
      what = "an address written in a form that resolvers reject but that wraps around to a"
          + " metadata address (" + matched + "), a likely obfuscation attempt";
    } else if (hit != null) {
      provider = hit.endpoint().provider();
      String[] target = TargetClassifier.classify(value);
      if (target == null && PercentDecoding.hasEscape(value)) {
        target = TargetClassifier.classify(PercentDecoding.decode(value));
      }
      if (target == null && field == Field.URL_HOST) {
        target = TargetClassifier.classify(event.urlPath());
      }
      if (target != null) {
        dataKind = target[2];
        // 169.254.169.254 is shared by most clouds, so the path decides which one was asked.
        if (hit.endpoint() == MetadataAddresses.Endpoint.AWS_IMDS_V4
            && !target[1].equals("unknown")) {
          provider = target[1];
        }
      }
      if (hit.endpoint() == MetadataAddresses.Endpoint.AWS_IMDS_V4 && target == null) {
        what = "the metadata address 169.254.169.254 (used by AWS, Azure, GCP and others)"
            + describeForm(hit.form(), matched);
      } else {
        what = "the " + provider + " metadata endpoint "
            + hit.endpoint().canonical() + describeForm(hit.form(), matched);
      }
    } else {
      what = "'" + matched + "' (indicator " + indicator + ")";
    }
    String reason = field.fieldName() + " holds " + what + processContext(event);
    return new Finding(rule.id(), rule.title(), severity, rule.technique(), field,
        indicator.toString(), matched, indicator.kind() == Indicator.Kind.EQUALS ? -1 : start,
        event.origin(), provider, dataKind, reason);
  }

  private static String describeForm(MetadataAddresses.Form form, String matched) {
    switch (form) {
      case DOTTED_DECIMAL:
      case IPV6:
      case HOST_NAME:
        return "";
      default:
        return " written as " + form.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " (" + matched + ")";
    }
  }

  private static String processContext(Event event) {
    CharSequence process = event.processExecutable();
    if (process == null) {
      process = event.processName();
    }
    return process == null ? "" : "; process " + process;
  }
}

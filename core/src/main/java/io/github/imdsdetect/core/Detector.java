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
      for (Indicator indicator : rule.indicators()) {
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
   * @throws NullPointerException if {@code ruleSet} is null
   */
  public static Detector create(RuleSet ruleSet) {
    return new Detector(Objects.requireNonNull(ruleSet, "ruleSet"));
  }

  /** Returns the rule set this detector evaluates. */
  public RuleSet ruleSet() {
    return ruleSet;
  }

  /**
   * Returns the findings for one event: an empty immutable list when no rule fires.
   *
   * @throws NullPointerException if {@code event} is null
   */
  public List<Finding> detect(Event event) {
    return evaluate(event).findings();
  }

  /**
   * Returns the findings for one event together with the matches that exclusions quieted.
   * Returns {@link Verdict#NONE}, without allocating, when no field holds a candidate literal.
   *
   * @throws NullPointerException if {@code event} is null
   */
  public Verdict evaluate(Event event) {
    Objects.requireNonNull(event, "event");
    if (!hasCandidate(event)) {
      return Verdict.NONE;
    }
    List<Finding> findings = new ArrayList<>();
    List<Suppression> suppressions = new ArrayList<>();
    for (Rule rule : ruleSet.rules()) {
      List<Finding> ruleFindings = matchRule(rule, event);
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

  private boolean hasCandidate(Event event) {
    for (int i = 0; i < prefilteredFields.length; i++) {
      CharSequence value = event.get(prefilteredFields[i]);
      if (value != null && prefilters[i].containsAny(value)) {
        return true;
      }
    }
    return false;
  }

  private List<Finding> matchRule(Rule rule, Event event) {
    List<Finding> result = null;
    for (Field field : rule.fields()) {
      CharSequence value = event.get(field);
      if (value == null || value.length() == 0) {
        continue;
      }
      for (Indicator indicator : rule.indicators()) {
        Finding finding = matchIndicator(rule, indicator, field, value, event);
        if (finding != null) {
          if (result == null) {
            result = new ArrayList<>();
          }
          result.add(finding);
        }
      }
    }
    return result == null ? List.of() : result;
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
      what = "the " + hit.endpoint().provider() + " metadata endpoint "
          + hit.endpoint().canonical() + describeForm(hit.form(), matched);
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

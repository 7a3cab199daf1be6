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
  private final List<Rule> rules;
  /** False only in the reference detector that tests check the filters against. */
  private final boolean filtered;
  private final Field[] prefilteredFields;
  private final AhoCorasick[] prefilters;
  private final Map<Field, List<String>> prefilterLiterals;
  private final Map<Indicator, LikePattern> likePatterns = new IdentityHashMap<>();
  private final Map<Indicator, com.google.re2j.Pattern> regexes = new IdentityHashMap<>();
  /**
   * For regex indicators whose every match starts with the required literal: the expression
   * behind one char of context, {@code ^(?s:.)(?:expression)}, to try anchored at each occurrence
   * of the literal.
   */
  private final Map<Indicator, com.google.re2j.Pattern> anchoredRegexes = new IdentityHashMap<>();

  /**
   * Occurrences of a regex's literal tried with an anchored match before one unanchored search
   * from the next occurrence takes over. Each try may read to the end of the text, so the bound
   * keeps the total linear in the text's length.
   */
  static final int MAX_ANCHORED_TRIES = 8;

  /**
   * Candidate slots. Slot {@code slotBase[r] + f * slotWidth[r] + i} stands for indicator {@code i}
   * of rule {@code r} (its indicators, then its required indicators) on the rule's field {@code
   * f}. A slot is a candidate when the field contains the indicator's literal.
   */
  private final int[] slotBase;
  private final int[] slotWidth;
  private final int slotCount;
  /** Every literal of every slot, one automaton per field in {@link #prefilteredFields}. */
  private final AhoCorasick[] slotMatchers;
  /** For each field and each pattern of its slot matcher, the slots that pattern makes candidates. */
  private final int[][][] slotsByPattern;

  private Detector(RuleSet ruleSet, boolean filtered) {
    this.ruleSet = ruleSet;
    this.filtered = filtered;
    this.rules = ruleSet.rules();
    // Every finding of a rule needs one of its indicators and each required indicator, so the
    // prefilter needs the literals of only one of these groups. It takes the group whose
    // shortest literal is longest, because long literals occur less often in benign text.
    Map<Field, Set<String>> gateNeedles = new EnumMap<>(Field.class);
    Map<Field, Map<String, List<Integer>>> slotNeedles = new EnumMap<>(Field.class);
    this.slotBase = new int[rules.size()];
    this.slotWidth = new int[rules.size()];
    int slots = 0;
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      List<Indicator> compiled = new ArrayList<>(rule.indicators());
      compiled.addAll(rule.requiredIndicators());
      slotBase[r] = slots;
      slotWidth[r] = compiled.size();
      slots += rule.fields().size() * compiled.size();
      List<String> gate = needlesOf(rule.indicators());
      for (Indicator required : rule.requiredIndicators()) {
        List<String> candidate = needlesOf(List.of(required));
        if (shortest(candidate) > shortest(gate)) {
          gate = candidate;
        }
      }
      for (int f = 0; f < rule.fields().size(); f++) {
        Field field = rule.fields().get(f);
        gateNeedles.computeIfAbsent(field, k -> new LinkedHashSet<>()).addAll(gate);
        Map<String, List<Integer>> byNeedle =
            slotNeedles.computeIfAbsent(field, k -> new java.util.LinkedHashMap<>());
        for (int i = 0; i < compiled.size(); i++) {
          int slot = slotBase[r] + f * slotWidth[r] + i;
          for (String needle : needlesOf(List.of(compiled.get(i)))) {
            byNeedle.computeIfAbsent(needle, k -> new ArrayList<>()).add(slot);
          }
        }
      }
      for (Indicator indicator : compiled) {
        if (indicator.kind() == Indicator.Kind.LIKE) {
          likePatterns.put(indicator, new LikePattern(indicator.pattern()));
        } else if (indicator.kind() == Indicator.Kind.REGEX) {
          regexes.put(indicator, com.google.re2j.Pattern.compile(indicator.pattern()));
          if (startsWithLiteral(indicator.pattern(), indicator.requiredLiteral())) {
            anchoredRegexes.put(indicator,
                com.google.re2j.Pattern.compile("^(?s:.)(?:" + indicator.pattern() + ")"));
          }
        }
      }
    }
    this.slotCount = slots;
    this.prefilteredFields = gateNeedles.keySet().toArray(new Field[0]);
    this.prefilters = new AhoCorasick[prefilteredFields.length];
    this.slotMatchers = new AhoCorasick[prefilteredFields.length];
    this.slotsByPattern = new int[prefilteredFields.length][][];
    Map<Field, List<String>> literals = new EnumMap<>(Field.class);
    for (int i = 0; i < prefilteredFields.length; i++) {
      Field field = prefilteredFields[i];
      List<String> fieldLiterals = new ArrayList<>(gateNeedles.get(field));
      fieldLiterals.replaceAll(Ascii::toLowerCase);
      literals.put(field, List.copyOf(new LinkedHashSet<>(fieldLiterals)));
      prefilters[i] = AhoCorasick.compile(new ArrayList<>(gateNeedles.get(field)));
      Map<String, List<Integer>> byNeedle = slotNeedles.get(field);
      slotMatchers[i] = AhoCorasick.compile(new ArrayList<>(byNeedle.keySet()));
      slotsByPattern[i] = new int[byNeedle.size()][];
      int p = 0;
      for (List<Integer> patternSlots : byNeedle.values()) {
        slotsByPattern[i][p++] = patternSlots.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    this.prefilterLiterals = java.util.Collections.unmodifiableMap(literals);
  }

  /** Returns the literals one of which every match of any of {@code indicators} contains. */
  private static List<String> needlesOf(List<Indicator> indicators) {
    List<String> needles = new ArrayList<>();
    for (Indicator indicator : indicators) {
      if (indicator.kind() == Indicator.Kind.METADATA_ADDRESS) {
        needles.addAll(MetadataAddresses.anchors());
      } else {
        needles.add(indicator.requiredLiteral());
      }
    }
    return needles;
  }

  private static int shortest(List<String> needles) {
    int min = Integer.MAX_VALUE;
    for (String needle : needles) {
      min = Math.min(min, needle.length());
    }
    return min;
  }

  /**
   * Returns whether every match of {@code expression} starts with {@code literal}: after leading
   * flag groups and {@code \b}, the expression spells the literal with plain chars, and it has
   * no alternation outside parentheses. A search can then start at the literal's first
   * occurrence instead of at the beginning of the text.
   */
  static boolean startsWithLiteral(String expression, String literal) {
    int i = 0;
    while (true) {
      if (expression.startsWith("(?", i) && !expression.startsWith("(?:", i)
          && !expression.startsWith("(?P", i)) {
        int close = expression.indexOf(')', i);
        if (close < 0) {
          return false;
        }
        for (int k = i + 2; k < close; k++) {
          if (!Character.isLetter(expression.charAt(k))) {
            return false;
          }
        }
        i = close + 1;
      } else if (expression.startsWith("\\b", i)) {
        i += 2;
      } else {
        break;
      }
    }
    for (int k = 0; k < literal.length(); k++, i++) {
      if (i >= expression.length()) {
        return false;
      }
      char c = expression.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '/' || c == '_' || c == ':'
          || c == '=' || c == ',' || c == '@' || c == '!' || c == '\'' || c == '"' || c == ' ')
          || Ascii.toLower(c) != literal.charAt(k)) {
        return false;
      }
    }
    if (i < expression.length() && "*?{".indexOf(expression.charAt(i)) >= 0) {
      return false; // a quantifier on the literal's last char
    }
    int depth = 0;
    for (int k = 0; k < expression.length(); k++) {
      char c = expression.charAt(k);
      if (c == '\\') {
        k++;
      } else if (c == '[') {
        k++;
        if (k < expression.length() && expression.charAt(k) == '^') {
          k++;
        }
        if (k < expression.length() && expression.charAt(k) == ']') {
          k++;
        }
        while (k < expression.length() && expression.charAt(k) != ']') {
          if (expression.charAt(k) == '\\') {
            k++;
          }
          k++;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds a detector for a rule set.
   *
   * @param ruleSet the rules to evaluate
   * @return a detector for {@code ruleSet}
   * @throws NullPointerException if {@code ruleSet} is null
   */
  public static Detector create(RuleSet ruleSet) {
    return new Detector(Objects.requireNonNull(ruleSet, "ruleSet"), true);
  }

  /**
   * Builds a detector that runs every exact check of every rule on every event, with no
   * prefilter, no candidate slots and no regex start offset: the plain reference that tests
   * compare {@link #create} with.
   */
  static Detector createUnfiltered(RuleSet ruleSet) {
    return new Detector(Objects.requireNonNull(ruleSet, "ruleSet"), false);
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
   * Returns, for each field that a rule reads, the literals of the prefilter: an event with a
   * finding or a quieted match contains, ignoring ASCII case, one of its field's literals in that
   * field or in the field's percent-decoded text. Callers that see raw records can use them to
   * set aside records that cannot match, as long as the record's encoding cannot hide a literal.
   *
   * @return an immutable map from field, in enum order, to its distinct lower-case literals
   */
  public Map<Field, List<String>> prefilterLiterals() {
    return prefilterLiterals;
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
    if (filtered && !hasCandidate(event)) {
      return Verdict.NONE;
    }
    Candidates candidates = candidates(event);
    List<Finding> findings = new ArrayList<>();
    List<Suppression> suppressions = new ArrayList<>();
    ProcessClass processClass = null;
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      if (!candidates.anyForRule(r)) {
        continue;
      }
      List<Finding> ruleFindings = matchRule(r, event, candidates);
      if (ruleFindings.isEmpty()) {
        continue;
      }
      if (ruleSet.contextualSeverity()) {
        // Classified only once a rule matched: most candidate events match no rule.
        if (processClass == null) {
          processClass = ProcessClass.of(event);
        }
        rankAll(rule, ruleFindings, processClass);
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
    Candidates candidates = candidates(event);
    List<Explanation.RuleTrace> traces = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      List<Finding> ruleFindings = matchRule(r, event, candidates);
      if (ruleFindings.isEmpty()) {
        continue;
      }
      if (processClass != null) {
        rankAll(rule, ruleFindings, processClass);
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

  /**
   * Finds which slots are candidates in one event: one pass of each field's slot matcher over
   * the field, and over its percent-decoded text when it has escapes. Runs only on events that
   * passed {@link #hasCandidate}, so it may allocate.
   */
  private Candidates candidates(Event event) {
    boolean[] slots = new boolean[slotCount];
    String[] decoded = new String[Field.values().length];
    if (!filtered) {
      java.util.Arrays.fill(slots, true);
      for (Field field : DECODED_FIELDS) {
        CharSequence value = event.get(field);
        decoded[field.ordinal()] = value == null ? null : PercentDecoding.decode(value);
      }
      return new Candidates(slots, decoded, null, null);
    }
    // For each slot and text (raw, then decoded): where its literals first start, plus one so
    // that the array's zeros mean "nowhere" without a fill, and where they last end.
    int[] firstStart = new int[slotCount * 2];
    int[] lastEnd = new int[slotCount * 2];
    for (int i = 0; i < prefilteredFields.length; i++) {
      Field field = prefilteredFields[i];
      CharSequence value = event.get(field);
      if (value == null || value.length() == 0) {
        continue;
      }
      int[][] byPattern = slotsByPattern[i];
      slotMatchers[i].findAll(value, (pattern, start, end) -> {
        mark(byPattern[pattern], 0, start, end, slots, firstStart, lastEnd);
        return true;
      });
      if (DECODED_FIELDS.contains(field)) {
        String text = PercentDecoding.decode(value);
        if (text != null) {
          decoded[field.ordinal()] = text;
          slotMatchers[i].findAll(text, (pattern, start, end) -> {
            mark(byPattern[pattern], 1, start, end, slots, firstStart, lastEnd);
            return true;
          });
        }
      }
    }
    return new Candidates(slots, decoded, firstStart, lastEnd);
  }

  private static void mark(int[] patternSlots, int text, int start, int end, boolean[] slots,
      int[] firstStart, int[] lastEnd) {
    for (int slot : patternSlots) {
      slots[slot] = true;
      int index = slot * 2 + text;
      if (firstStart[index] == 0) {
        firstStart[index] = start + 1;
      }
      lastEnd[index] = Math.max(lastEnd[index], end);
    }
  }

  /** The candidate slots of one event and its decoded field texts. */
  private final class Candidates {
    /** Marks a text in {@link #addressHits} whose scan found no address. */
    static final Object NO_HIT = new Object();

    final boolean[] slots;
    final String[] decoded;
    /** Per slot and text, where the literals first start; null when unknown (no filtering). */
    final int[] firstStart;
    final int[] lastEnd;
    /** The address hit of each field's raw (even index) and decoded (odd index) text. */
    final Object[] addressHits = new Object[Field.values().length * 2];

    Candidates(boolean[] slots, String[] decoded, int[] firstStart, int[] lastEnd) {
      this.slots = slots;
      this.decoded = decoded;
      this.firstStart = firstStart;
      this.lastEnd = lastEnd;
    }

    /** Returns where the slot's literals first start in the text, -1 if nowhere, or UNKNOWN. */
    int firstStart(int slot, boolean decodedText) {
      return firstStart == null ? UNKNOWN : firstStart[slot * 2 + (decodedText ? 1 : 0)] - 1;
    }

    int lastEnd(int slot, boolean decodedText) {
      return lastEnd == null ? UNKNOWN : lastEnd[slot * 2 + (decodedText ? 1 : 0)];
    }

    boolean slot(int rule, int field, int indicator) {
      return slots[slotBase[rule] + field * slotWidth[rule] + indicator];
    }

    boolean anyForRule(int rule) {
      int from = slotBase[rule];
      int to = from + rules.get(rule).fields().size() * slotWidth[rule];
      for (int i = from; i < to; i++) {
        if (slots[i]) {
          return true;
        }
      }
      return false;
    }
  }

  /** A literal position that the detector did not record and must search for. */
  private static final int UNKNOWN = -2;

  /** Fields whose percent-escapes are decoded before matching. */
  private static final java.util.Set<Field> DECODED_FIELDS =
      java.util.EnumSet.of(Field.COMMAND_LINE, Field.URL, Field.URL_HOST, Field.URL_PATH,
          Field.URL_QUERY, Field.HTTP_HEADERS);

  /**
   * Matches one indicator against a field, and against its percent-decoded text when the raw
   * text does not match.
   */
  private Finding matchField(Rule rule, Indicator indicator, int slot, Field field,
      CharSequence value, Candidates candidates, Event event) {
    String decoded = candidates.decoded[field.ordinal()];
    Finding finding =
        matchIndicator(rule, indicator, slot, field, value, false, candidates, event);
    if (finding != null || decoded == null) {
      return finding;
    }
    if (!DECODED_FIELDS.contains(field)) {
      return null;
    }
    finding = matchIndicator(rule, indicator, slot, field, decoded, true, candidates, event);
    if (finding == null) {
      return null;
    }
    return new Finding(finding.ruleId(), finding.title(), finding.severity(),
        finding.technique(), finding.field(), finding.indicator(), finding.matchedText(),
        finding.offset(), finding.origin(), finding.provider(), finding.dataKind(),
        finding.reason() + " (after percent-decoding; the offset is in the decoded text)");
  }

  /**
   * Returns the findings of one rule, unranked: an empty immutable list, or a mutable list that
   * {@link #rankAll} may rewrite.
   */
  private List<Finding> matchRule(int ruleIndex, Event event, Candidates candidates) {
    Rule rule = rules.get(ruleIndex);
    List<Finding> result = null;
    List<Field> fields = rule.fields();
    List<Indicator> indicators = rule.indicators();
    for (int f = 0; f < fields.size(); f++) {
      Field field = fields.get(f);
      CharSequence value = event.get(field);
      if (value == null || value.length() == 0) {
        continue;
      }
      for (int i = 0; i < indicators.size(); i++) {
        if (!candidates.slot(ruleIndex, f, i)) {
          continue; // neither the text nor its decoded form contains the indicator's literal
        }
        int slot = slotBase[ruleIndex] + f * slotWidth[ruleIndex] + i;
        Finding finding =
            matchField(rule, indicators.get(i), slot, field, value, candidates, event);
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
    List<Indicator> requiredIndicators = rule.requiredIndicators();
    for (int k = 0; k < requiredIndicators.size(); k++) {
      Indicator required = requiredIndicators.get(k);
      Finding finding = null;
      for (int f = 0; f < fields.size(); f++) {
        Field field = fields.get(f);
        CharSequence value = event.get(field);
        if (value != null && value.length() > 0
            && candidates.slot(ruleIndex, f, indicators.size() + k)) {
          int slot = slotBase[ruleIndex] + f * slotWidth[ruleIndex] + indicators.size() + k;
          finding = matchField(rule, required, slot, field, value, candidates, event);
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
    return result;
  }

  /** Replaces each finding of a non-empty {@link #matchRule} result with its ranked form. */
  private static void rankAll(Rule rule, List<Finding> findings, ProcessClass processClass) {
    for (int i = 0; i < findings.size(); i++) {
      findings.set(i, rank(rule, findings.get(i), processClass));
    }
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

  private Finding matchIndicator(Rule rule, Indicator indicator, int slot, Field field,
      CharSequence value, boolean decoded, Candidates candidates, Event event) {
    int literalAt = candidates.firstStart(slot, decoded);
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
        int start = literalAt != UNKNOWN ? literalAt
            : Ascii.indexOfIgnoreCase(value, indicator.requiredLiteral(), 0);
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
        if (literalAt == UNKNOWN) {
          literalAt = Ascii.indexOfIgnoreCase(value, indicator.requiredLiteral(), 0);
        }
        if (literalAt < 0) {
          return null;
        }
        int literalEnd = candidates.lastEnd(slot, decoded);
        long span = findRegex(indicator, value, literalAt,
            literalEnd == UNKNOWN ? value.length() : literalEnd);
        if (span < 0) {
          return null;
        }
        return finding(rule, indicator, field, value, (int) (span >>> 32), (int) span, event,
            null);
      }
      case METADATA_ADDRESS:
        return matchAddress(rule, indicator, slot, field, value, decoded, candidates, event);
      default:
        throw new AssertionError(indicator.kind());
    }
  }

  /**
   * Returns the leftmost match of a regex indicator as {@code (start << 32) | end}, or -1.
   * RE2 costs far more per char than the literal search, so when every match starts with the
   * literal, the search tries an anchored match at each of its first occurrences instead of
   * running over the whole text.
   */
  private long findRegex(Indicator indicator, CharSequence value, int literalAt, int literalEnd) {
    com.google.re2j.Pattern anchored = filtered ? anchoredRegexes.get(indicator) : null;
    int from = 0;
    if (anchored != null) {
      String literal = indicator.requiredLiteral();
      int at = literalAt;
      for (int tries = 0; at >= 0 && tries < MAX_ANCHORED_TRIES; tries++) {
        if (at == 0) {
          com.google.re2j.Matcher matcher = regexes.get(indicator).matcher(value);
          if (matcher.lookingAt()) {
            return ((long) matcher.start() << 32) | matcher.end();
          }
        } else {
          com.google.re2j.Matcher matcher = anchored.matcher(new Window(value, at - 1));
          if (matcher.lookingAt()) {
            return ((long) at << 32) | (at - 1 + matcher.end());
          }
        }
        // No occurrence starts after the one that ends at literalEnd.
        at = at + literal.length() >= literalEnd ? -1
            : Ascii.indexOfIgnoreCase(value, literal, at + 1);
      }
      if (at < 0) {
        return -1;
      }
      from = at;
    }
    com.google.re2j.Matcher matcher = regexes.get(indicator).matcher(value);
    if (!matcher.find(from)) {
      return -1;
    }
    return ((long) matcher.start() << 32) | matcher.end();
  }

  /** The text from {@code offset} on, without copying it. */
  private static final class Window implements CharSequence {
    private final CharSequence text;
    private final int offset;

    Window(CharSequence text, int offset) {
      this.text = text;
      this.offset = offset;
    }

    @Override
    public int length() {
      return text.length() - offset;
    }

    @Override
    public char charAt(int index) {
      return text.charAt(offset + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(offset + start, offset + end);
    }

    @Override
    public String toString() {
      return text.subSequence(offset, text.length()).toString();
    }
  }

  private Finding matchAddress(Rule rule, Indicator indicator, int slot, Field field,
      CharSequence value, boolean decoded, Candidates candidates, Event event) {
    // Several rules read the same field, so the hit of each text is kept for the next rule.
    int cacheIndex = field.ordinal() * 2 + (decoded ? 1 : 0);
    Object cached = candidates.addressHits[cacheIndex];
    MetadataAddresses.Hit hit;
    if (cached != null) {
      hit = cached == Candidates.NO_HIT ? null : (MetadataAddresses.Hit) cached;
    } else {
      int from = candidates.firstStart(slot, decoded);
      int to = candidates.lastEnd(slot, decoded);
      if (from == UNKNOWN) {
        hit = findAddress(field, value, 0, value.length());
      } else {
        hit = from < 0 ? null : findAddress(field, value, from, to);
      }
      candidates.addressHits[cacheIndex] = hit == null ? Candidates.NO_HIT : hit;
    }
    if (hit == null) {
      return null;
    }
    return finding(rule, indicator, field, value, hit.start(), hit.end(), event, hit);
  }

  /** Returns the address hit of a field's text: the first hit, or the first with an endpoint. */
  private MetadataAddresses.Hit findAddress(Field field, CharSequence value, int from, int to) {
    MetadataAddresses.Hit hit;
    if (field == Field.DESTINATION_ADDRESS || field == Field.URL_HOST
        || field == Field.DNS_QUERY_NAME) {
      hit = MetadataAddresses.classify(value, field == Field.URL_HOST);
    } else {
      MetadataAddresses.Hit[] first = new MetadataAddresses.Hit[1];
      java.util.function.Consumer<MetadataAddresses.Hit> keep = h -> {
        if (first[0] == null || (first[0].endpoint() == null && h.endpoint() != null)) {
          first[0] = h;
        }
      };
      if (filtered) {
        MetadataAddresses.scanAnchored(value, from, to, keep);
      } else {
        MetadataAddresses.scan(value, keep);
      }
      hit = first[0];
    }
    return hit;
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

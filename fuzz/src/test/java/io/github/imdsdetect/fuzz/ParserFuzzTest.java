package io.github.imdsdetect.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.imdsdetect.adapter.EventParser;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coverage-guided fuzz targets, one per parser, run by Jazzer. Each passes the raw fuzz input to
 * the parser with small limits and checks the properties of {@link ParseChecks}.
 *
 * <p>A normal test run ({@code mvn -pl fuzz test}) runs each target in regression mode: once on
 * an empty input and once on each file in {@code
 * src/test/resources/io/github/imdsdetect/fuzz/ParserFuzzTestInputs/<method>/}. Those files are
 * seeds cut from the samples, plus every crash that fuzzing found.
 *
 * <p>To fuzz one target, set {@code JAZZER_FUZZ=1} and select exactly one method, because
 * Jazzer fuzzes only one target per JVM:
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl fuzz test -Dtest=ParserFuzzTest#auditd
 * </pre>
 *
 * <p>It stops after {@code maxDuration} (30 s) or at the first failure. Jazzer then saves the
 * failing input in the target's inputs directory, where it becomes a regression test, and keeps
 * its generated corpus in {@code fuzz/.cifuzz-corpus/}. Jazzer 0.24.0 takes the duration from the
 * annotation only, so to fuzz longer by hand either raise {@code maxDuration} locally, or repeat
 * the run: each run starts from the corpus that the previous runs saved.
 *
 * <pre>
 * for i in $(seq 60); do JAZZER_FUZZ=1 mvn -q -pl fuzz test -Dtest=ParserFuzzTest#auditd || break; done
 * </pre>
 */
class ParserFuzzTest {
  private static final Map<String, EventParser> PARSERS = new ConcurrentHashMap<>();

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void auditd(byte[] input) {
    check("auditd", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void sysmon(byte[] input) {
    check("sysmon", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void ecs(byte[] input) {
    check("ecs", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void qradarJson(byte[] input) {
    check("qradar-json", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void qradarCsv(byte[] input) {
    check("qradar-csv", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void windows(byte[] input) {
    check("windows", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void ocsf(byte[] input) {
    check("ocsf", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void zeek(byte[] input) {
    check("zeek", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void weblog(byte[] input) {
    check("weblog", input);
  }

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = ArbitraryInputs.DICTIONARY_RESOURCE)
  void falco(byte[] input) {
    check("falco", input);
  }

  /**
   * Parses {@code input} and checks it. Failing inputs are not saved by {@link ParseChecks},
   * because Jazzer saves them itself.
   */
  private static void check(String format, byte[] input) {
    EventParser parser = PARSERS.computeIfAbsent(format, Parsers::require);
    ParseChecks.check(
        parser,
        new FuzzInput("Jazzer input", input),
        Parsers.SMALL_LIMITS,
        Accounting.forArbitraryInput(format),
        false);
  }
}

package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Checks the detector's shortcuts against {@link Detector#createUnfiltered}, which runs every
 * exact check of every rule on every event. The shortcuts are the prefilter, the candidate slots
 * that pick which indicators to check, the prefilter on a required indicator's literals instead
 * of the rule's own, and starting a regex search at its literal.
 */
class DetectorFilterPropertyTest {

  /** Pieces of benign and malicious text, mixed so that partial and near matches are common. */
  private static final List<String> FRAGMENTS =
      List.of("curl -s ", "http://", "169.254.169.254", "169.254.170.2", "0xA9FEA9FE",
          "2852039166", "[fd00:ec2::254]", "metadata.google.internal", "/latest/meta-data/",
          "iam/security-credentials/role", "/computeMetadata/v1/", "metadata/instance",
          "Metadata: true", "Metadata:TRUE", "metadata.name", "Metadata-Flavor: Google",
          "X-aws-ec2-metadata-token: x", "ip route add ", "route ", "-j ", "-j DNAT ",
          "DNAT to ", "--to-destination ", "iptables -t nat -A OUTPUT -d ", "netsh interface ",
          "portproxy add ", "blackhole ", "opc/v2/", "/metadata/v1.json", "openstack/latest/",
          "hetzner/v1/userdata", "%2F", "%25", "%31%36%39", "169%2E254%2E169%2E254", "\n", " ",
          "x", "-jar app.jar ", "kubectl get pods -o jsonpath={.items[*].metadata.name} ",
          "ECS_CONTAINER_METADATA_URI", "imds.azure.com", "user-data", "\u212A");

  private static Gen<String> texts() {
    Gen<String> built = lists().of(integers().between(0, FRAGMENTS.size() * 2 - 1))
        .ofSizeBetween(0, 10)
        .map(indexes -> {
          StringBuilder sb = new StringBuilder();
          for (int i : indexes) {
            String fragment = FRAGMENTS.get(i % FRAGMENTS.size());
            // The second half of the index range picks the upper-case form.
            sb.append(i < FRAGMENTS.size() ? fragment : fragment.toUpperCase(Locale.ROOT));
          }
          return sb.toString();
        });
    return integers().between(0, 5).zip(built, (roll, text) -> roll == 0 ? null : text);
  }

  private static final List<String> PROCESSES =
      List.of("curl", "python3", "amazon-ssm-agent", "cloud-init", "bash", "java", "nginx");

  @Test
  void builtInSetsMatchUnfilteredReference() {
    List<Detector[]> pairs = new ArrayList<>();
    for (String name : RuleSet.names()) {
      RuleSet rules = RuleSet.named(name);
      pairs.add(new Detector[] {Detector.create(rules), Detector.createUnfiltered(rules)});
    }
    qt().withExamples(4_000)
        .forAll(texts(), texts(), texts(), integers().between(0, PROCESSES.size() - 1))
        .checkAssert((commandLine, url, other, process) -> {
          Event event = SimpleEvent.builder()
              .processName(PROCESSES.get(process))
              .commandLine(commandLine)
              .url(url)
              .urlHost(other)
              .dnsQueryName(other)
              .dnsAnswers(url)
              .destinationAddress(other)
              .httpHeaders(other)
              .build();
          for (Detector[] pair : pairs) {
            if (!pair[0].evaluate(event).isEmpty()) {
              assertTrue(holdsPrefilterLiteral(pair[0], event),
                  () -> "no prefilter literal in " + event);
            }
            String context = pair[0].ruleSet().name() + " on command line " + commandLine
                + ", url " + url + ", other fields " + other;
            assertEquals(pair[1].evaluate(event), pair[0].evaluate(event), context);
            assertEquals(pair[1].explain(event), pair[0].explain(event), context);
          }
        });
  }

  /** Tests the promise of {@link Detector#prefilterLiterals} with plain string searches. */
  private static boolean holdsPrefilterLiteral(Detector detector, Event event) {
    for (var entry : detector.prefilterLiterals().entrySet()) {
      CharSequence value = event.get(entry.getKey());
      if (value == null) {
        continue;
      }
      String raw = value.toString().toLowerCase(Locale.ROOT);
      String decoded = PercentDecoding.decode(value);
      String folded = decoded == null ? raw : raw + "\n" + decoded.toLowerCase(Locale.ROOT);
      for (String literal : entry.getValue()) {
        if (folded.contains(literal)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void prefilterLiteralsOfDefaultSet() {
    Map<Field, List<String>> literals = Detector.create(RuleSet.defaults()).prefilterLiterals();
    List<String> commandLine = literals.get(Field.COMMAND_LINE);
    assertTrue(commandLine.contains("metadata"), commandLine::toString);
    assertTrue(commandLine.contains("169.254."), commandLine::toString);
    // The route-change rule is prefiltered on the address its findings require, not on "-j".
    assertFalse(commandLine.contains("-j"), commandLine::toString);
    assertFalse(commandLine.contains("route"), commandLine::toString);
    assertThrows(UnsupportedOperationException.class, () -> literals.put(Field.URL, List.of()));
  }

  @Test
  void regexLiteralPrefixDetection() {
    assertTrue(Detector.startsWithLiteral("(?i)\\bmetadata\\s*:\\s*true\\b", "metadata"));
    assertTrue(Detector.startsWithLiteral("(?i)-j\\s+(?:dnat|redirect)\\b", "-j"));
    assertTrue(Detector.startsWithLiteral("(?i)\\bopc/v[12]/", "opc/v"));
    assertTrue(Detector.startsWithLiteral("routes?", "route"));
    // A top-level alternation lets a match start elsewhere.
    assertFalse(Detector.startsWithLiteral("route|xroute", "route"));
    // The literal is not at the start.
    assertFalse(Detector.startsWithLiteral("(?i)/metadata/v1(?:/|\\.json\\b)", "metadata/v1"));
    assertFalse(Detector.startsWithLiteral("(?im)^\\s*metadata-flavor", "metadata-flavor"));
    // A quantifier makes the literal's last char optional.
    assertFalse(Detector.startsWithLiteral("routes*", "routes"));
    assertFalse(Detector.startsWithLiteral("(?i:route)", "route"));
    // A dot is a metachar, not the literal's dot.
    assertFalse(Detector.startsWithLiteral("a.b", "a.b"));
  }
}

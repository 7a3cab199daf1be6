package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Compares the {@code qradar} rule set with a direct transcription of the reference AQL WHERE
 * clause in SQL's three-valued logic, on generated events.
 */
class QradarParityPropertyTest {

  private static final Detector DETECTOR = Detector.create(RuleSet.qradar());

  // Three-valued logic: null is SQL UNKNOWN.
  private static Boolean ilike(String value, String pattern) {
    return value == null ? null : LikePatternTest.referenceMatches(pattern, value);
  }

  private static Boolean not(Boolean b) {
    return b == null ? null : !b;
  }

  private static Boolean and(Boolean... terms) {
    boolean unknown = false;
    for (Boolean term : terms) {
      if (term == null) {
        unknown = true;
      } else if (!term) {
        return false;
      }
    }
    return unknown ? null : true;
  }

  private static Boolean or(Boolean... terms) {
    boolean unknown = false;
    for (Boolean term : terms) {
      if (term == null) {
        unknown = true;
      } else if (term) {
        return true;
      }
    }
    return unknown ? null : false;
  }

  /** The reference rule's WHERE clause, minus its time window, written out term by term. */
  static boolean referenceWhere(String destinationip, String processname, String commandLine) {
    Boolean pattern1 =
        and(
            destinationip == null ? null : destinationip.equals("169.254.169.254"),
            not(ilike(processname, "%AzureGuestAgent%")),
            not(ilike(processname, "%amazon-ssm-agent%")),
            not(ilike(processname, "%google_guest_agent%")),
            not(ilike(processname, "%cloud-init%")),
            not(ilike(processname, "%waagent%")));
    Boolean pattern2 =
        and(
            or(
                ilike(commandLine, "%169.254.169.254%"),
                ilike(commandLine, "%metadata/instance%"),
                ilike(commandLine, "%iam/security-credentials%"),
                ilike(commandLine, "%latest/meta-data%"),
                ilike(commandLine, "%latest/dynamic%"),
                ilike(commandLine, "%instance-identity%"),
                ilike(commandLine, "%computeMetadata%"),
                ilike(commandLine, "%metadata.google.internal%"),
                ilike(commandLine, "%imds.azure.com%")),
            not(ilike(commandLine, "%aws-cfn-bootstrap%")),
            not(ilike(commandLine, "%cloud-init%")),
            not(ilike(commandLine, "%amazon-ssm%")),
            not(ilike(commandLine, "%google_guest_agent%")),
            not(ilike(commandLine, "%waagent%")));
    return Boolean.TRUE.equals(or(pattern1, pattern2));
  }

  private static final List<String> DESTINATIONS =
      List.of("169.254.169.254", "169.254.169.25", "169.254.169.2540", " 169.254.169.254",
          "10.0.0.1", "fd00:ec2::254", "169.254.170.2", "");

  private static final List<String> PROCESS_NAMES =
      List.of("curl", "python3", "WindowsAzureGuestAgent.exe", "azureguestagent",
          "amazon-ssm-agent", "AMAZON-SSM-AGENT", "amazon_ssm_agent", "google_guest_agent",
          "google-guest-agent", "googleXguestXagent", "cloud-init", "cloud_init", "waagent",
          "WAAGENT", "powershell.exe", "");

  private static final List<String> FRAGMENTS =
      List.of("curl ", "-s ", "http://", "169.254.169.254", "169.254.169.25", "/", "latest/",
          "meta-data", "latest/meta-data", "LATEST/META-DATA", "latest/dynamic",
          "iam/security-credentials", "metadata/instance", "instance-identity",
          "computemetadata", "computeMetadata", "metadata.google.internal", "imds.azure.com",
          "cloud-init", "CLOUD-INIT", "cloud_init", "waagent", "amazon-ssm", "amazon_ssm",
          "aws-cfn-bootstrap", "google_guest_agent", "google-guest-agent", "google guest agent",
          "#", " ", "%", "_", "k", "\u212A", "\n", "x");

  private static Gen<String> pick(List<String> values) {
    return integers().between(0, values.size()).map(i -> i == values.size() ? null : values.get(i));
  }

  private static Gen<String> commandLines() {
    Gen<String> built =
        lists()
            .of(integers().between(0, FRAGMENTS.size() - 1))
            .ofSizeBetween(0, 8)
            .map(
                indexes -> {
                  StringBuilder sb = new StringBuilder();
                  for (int i : indexes) {
                    sb.append(FRAGMENTS.get(i));
                  }
                  return sb.toString();
                });
    return integers().between(0, 9).zip(built, (roll, text) -> roll == 0 ? null : text);
  }

  @Test
  void qradarRuleSetEqualsAqlWhereClause() {
    qt().withExamples(20_000)
        .forAll(pick(DESTINATIONS), pick(PROCESS_NAMES), commandLines())
        .checkAssert(
            (destination, process, commandLine) -> {
              Event event =
                  SimpleEvent.builder()
                      .destinationAddress(destination)
                      .processName(process)
                      .commandLine(commandLine)
                      .build();
              assertEquals(
                  referenceWhere(destination, process, commandLine),
                  !DETECTOR.detect(event).isEmpty(),
                  () -> "destinationip=" + destination + " processname=" + process
                      + " CommandLine=" + commandLine);
            });
  }
}

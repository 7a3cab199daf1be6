package io.github.imdsdetect.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Checks the one-pass {@link TargetClassifier} against a plain reference that searches the text
 * once per path, in the order of the table, as the classifier did before it used an automaton.
 */
class TargetClassifierPropertyTest {

  /** The table's literals, with pieces that overlap them or nearly spell them. */
  private static final List<String> FRAGMENTS =
      List.of("iam/security-credentials", "ram/security-credentials", "/v2/credentials",
          "/v1/credentials", "latest/api/token", "identity/oauth2/token", "/token?", "/token",
          "opc/v2/identity", "opc/v1/identity", "latest/dynamic/instance-identity",
          "metadata/attested", "latest/user-data", "openstack/latest/user_data",
          "hetzner/v1/userdata", "metadata/v1/user-data", "computemetadata/v1", "hetzner/v1",
          "openstack/latest", "opc/v", "latest/meta-data", "latest/dynamic", "metadata/instance",
          "metadata/identity", "metadata/v1", "service-accounts/", "/identity", "default/",
          "http://169.254.169.254/", "/computeMetadata/v1/instance/", "?", "/", "-", "x",
          "latest", "metadata", "\u212A", "\u00E9");

  private static Gen<String> texts() {
    return lists().of(integers().between(0, FRAGMENTS.size() * 2 - 1))
        .ofSizeBetween(0, 8)
        .map(indexes -> {
          StringBuilder sb = new StringBuilder();
          for (int i : indexes) {
            String fragment = FRAGMENTS.get(i % FRAGMENTS.size());
            sb.append(i < FRAGMENTS.size() ? fragment : fragment.toUpperCase(Locale.ROOT));
          }
          return sb.toString();
        });
  }

  @Test
  void matchesThePlainReference() {
    qt().withExamples(5000).forAll(texts()).checkAssert(text ->
        assertArrayEquals(reference(text), TargetClassifier.classify(text), text));
  }

  @Test
  void readsNonStringSequences() {
    StringBuilder text = new StringBuilder("GET /computeMetadata/v1/instance/service-accounts/");
    text.append("default/TOKEN");
    assertArrayEquals(
        new String[] {"service-accounts/", "gcp", "token"}, TargetClassifier.classify(text));
    assertNull(TargetClassifier.classify("GET /token-docs/service-accounts/ HTTP/1.1"));
  }

  /** The table of {@link TargetClassifier}, searched one literal at a time. */
  private static final String[][] PATHS = {
    {"iam/security-credentials", "aws", "credentials"},
    {"ram/security-credentials", "alibaba", "credentials"},
    {"/v2/credentials", "aws-ecs", "credentials"},
    {"/v1/credentials", "aws-eks", "credentials"},
    {"latest/api/token", "aws", "token"},
    {"identity/oauth2/token", "azure", "token"},
    {"/token?", "unknown", "token"},
    {"opc/v2/identity", "oracle", "token"},
    {"opc/v1/identity", "oracle", "token"},
    {"latest/dynamic/instance-identity", "aws", "identity-document"},
    {"metadata/attested", "azure", "identity-document"},
    {"latest/user-data", "aws", "user-data"},
    {"openstack/latest/user_data", "openstack", "user-data"},
    {"hetzner/v1/userdata", "hetzner", "user-data"},
    {"metadata/v1/user-data", "digitalocean", "user-data"},
    {"computemetadata/v1", "gcp", "metadata"},
    {"hetzner/v1", "hetzner", "metadata"},
    {"openstack/latest", "openstack", "metadata"},
    {"opc/v", "oracle", "metadata"},
    {"latest/meta-data", "aws", "metadata"},
    {"latest/dynamic", "aws", "metadata"},
    {"metadata/instance", "azure", "metadata"},
    {"metadata/identity", "azure", "metadata"},
    {"metadata/v1", "digitalocean", "metadata"},
  };

  private static String[] reference(String text) {
    String lower = asciiLower(text);
    int serviceAccounts = lower.indexOf("service-accounts/");
    if (serviceAccounts >= 0 && (lower.indexOf("/token", serviceAccounts) >= 0
        || lower.indexOf("/identity", serviceAccounts) >= 0)) {
      return new String[] {"service-accounts/", "gcp", "token"};
    }
    for (String[] path : PATHS) {
      if (lower.contains(path[0])) {
        return path;
      }
    }
    return null;
  }

  /** Lower-cases ASCII letters only, as the classifier compares them. */
  private static String asciiLower(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return sb.toString();
  }
}

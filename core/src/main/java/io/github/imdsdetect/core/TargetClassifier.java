package io.github.imdsdetect.core;

/**
 * Tells which provider and kind of data a metadata request text reaches, from the API paths it
 * holds, most sensitive first. Used to describe findings whose indicator is an address, such as
 * an HTTP request to 169.254.169.254, an address that AWS, Azure, GCP, Oracle, DigitalOcean,
 * OpenStack and Hetzner all use.
 */
final class TargetClassifier {
  /** Lower-case path literal, provider, data kind; the first match wins. */
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
    // Provider prefixes come before the Azure paths, which they can contain, as in
    // hetzner/v1/metadata/instance-id.
    {"hetzner/v1", "hetzner", "metadata"},
    {"openstack/latest", "openstack", "metadata"},
    {"opc/v", "oracle", "metadata"},
    {"latest/meta-data", "aws", "metadata"},
    {"latest/dynamic", "aws", "metadata"},
    {"metadata/instance", "azure", "metadata"},
    {"metadata/identity", "azure", "metadata"},
    {"metadata/v1", "digitalocean", "metadata"},
  };

  private static final String SERVICE_ACCOUNTS = "service-accounts/";
  private static final String[] GCP_TOKEN = {SERVICE_ACCOUNTS, "gcp", "token"};

  /**
   * The {@link #PATHS} literals in their order, then {@value #SERVICE_ACCOUNTS} and the two
   * tails that make it a token request.
   */
  private static final AhoCorasick MATCHER = compileMatcher();

  private static final int SERVICE_ACCOUNTS_PATTERN = PATHS.length;

  private TargetClassifier() {}

  private static AhoCorasick compileMatcher() {
    java.util.List<String> patterns = new java.util.ArrayList<>();
    for (String[] path : PATHS) {
      patterns.add(path[0]);
    }
    patterns.add(SERVICE_ACCOUNTS);
    patterns.add("/token");
    patterns.add("/identity");
    return AhoCorasick.compile(patterns);
  }

  /**
   * Returns {provider, dataKind} for the most sensitive path in the text, or null. A GCP
   * service-account path counts as a token request when {@code /token} or {@code /identity}
   * starts after its first occurrence. One pass of an automaton finds every path literal.
   */
  static String[] classify(CharSequence text) {
    if (text == null) {
      return null;
    }
    Matches matches = new Matches();
    MATCHER.findAll(text, matches);
    if (matches.firstServiceAccounts >= 0
        && matches.lastTokenTail >= matches.firstServiceAccounts) {
      return GCP_TOKEN;
    }
    return matches.bestPath < PATHS.length ? PATHS[matches.bestPath] : null;
  }

  /** The matches of one pass: the first path in {@link #PATHS} order, and the GCP positions. */
  private static final class Matches implements AhoCorasick.MatchHandler {
    int bestPath = PATHS.length;
    int firstServiceAccounts = -1;
    int lastTokenTail = -1;

    @Override
    public boolean onMatch(int pattern, int start, int end) {
      if (pattern < PATHS.length) {
        bestPath = Math.min(bestPath, pattern);
      } else if (pattern == SERVICE_ACCOUNTS_PATTERN) {
        if (firstServiceAccounts < 0 || start < firstServiceAccounts) {
          firstServiceAccounts = start;
        }
      } else {
        lastTokenTail = Math.max(lastTokenTail, start);
      }
      return true;
    }
  }
}

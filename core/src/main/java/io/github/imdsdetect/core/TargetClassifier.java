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

  private TargetClassifier() {}

  /**
   * Returns {provider, dataKind} for the most sensitive path in the text, or null. A GCP
   * service-account path counts as a token request when it ends in {@code /token} or
   * {@code /identity}.
   */
  static String[] classify(CharSequence text) {
    if (text == null) {
      return null;
    }
    int serviceAccounts = Ascii.indexOfIgnoreCase(text, "service-accounts/", 0);
    if (serviceAccounts >= 0 && (Ascii.indexOfIgnoreCase(text, "/token", serviceAccounts) >= 0
        || Ascii.indexOfIgnoreCase(text, "/identity", serviceAccounts) >= 0)) {
      return new String[] {"service-accounts/", "gcp", "token"};
    }
    for (String[] path : PATHS) {
      if (Ascii.indexOfIgnoreCase(text, path[0], 0) >= 0) {
        return path;
      }
    }
    return null;
  }
}

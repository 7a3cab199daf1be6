package io.github.imdsdetect.generators;

/** What a generated event is, as a detection engineer would grade it. */
public enum Label {
  /**
   * A request to a metadata service for instance metadata, user data or an identity document.
   * The default rule set reports it.
   */
  ACCESS,
  /**
   * A request for role credentials or a token, such as AWS {@code iam/security-credentials} or a
   * GCP service-account token. The default rule set reports it.
   */
  CREDENTIAL_ACCESS,
  /**
   * A command that names a metadata endpoint without fetching from it: grep, echo, sed or a
   * firewall rule that blocks the address. The default rule set reports it at severity
   * INFORMATIONAL.
   */
  MENTION,
  /**
   * Text that looks like a metadata endpoint but is none: a neighbouring address, a look-alike
   * host name, the digits of an address inside a longer token, an IPv4-mapped private address.
   * The default rule set reports nothing.
   */
  NEAR_MISS,
  /**
   * A metadata request by a cloud agent installed at its real path, such as
   * {@code /usr/bin/amazon-ssm-agent}. The default rule set matches it but an agent exclusion
   * quiets every match, so it yields suppressions and no finding.
   */
  AGENT
}

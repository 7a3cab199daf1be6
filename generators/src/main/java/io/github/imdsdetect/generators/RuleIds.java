package io.github.imdsdetect.generators;

/** The ids of the default rule set's rules, as {@code BuiltInRules} in the core defines them. */
final class RuleIds {
  static final String CONNECTION = "imds.net.connection";
  static final String ENDPOINT = "imds.cmdline.endpoint";
  static final String CREDENTIALS = "imds.cmdline.credentials";
  static final String PATH = "imds.cmdline.path";
  static final String DNS_QUERY = "imds.dns.query";
  static final String DNS_ANSWER = "imds.dns.answer";
  static final String URL = "imds.http.url";
  static final String HEADER = "imds.http.header";

  private RuleIds() {}
}

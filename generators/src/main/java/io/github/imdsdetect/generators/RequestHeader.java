package io.github.imdsdetect.generators;

import java.util.List;
import java.util.Set;

/**
 * A request header that a metadata service requires or accepts.
 *
 * @param name the header name
 * @param value the header value
 * @param commandLineRuleIds the rules that fire when a command line writes the header as
 *     {@code Name: value}, as curl's {@code -H} does: the path rule's {@code Metadata: true} and
 *     {@code Metadata-Flavor: Google} indicators. Python dictionaries and PowerShell hash tables
 *     put quotes between name and value, which those indicators do not match.
 * @param httpRuleIds the rules that fire when an HTTP request carries the header: the header
 *     rule for the headers that only metadata services ask for
 * @param provider the provider that the header rule's finding reports
 * @param dataKind the data kind that the header rule's finding reports
 */
record RequestHeader(
    String name,
    String value,
    Set<String> commandLineRuleIds,
    Set<String> httpRuleIds,
    String provider,
    String dataKind) {

  static final RequestHeader GOOGLE_FLAVOR =
      new RequestHeader(
          "Metadata-Flavor", "Google", Set.of(RuleIds.PATH), Set.of(RuleIds.HEADER), "gcp",
          "metadata");
  static final RequestHeader AZURE_METADATA =
      new RequestHeader(
          "Metadata", "true", Set.of(RuleIds.PATH), Set.of(RuleIds.HEADER), "azure", "metadata");
  static final RequestHeader ORACLE_BEARER =
      new RequestHeader(
          "Authorization", "Bearer Oracle", Set.of(), Set.of(RuleIds.HEADER), "oracle",
          "metadata");
  static final RequestHeader AWS_TOKEN =
      new RequestHeader(
          "X-aws-ec2-metadata-token", "AQAEAFxExampleSessionToken0123456789==", Set.of(),
          Set.of(RuleIds.HEADER), "aws", "token");
  static final RequestHeader AWS_TOKEN_TTL =
      new RequestHeader(
          "X-aws-ec2-metadata-token-ttl-seconds", "21600", Set.of(), Set.of(RuleIds.HEADER), "aws",
          "token");
  static final RequestHeader ALIBABA_TOKEN =
      new RequestHeader(
          "X-aliyun-ecs-metadata-token", "AAAAAExampleAlibabaToken0123==", Set.of(),
          Set.of(RuleIds.HEADER), "alibaba", "token");

  /** Headers that the header rule reports on any request, with the provider each names. */
  static final List<RequestHeader> ALL =
      List.of(GOOGLE_FLAVOR, AZURE_METADATA, ORACLE_BEARER, AWS_TOKEN, AWS_TOKEN_TTL, ALIBABA_TOKEN);

  /** Returns the header as one {@code Name: value} line. */
  String line() {
    return name + ": " + value;
  }
}

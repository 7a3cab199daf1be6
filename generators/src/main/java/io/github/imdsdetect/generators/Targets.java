package io.github.imdsdetect.generators;

import static io.github.imdsdetect.generators.MetadataEndpoint.ALIBABA;
import static io.github.imdsdetect.generators.MetadataEndpoint.AWS_NAME;
import static io.github.imdsdetect.generators.MetadataEndpoint.ECS_TASK;
import static io.github.imdsdetect.generators.MetadataEndpoint.EKS_POD_IDENTITY;
import static io.github.imdsdetect.generators.MetadataEndpoint.EKS_POD_IDENTITY_V6;
import static io.github.imdsdetect.generators.MetadataEndpoint.GCP_NAME;
import static io.github.imdsdetect.generators.MetadataEndpoint.IMDS_V4;
import static io.github.imdsdetect.generators.MetadataEndpoint.IMDS_V6;
import static io.github.imdsdetect.generators.MetadataEndpoint.OPENSTACK_V6;
import static io.github.imdsdetect.generators.RuleIds.CREDENTIALS;
import static io.github.imdsdetect.generators.RuleIds.PATH;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The metadata API requests that events make, by provider. The paths are those that the
 * providers document and that {@code docs/providers.md} lists; the rule ids are those that the
 * default rule set's path and credential indicators give them in a command line.
 */
final class Targets {
  private static final List<MetadataEndpoint> AWS = List.of(IMDS_V4, IMDS_V6, AWS_NAME);
  private static final List<MetadataEndpoint> SHARED = List.of(IMDS_V4);
  private static final List<MetadataEndpoint> GCP = List.of(IMDS_V4, GCP_NAME);

  static final List<Target> ALL =
      List.of(
          target("aws", "metadata", "/latest/meta-data/instance-id", AWS, PATH),
          target("aws", "metadata", "/latest/meta-data/placement/region", AWS, PATH),
          target("aws", "user-data", "/latest/user-data", AWS, PATH),
          target("aws", "identity-document", "/latest/dynamic/instance-identity/document", AWS,
              PATH),
          target("aws", "credentials", "/latest/meta-data/iam/security-credentials/", AWS,
              CREDENTIALS, PATH),
          target("aws", "credentials", "/latest/meta-data/iam/security-credentials/web-app-role",
              AWS, CREDENTIALS, PATH),
          new Target("aws", "token", "/latest/api/token", "PUT", RequestHeader.AWS_TOKEN_TTL, AWS,
              Set.of(CREDENTIALS), null),
          withHeader(RequestHeader.AZURE_METADATA,
              target("azure", "metadata", "/metadata/instance?api-version=2021-02-01", SHARED,
                  PATH)),
          withHeader(RequestHeader.AZURE_METADATA,
              target("azure", "identity-document",
                  "/metadata/attested/document?api-version=2020-09-01", SHARED, PATH)),
          withHeader(RequestHeader.AZURE_METADATA,
              target("azure", "token",
                  "/metadata/identity/oauth2/token?api-version=2018-02-01"
                      + "&resource=https://management.azure.com/",
                  SHARED, CREDENTIALS)),
          withHeader(RequestHeader.GOOGLE_FLAVOR,
              target("gcp", "metadata", "/computeMetadata/v1/instance/hostname", GCP, PATH)),
          withHeader(RequestHeader.GOOGLE_FLAVOR,
              target("gcp", "metadata", "/computeMetadata/v1/project/project-id", GCP, PATH)),
          withHeader(RequestHeader.GOOGLE_FLAVOR,
              target("gcp", "token",
                  "/computeMetadata/v1/instance/service-accounts/default/token", GCP,
                  CREDENTIALS, PATH)),
          withHeader(RequestHeader.GOOGLE_FLAVOR,
              target("gcp", "token",
                  "/computeMetadata/v1/instance/service-accounts/default/identity"
                      + "?audience=https://service.example.test",
                  GCP, CREDENTIALS, PATH)),
          withHeader(RequestHeader.ORACLE_BEARER,
              target("oracle", "metadata", "/opc/v2/instance/", SHARED, PATH)),
          withHeader(RequestHeader.ORACLE_BEARER,
              target("oracle", "token", "/opc/v2/identity/cert.pem", SHARED, CREDENTIALS, PATH)),
          target("digitalocean", "metadata", "/metadata/v1/id", SHARED, PATH),
          target("digitalocean", "metadata", "/metadata/v1.json", SHARED, PATH),
          target("openstack", "metadata", "/openstack/latest/meta_data.json",
              List.of(IMDS_V4, OPENSTACK_V6), PATH),
          target("openstack", "user-data", "/openstack/latest/user_data",
              List.of(IMDS_V4, OPENSTACK_V6), PATH),
          target("hetzner", "metadata", "/hetzner/v1/metadata/instance-id", SHARED, PATH),
          target("hetzner", "user-data", "/hetzner/v1/userdata", SHARED, PATH),
          target("aws-ecs", "metadata", "/v2/metadata", List.of(ECS_TASK)),
          new Target("aws-ecs", "credentials",
              "/v2/credentials/3f1c0a52-5e0b-4c8e-9d55-0c5f1e7b2a10", "GET", null,
              List.of(ECS_TASK), Set.of(), CREDENTIALS),
          new Target("aws-eks", "credentials", "/v1/credentials", "GET",
              new RequestHeader("Authorization", "eyJhbGciOiJSUzI1NiJ9.example.signature",
                  Set.of(), Set.of(), "aws-eks", "credentials"),
              List.of(EKS_POD_IDENTITY, EKS_POD_IDENTITY_V6), Set.of(), CREDENTIALS),
          target("alibaba", "metadata", "/latest/meta-data/instance-id", List.of(ALIBABA), PATH),
          target("alibaba", "credentials",
              "/latest/meta-data/ram/security-credentials/EcsRamRole", List.of(ALIBABA),
              CREDENTIALS, PATH));

  private Targets() {}

  /** Returns the targets that {@code endpoint} serves, credential targets only if asked. */
  static List<Target> servedBy(MetadataEndpoint endpoint, boolean credentialAccess) {
    List<Target> targets = new ArrayList<>();
    for (Target target : ALL) {
      if (target.endpoints().contains(endpoint) && target.isCredentialAccess() == credentialAccess) {
        targets.add(target);
      }
    }
    return targets;
  }

  /**
   * Returns the first target with the given path.
   *
   * @throws IllegalArgumentException if no target has it
   */
  static Target byPath(String path) {
    for (Target target : ALL) {
      if (target.path().equals(path)) {
        return target;
      }
    }
    throw new IllegalArgumentException("no target with path " + path);
  }

  private static Target target(
      String provider, String dataKind, String path, List<MetadataEndpoint> endpoints,
      String... ruleIds) {
    return new Target(provider, dataKind, path, "GET", null, endpoints, Set.of(ruleIds), null);
  }

  private static Target withHeader(RequestHeader header, Target target) {
    return new Target(target.provider(), target.dataKind(), target.path(), target.method(), header,
        target.endpoints(), target.pathRuleIds(), target.literalAddressRule());
  }
}

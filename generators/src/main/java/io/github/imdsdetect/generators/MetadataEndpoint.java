package io.github.imdsdetect.generators;

import java.util.List;

/**
 * The metadata endpoints that the default rule set knows, with the numbers that the encodings
 * are computed from. The addresses are those of {@code MetadataAddresses.Endpoint} in the core.
 */
enum MetadataEndpoint {
  IMDS_V4("aws", 0xA9FE_A9FEL, null),
  ECS_TASK("aws-ecs", 0xA9FE_AA02L, null),
  EKS_POD_IDENTITY("aws-eks", 0xA9FE_AA17L, null),
  ALIBABA("alibaba", 0x6464_64C8L, null),
  IMDS_V6("aws", -1, new int[] {0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254}),
  EKS_POD_IDENTITY_V6("aws-eks", -1, new int[] {0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0023}),
  OPENSTACK_V6("openstack", -1, new int[] {0xfe80, 0, 0, 0, 0, 0, 0xa9fe, 0xa9fe}),
  GCP_NAME("gcp", -1, null),
  AWS_NAME("aws", -1, null);

  /** The endpoints with an IPv4 address. */
  static final List<MetadataEndpoint> IPV4 = List.of(IMDS_V4, ECS_TASK, EKS_POD_IDENTITY, ALIBABA);

  /** The endpoints with an IPv6 address of their own. */
  static final List<MetadataEndpoint> IPV6 = List.of(IMDS_V6, EKS_POD_IDENTITY_V6, OPENSTACK_V6);

  private final String provider;
  private final long ipv4;
  private final int[] ipv6Groups;

  MetadataEndpoint(String provider, long ipv4, int[] ipv6Groups) {
    this.provider = provider;
    this.ipv4 = ipv4;
    this.ipv6Groups = ipv6Groups;
  }

  /** Returns the provider id that findings on this endpoint report. */
  String provider() {
    return provider;
  }

  boolean isIpv4() {
    return ipv4 >= 0;
  }

  boolean isIpv6() {
    return ipv6Groups != null;
  }

  /** Returns the IPv4 address as an unsigned 32-bit value. */
  long ipv4() {
    if (!isIpv4()) {
      throw new IllegalStateException(this + " has no IPv4 address");
    }
    return ipv4;
  }

  /** Returns a copy of the eight 16-bit groups of the IPv6 address. */
  int[] ipv6Groups() {
    if (!isIpv6()) {
      throw new IllegalStateException(this + " has no IPv6 address");
    }
    return ipv6Groups.clone();
  }

  /**
   * Returns the address that a connection to this endpoint goes to, in the usual notation:
   * dotted IPv4, compressed IPv6, or 169.254.169.254 for the host names, which resolve to it.
   */
  String connectAddress() {
    if (isIpv4()) {
      return AddressWriter.dotted(ipv4);
    }
    if (isIpv6()) {
      return AddressWriter.compressedIpv6(ipv6Groups);
    }
    return AddressWriter.dotted(IMDS_V4.ipv4);
  }
}

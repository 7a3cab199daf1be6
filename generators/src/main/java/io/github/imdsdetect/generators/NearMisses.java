package io.github.imdsdetect.generators;

import java.util.ArrayList;
import java.util.List;

/**
 * Text that looks like a metadata endpoint but is not one, so the default rule set must not report
 * it: addresses next to a metadata address in every IPv4 notation, IPv6 neighbours, IPv4-mapped
 * private addresses, text that wraps twice or is no address at all, and look-alike host names.
 */
final class NearMisses {
  /**
   * One look-alike.
   *
   * @param text the text as written
   * @param encoding the notation it imitates
   * @param description what it is, for event descriptions
   */
  record LookAlike(String text, Encoding encoding, String description) {}

  /** IPv4 notations in which neighbours are written. */
  private static final List<Encoding> NEIGHBOUR_ENCODINGS =
      List.of(Encoding.DOTTED_DECIMAL, Encoding.DECIMAL_INTEGER, Encoding.HEX_INTEGER,
          Encoding.OCTAL_INTEGER, Encoding.DOTTED_HEX, Encoding.DOTTED_OCTAL,
          Encoding.DOTTED_MIXED, Encoding.SHORT_FORM_TWO_PARTS, Encoding.SHORT_FORM_THREE_PARTS,
          Encoding.OUT_OF_RANGE, Encoding.IPV4_MAPPED_DOTTED, Encoding.IPV4_MAPPED_HEX,
          Encoding.IPV4_COMPATIBLE_DOTTED, Encoding.IPV4_COMPATIBLE_HEX, Encoding.NIP_IO,
          Encoding.SSLIP_IO, Encoding.XIP_IO, Encoding.RBNDR_US);

  /** Wildcard DNS notations, for DNS near misses. */
  private static final List<Encoding> WILDCARD_ENCODINGS =
      List.of(Encoding.NIP_IO, Encoding.SSLIP_IO, Encoding.XIP_IO, Encoding.RBNDR_US);

  /** Steps from a metadata address to a neighbour: next address, next /24 and so on. */
  private static final long[] DELTAS = {-1, 1, -2, 4, 256, -256};

  /** IP literals that are no metadata address, as connection records write them. */
  private static final List<LookAlike> ADDRESSES =
      List.of(
          new LookAlike("169.254.169.253", Encoding.DOTTED_DECIMAL, "the AWS DNS resolver 169.254.169.253"),
          new LookAlike("169.254.169.123", Encoding.DOTTED_DECIMAL,
              "the Amazon Time Sync Service 169.254.169.123"),
          new LookAlike("169.254.170.3", Encoding.DOTTED_DECIMAL, "169.254.170.3, next to the ECS endpoint"),
          new LookAlike("100.100.100.201", Encoding.DOTTED_DECIMAL,
              "100.100.100.201, next to Alibaba's endpoint"),
          new LookAlike("fd00:ec2::253", Encoding.IPV6_COMPRESSED, "fd00:ec2::253, next to AWS IPv6 IMDS"),
          new LookAlike("fd00:ec2::255", Encoding.IPV6_COMPRESSED, "fd00:ec2::255, next to AWS IPv6 IMDS"),
          new LookAlike("fd00:ec3::254", Encoding.IPV6_COMPRESSED, "fd00:ec3::254, a changed group"),
          new LookAlike("fd00:ec2::254:1", Encoding.IPV6_COMPRESSED, "fd00:ec2::254:1, an extra group"),
          new LookAlike("fe80::a9fe:a9fd", Encoding.IPV6_COMPRESSED,
              "fe80::a9fe:a9fd, next to OpenStack's IPv6 endpoint"),
          new LookAlike("fd00:ec2:0:0:0:0:0:253", Encoding.IPV6_FULL, "fd00:ec2::253 in full form"),
          new LookAlike("::ffff:10.0.0.1", Encoding.IPV4_MAPPED_DOTTED, "the IPv4-mapped private address 10.0.0.1"),
          new LookAlike("::ffff:192.168.1.20", Encoding.IPV4_MAPPED_DOTTED,
              "the IPv4-mapped private address 192.168.1.20"),
          new LookAlike("::ffff:172.17.0.2", Encoding.IPV4_MAPPED_DOTTED,
              "the IPv4-mapped Docker bridge address 172.17.0.2"),
          new LookAlike("::ffff:a00:1", Encoding.IPV4_MAPPED_HEX, "the IPv4-mapped private address 10.0.0.1 in hex"),
          new LookAlike("::ffff:169.254.169.253", Encoding.IPV4_MAPPED_DOTTED,
              "the IPv4-mapped AWS DNS resolver"),
          new LookAlike("::10.0.0.1", Encoding.IPV4_COMPATIBLE_DOTTED,
              "the IPv4-compatible private address 10.0.0.1"));

  /** Text in URLs and command lines that is no address or names another host. */
  private static final List<LookAlike> TEXTS =
      List.of(
          new LookAlike("0169.254.169.254", Encoding.DOTTED_OCTAL,
              "0169.254.169.254, which is no IPv4 address because 9 is no octal digit"),
          new LookAlike("169.254.169.0254", Encoding.DOTTED_MIXED,
              "169.254.169.0254, whose octal last part makes it 169.254.169.172"),
          new LookAlike("11.169.254.169.254", Encoding.DOTTED_DECIMAL, "a five-part number"),
          new LookAlike("169.254.169.2549", Encoding.DOTTED_DECIMAL, "an extra digit in the last part"),
          new LookAlike("0x2a9fea9fe", Encoding.OUT_OF_RANGE, "a hex number that wraps twice"),
          new LookAlike("11441973758", Encoding.OUT_OF_RANGE, "a decimal number that wraps twice"),
          new LookAlike("169.254.169.766", Encoding.OUT_OF_RANGE, "a last part that wraps twice"),
          new LookAlike("[fd00:ec2::253]:80", Encoding.IPV6_BRACKETS, "fd00:ec2::253 in brackets with a port"),
          new LookAlike("fe80::a9fe:a9fd%25eth0", Encoding.IPV6_ZONE_ID,
              "fe80::a9fe:a9fd with a zone id"));

  /** Host names that resemble metadata host names. */
  private static final List<LookAlike> NAMES =
      List.of(
          new LookAlike("metadata.google.internal.attacker.example", Encoding.HOST_NAME,
              "a look-alike with a suffix"),
          new LookAlike("xmetadata.google.internal", Encoding.HOST_NAME, "a look-alike with a prefix"),
          new LookAlike("metadata.google.internal-proxy.example", Encoding.HOST_NAME,
              "a look-alike with a dashed suffix"),
          new LookAlike("metadata-server.example.test", Encoding.HOST_NAME,
              "a host whose name starts with metadata"),
          new LookAlike("instance-data.example.test", Encoding.INSTANCE_DATA_NAME,
              "instance-data in another domain"),
          new LookAlike("instance-data.ec2.internal.example", Encoding.INSTANCE_DATA_NAME,
              "instance-data.ec2.internal with a suffix"),
          new LookAlike("instance-data.prod.compute.internal", Encoding.INSTANCE_DATA_NAME,
              "instance-data under a label that is no AWS region"),
          new LookAlike("10.0.0.1.nip.io", Encoding.NIP_IO, "a nip.io name of a private address"),
          new LookAlike("169.254.169.254.example.test", Encoding.NIP_IO,
              "the metadata address under an ordinary domain"),
          new LookAlike("192-168-0-10.sslip.io", Encoding.SSLIP_IO, "an sslip.io name of a private address"),
          new LookAlike("fd00-ec2--253.sslip.io", Encoding.SSLIP_IO, "an sslip.io name of fd00:ec2::253"),
          new LookAlike("app.10.1.2.3.xip.io", Encoding.XIP_IO, "an xip.io name of a private address"),
          new LookAlike("7f000001.c0a80001.rbndr.us", Encoding.RBNDR_US,
              "an rbndr.us name of two private addresses"));

  private NearMisses() {}

  /** Returns any look-alike for a URL host or command-line argument. */
  static LookAlike pick(Choices choices) {
    switch (choices.between(0, 4)) {
      case 0:
        return neighbour(choices, NEIGHBOUR_ENCODINGS);
      case 1:
        return choices.pick(ADDRESSES);
      case 2:
        return choices.pick(TEXTS);
      default:
        return choices.pick(NAMES);
    }
  }

  /** Returns an IP literal that is no metadata address, for connection records and answers. */
  static LookAlike address(Choices choices) {
    return choices.percent(50)
        ? neighbour(choices, List.of(Encoding.DOTTED_DECIMAL))
        : choices.pick(ADDRESSES);
  }

  /** Returns a name for a DNS question that resembles a metadata name. */
  static LookAlike dnsName(Choices choices) {
    if (choices.percent(30)) {
      return neighbour(choices, WILDCARD_ENCODINGS);
    }
    if (choices.percent(10)) {
      return new LookAlike("254.169.254.169.in-addr.arpa", Encoding.DOTTED_DECIMAL,
          "the reverse lookup of 169.254.169.254");
    }
    return choices.pick(NAMES);
  }

  /** Returns a host name or IPv4 host for an HTTP request that is no metadata endpoint. */
  static LookAlike urlHost(Choices choices) {
    return choices.percent(40)
        ? neighbour(choices, List.of(Encoding.DOTTED_DECIMAL, Encoding.DECIMAL_INTEGER,
            Encoding.HEX_INTEGER, Encoding.NIP_IO))
        : choices.pick(NAMES);
  }

  /** Returns an address next to a metadata IPv4 address, written in one of {@code encodings}. */
  private static LookAlike neighbour(Choices choices, List<Encoding> encodings) {
    List<Long> values = new ArrayList<>();
    for (MetadataEndpoint endpoint : MetadataEndpoint.IPV4) {
      for (long delta : DELTAS) {
        long value = (endpoint.ipv4() + delta) & 0xFFFF_FFFFL;
        if (!isMetadataAddress(value)) {
          values.add(value);
        }
      }
    }
    long value = choices.pick(values);
    Encoding encoding = choices.pick(encodings);
    return new LookAlike(AddressWriter.writeIpv4(value, encoding, choices), encoding,
        "the neighbour " + AddressWriter.dotted(value) + " written as " + encoding);
  }

  private static boolean isMetadataAddress(long value) {
    for (MetadataEndpoint endpoint : MetadataEndpoint.IPV4) {
      if (endpoint.ipv4() == value) {
        return true;
      }
    }
    return false;
  }
}

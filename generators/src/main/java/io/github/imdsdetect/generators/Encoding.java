package io.github.imdsdetect.generators;

/**
 * The notation in which an event writes the metadata endpoint. The constants cover every notation that
 * {@code MetadataAddresses} in the core documents, and the URL tricks around them that the
 * default rule set undoes by percent-decoding. The examples are for 169.254.169.254 unless they
 * name another endpoint.
 *
 * <p>A near miss carries the encoding that its look-alike text imitates: "2852039165", one below
 * the metadata address, is {@link #DECIMAL_INTEGER}.
 */
public enum Encoding {
  /** Four decimal parts: {@code 169.254.169.254}. */
  DOTTED_DECIMAL,
  /** One decimal number: {@code 2852039166}. */
  DECIMAL_INTEGER,
  /** One hexadecimal number, any case, maybe zero-padded: {@code 0xA9FEA9FE}. */
  HEX_INTEGER,
  /** One octal number: {@code 025177524776}. */
  OCTAL_INTEGER,
  /** Four hexadecimal parts: {@code 0xa9.0xfe.0xa9.0xfe}. */
  DOTTED_HEX,
  /** Four octal parts, maybe with extra leading zeros: {@code 0251.0376.0251.0376}. */
  DOTTED_OCTAL,
  /** Four parts in more than one base: {@code 169.0376.0xa9.254}. */
  DOTTED_MIXED,
  /** Two parts, the last one filling three bytes: {@code 169.16689662}. */
  SHORT_FORM_TWO_PARTS,
  /** Three parts, the last one filling two bytes: {@code 169.254.43518}. */
  SHORT_FORM_THREE_PARTS,
  /**
   * IPv4 syntax with a part above its field that wraps once to a metadata address:
   * {@code 169.254.169.510}, {@code 0x1a9fea9fe}. Resolvers reject it, so the default rule set
   * reports it at severity LOW with provider {@code unknown}.
   */
  OUT_OF_RANGE,
  /** IPv6 with "::": {@code fd00:ec2::254}, {@code fe80::a9fe:a9fe}. */
  IPV6_COMPRESSED,
  /** IPv6 with eight explicit groups: {@code fd00:ec2:0:0:0:0:0:254}. */
  IPV6_FULL,
  /**
   * IPv6 in brackets followed by a port, outside a URL or in a URL with a port:
   * {@code TCP6:[fd00:ec2::254]:80}.
   */
  IPV6_BRACKETS,
  /** IPv6 with a zone id: {@code fe80::a9fe:a9fe%eth0}, in a URL {@code %25eth0}. */
  IPV6_ZONE_ID,
  /** An IPv4 address in ::ffff:0:0/96 with a dotted tail: {@code ::ffff:169.254.169.254}. */
  IPV4_MAPPED_DOTTED,
  /** An IPv4 address in ::ffff:0:0/96 in hex groups: {@code ::ffff:a9fe:a9fe}. */
  IPV4_MAPPED_HEX,
  /** An IPv4 address in ::/96 with a dotted tail: {@code ::169.254.169.254}. */
  IPV4_COMPATIBLE_DOTTED,
  /** An IPv4 address in ::/96 in hex groups: {@code ::a9fe:a9fe}. */
  IPV4_COMPATIBLE_HEX,
  /**
   * GCP's metadata host name in any case, maybe with a trailing dot:
   * {@code metadata.google.internal}.
   */
  HOST_NAME,
  /** The short GCP host name as the host of a URL: {@code http://metadata/computeMetadata/v1/}. */
  SHORT_HOST_NAME,
  /**
   * AWS's instance-data names: {@code instance-data}, {@code instance-data.ec2.internal},
   * {@code instance-data.eu-west-1.compute.internal}.
   */
  INSTANCE_DATA_NAME,
  /** A nip.io name, dotted, dashed or 8 hex digits: {@code 169-254-169-254.nip.io}. */
  NIP_IO,
  /** An sslip.io name, including dashed IPv6: {@code fd00-ec2--254.sslip.io}. */
  SSLIP_IO,
  /** An xip.io name: {@code app.169.254.169.254.xip.io}. */
  XIP_IO,
  /**
   * An rbndr.us DNS rebinding name of two 8-hex-digit addresses:
   * {@code 7f000001.a9fea9fe.rbndr.us}.
   */
  RBNDR_US,
  /**
   * A whole URL percent-encoded once inside a query parameter:
   * {@code url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F}.
   */
  PERCENT_ENCODED_URL,
  /** A whole URL percent-encoded twice: {@code url=http%253A%252F%252F169.254.169.254%252F}. */
  DOUBLE_PERCENT_ENCODED_URL,
  /**
   * A host whose dots are percent-encoded, which WHATWG URL parsers decode:
   * {@code 169%2E254%2E169%2E254}.
   */
  PERCENT_ENCODED_HOST,
  /**
   * User info before the host, to fool a filter that checks the text after "//":
   * {@code http://trusted.example@169.254.169.254/}.
   */
  URL_USER_INFO,
  /** Backslashes for the slashes of a URL: {@code http:\\169.254.169.254\latest\meta-data\}. */
  BACKSLASH_URL,
  /**
   * No endpoint is written: the address sits in a variable such as {@code $IMDS_HOST}, or only
   * a path, an environment variable name or a request header gives the request away.
   */
  NONE
}

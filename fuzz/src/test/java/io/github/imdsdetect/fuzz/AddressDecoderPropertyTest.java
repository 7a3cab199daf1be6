package io.github.imdsdetect.fuzz;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Property tests of {@link io.github.imdsdetect.core.MetadataAddresses} on address-like text:
 * IPv4 in every inet_aton notation, with and without wrapping, IPv6, host names, inside URLs
 * and surrounded by junk. {@link AddressChecks} lists the properties.
 */
class AddressDecoderPropertyTest {
  private static final int EXAMPLES = 3_000;

  /** Part values near the metadata addresses, field limits and 32-bit overflow. */
  private static final List<Long> PART_VALUES =
      List.of(
          169L, 254L, 170L, 2L, 100L, 200L, 0L, 1L, 255L, 256L, 425L, 510L, 43_518L, 43_522L,
          65_535L, 65_536L, 16_689_662L, 16_777_215L, 16_777_216L, 2_852_039_166L,
          2_852_039_170L, 1_684_300_999L, 4_294_967_295L, 4_294_967_296L, 7_147_006_462L,
          11_441_973_758L, 99_999_999_999_999_999L);

  private static final List<String> PREFIXES =
      List.of("", "http://", "https://user:pw@", "[", "::ffff:", "::", "//", "curl ", "0", "00",
          "%2F%2F", "\\\\", "x-forwarded-for:", "a", "-", ".", "http:\\\\", "gopher://");

  private static final List<String> SUFFIXES =
      List.of("", "/", ":80", ".", "]", "]:8080", "%25eth0", "%eth0", ".nip.io", "-", "a", "/latest",
          "?x=1", "..", ":", ".sslip.io", ".xip.io", "\u0000", "\u00e9");

  private static final List<String> WHOLE_TOKENS =
      List.of("fd00:ec2::254", "fd00:ec2:0:0:0:0:0:254", "FD00:EC2::254", "::ffff:a9fe:a9fe",
          "::a9fe:a9fe", "metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata",
          "instance-data", "instance-data.ec2.internal", "instance-data.us-gov-west-1.compute.internal",
          "169-254-169-254.nip.io", "a9fea9fe.sslip.io", "7f000001.a9fea9fe.rbndr.us",
          "fd00-ec2--254.sslip.io", "1:2:3:4:5:6:169.254.169.254", "::ffff:169.254.169.254",
          "0x", "0x.0x.0x.0x", "....", "::", ":::", "[[[]]]", "%%%", "1.2.3.4.5");

  @Test
  void decoderSurvivesAddressLikeText() {
    Theories.qt(EXAMPLES)
        .forAll(Choices.gen(AddressDecoderPropertyTest::addressCase))
        .checkAssert(c -> AddressChecks.check(c.text(), c.start(), c.end(), c.urlContext()));
  }

  /** One input of the address checks: a text, a range within it and the URL context flag. */
  record AddressCase(String text, int start, int end, boolean urlContext) {
    @Override
    public String toString() {
      return "\"" + Previews.text(text, 200) + "\" range [" + start + ", " + end + ") urlContext="
          + urlContext;
    }
  }

  private static AddressCase addressCase(Choices choices) {
    StringBuilder text = new StringBuilder();
    int pieces = choices.between(1, 3);
    for (int i = 0; i < pieces; i++) {
      if (i > 0) {
        text.append(choices.pick(List.of(" ", "/", "@", "=", "\"", "", ",")));
      }
      text.append(choices.pick(PREFIXES));
      if (choices.oneIn(4)) {
        text.append(choices.pick(WHOLE_TOKENS));
      } else {
        appendIpv4(choices, text);
      }
      text.append(choices.pick(SUFFIXES));
    }
    String value = text.toString();
    int start = choices.between(0, value.length());
    int end = choices.between(start, value.length());
    if (choices.between(0, 1) == 0) {
      start = 0;
      end = value.length();
    }
    return new AddressCase(value, start, end, choices.between(0, 1) == 1);
  }

  /** Appends 1 to 4 dot-separated parts, each in decimal, hex or octal, with any letter case. */
  private static void appendIpv4(Choices choices, StringBuilder text) {
    int parts = choices.between(1, 4);
    for (int i = 0; i < parts; i++) {
      if (i > 0) {
        text.append('.');
      }
      long value =
          choices.oneIn(5) ? choices.between(0, Integer.MAX_VALUE) : choices.pick(PART_VALUES);
      switch (choices.between(0, 3)) {
        case 0:
          text.append(value);
          break;
        case 1:
          text.append(choices.between(0, 1) == 0 ? "0x" : "0X");
          String hex = Long.toHexString(value);
          text.append(choices.between(0, 1) == 0 ? hex : hex.toUpperCase(java.util.Locale.ROOT));
          break;
        case 2:
          text.append('0').append(Long.toOctalString(value));
          break;
        default:
          text.append("0".repeat(choices.between(1, 3))).append(value);
          break;
      }
    }
  }
}

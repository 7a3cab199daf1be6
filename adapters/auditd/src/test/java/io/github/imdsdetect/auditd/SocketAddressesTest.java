package io.github.imdsdetect.auditd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.imdsdetect.auditd.SocketAddresses.Destination;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SocketAddressesTest {

  private static Destination decode(String hex) throws MalformedRecordException {
    return SocketAddresses.decode(HexFormat.of().parseHex(hex));
  }

  private static String ipv6(String hex) {
    return SocketAddresses.ipv6(HexFormat.of().parseHex(hex), 0);
  }

  @Test
  void inetLittleEndian() throws MalformedRecordException {
    assertEquals(
        new Destination("169.254.169.254", 80), decode("02000050A9FEA9FE0000000000000000"));
  }

  @Test
  void inetBigEndianFamily() throws MalformedRecordException {
    assertEquals(new Destination("169.254.170.2", 80), decode("00020050A9FEAA020000000000000000"));
  }

  @Test
  void inetWithoutPadding() throws MalformedRecordException {
    assertEquals(new Destination("100.100.100.200", 443), decode("020001BB646464C8"));
  }

  @Test
  void inet6AwsEndpoint() throws MalformedRecordException {
    assertEquals(
        new Destination("fd00:ec2::254", 80),
        decode("0A00005000000000FD000EC200000000000000000000025400000000"));
  }

  @Test
  void inet6Ipv4Mapped() throws MalformedRecordException {
    assertEquals(
        new Destination("::ffff:169.254.169.254", 80),
        decode("0A0000500000000000000000000000000000FFFFA9FEA9FE00000000"));
  }

  @Test
  void otherFamiliesHaveNoDestination() throws MalformedRecordException {
    assertNull(decode("01002F7661722F72756E2F6E7363642F736F636B6574"), "AF_UNIX");
    assertNull(decode("100000000000000000000000"), "AF_NETLINK");
    assertNull(decode("00000000000000000000000000000000"), "AF_UNSPEC");
    assertNull(decode("02"), "one byte");
    assertNull(decode("0201A9FEA9FE"), "both family bytes set");
  }

  @Test
  void shortInetAddressIsMalformed() {
    assertThrows(MalformedRecordException.class, () -> decode("02000050A9FE"));
    assertThrows(MalformedRecordException.class, () -> decode("0A000050000000000000"));
  }

  @Test
  void ipv6TextFollowsRfc5952() {
    assertEquals("::", ipv6("00000000000000000000000000000000"));
    assertEquals("::1", ipv6("00000000000000000000000000000001"));
    assertEquals("1::", ipv6("00010000000000000000000000000000"));
    assertEquals("2001:db8::1:0:0:1", ipv6("20010DB8000000000001000000000001"));
    assertEquals("2001:db8:0:1:1:1:1:1", ipv6("20010DB8000000010001000100010001"));
    assertEquals("fe80::a9fe:a9fe", ipv6("FE8000000000000000000000A9FEA9FE"));
    assertEquals("1:2:3:4:5:6:7:8", ipv6("00010002000300040005000600070008"));
  }
}

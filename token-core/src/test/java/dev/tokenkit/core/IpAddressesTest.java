package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Address literals at the limits of their grammar: length, digits, group counts, IPv4 tails. */
class IpAddressesTest {

  @Test
  void theLongestLiteralHas45Characters() {
    String longest = "0000:0000:0000:0000:0000:ffff:255.255.255.255";
    assertThat(longest).hasSize(45);
    assertThat(IpAddresses.parse(longest)).containsExactly(255, 255, 255, 255);
    assertThat(IpAddresses.parse("0" + longest)).isNull();
  }

  @Test
  void everyDigitCountsInIpv4() {
    assertThat(IpAddresses.parse("9.0.99.199")).containsExactly(9, 0, 99, 199);
    assertThat(IpAddresses.parse("0.0.0.0")).containsExactly(0, 0, 0, 0);
    assertThat(IpAddresses.parse("1.2.3./")).isNull();
    assertThat(IpAddresses.parse("1.2.3.:")).isNull();
  }

  @Test
  void anEmbeddedIpv4EndsTheAddressAndOneDoubleColonStandsForAtLeastOneGroup() {
    assertThat(IpAddresses.parse("0:0:0:0:0:ffff:1.2.3.4")).containsExactly(1, 2, 3, 4);
    assertThat(IpAddresses.parse("64:ff9b::1.2.3.4")).hasSize(16);
    assertThat(IpAddresses.parse("1.2.3.4::")).isNull();
    assertThat(IpAddresses.parse("1.2.3.4::1")).isNull();
    assertThat(IpAddresses.parse("::1:2:3:4:5:6:7:8")).isNull();
    assertThat(IpAddresses.parse("1:2:3:4:5:6:7:8::")).isNull();
    assertThat(IpAddresses.format(IpAddresses.parse("1:2:3:4:5:6::7")))
        .isEqualTo("1:2:3:4:5:6:0:7");
    assertThat(IpAddresses.format(IpAddresses.parse("::2:3:4:5:6:7:8")))
        .isEqualTo("0:2:3:4:5:6:7:8");
    assertThat(IpAddresses.parse("1::2::3")).isNull();
    assertThat(IpAddresses.parse("::1::")).isNull();
  }

  @Test
  void aBlockContainsItselfAndItsSubBlocksOnly() {
    IpAddresses.Cidr eight = IpAddresses.parseCidr("10.0.0.0/8");
    assertThat(eight.contains(IpAddresses.parseCidr("10.0.0.0/8"))).isTrue();
    assertThat(eight.contains(IpAddresses.parseCidr("10.1.0.0/16"))).isTrue();
    assertThat(eight.contains(IpAddresses.parseCidr("10.0.0.0/7"))).isFalse();
    assertThat(eight.contains(IpAddresses.parseCidr("11.0.0.0/16"))).isFalse();
  }
}

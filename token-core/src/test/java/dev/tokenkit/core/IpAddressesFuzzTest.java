package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.fuzz.FuzzInput;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes IP literals and CIDR blocks against {@link InetAddress}. The reference is only asked about
 * text that it reads as a literal (with a colon, or four dotted decimal numbers), so that it never
 * looks a name up in DNS.
 */
class IpAddressesFuzzTest {

  private static final Pattern OCTET =
      Pattern.compile("25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]");
  private static final Pattern DOTTED =
      Pattern.compile("(" + OCTET + ")\\.(" + OCTET + ")\\.(" + OCTET + ")\\.(" + OCTET + ")");
  private static final Pattern LONG_GROUP = Pattern.compile("[0-9A-Fa-f]{5}");
  private static final Pattern V6_ALPHABET = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void literalsAgreeWithInetAddress(byte[] input) {
    String text = FuzzInput.text(input);
    byte[] parsed = IpAddresses.parse(text);
    if (DOTTED.matcher(text).matches()) {
      assertThat(parsed).isEqualTo(jdk(text));
    } else if (LONG_GROUP.matcher(text).find()) {
      // RFC 4291 §2.2: a group is one to four hex digits. The JDK also takes longer groups with
      // leading zeros ("05050"); we refuse them.
      assertThat(parsed).isNull();
    } else if (text.indexOf(':') >= 0
        && text.indexOf('.') >= 0
        && !DOTTED.matcher(text.substring(text.lastIndexOf(':') + 1)).matches()) {
      // An embedded IPv4 address follows the dotted-quad rule: no leading zeros ("A::4.04.2.4"),
      // which some readers take as octal. The JDK takes them as decimal; we refuse them.
      assertThat(parsed).isNull();
    } else if (text.indexOf(':') >= 0 && V6_ALPHABET.matcher(text).matches()) {
      assertThat(parsed).isEqualTo(jdk(text));
    } else {
      assertThat(parsed).isNull();
    }
    if (parsed != null) {
      assertThat(IpAddresses.parse(IpAddresses.format(parsed))).isEqualTo(parsed);
    }
  }

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void blocksParseToTheirCanonicalFormOrAreRefusedWithAReason(byte[] input) {
    String[] parts = FuzzInput.texts(input, 2);
    IpAddresses.Cidr block;
    try {
      block = IpAddresses.parseCidr(parts[0]);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(IpAddresses.parseCidr(block.text()).text()).isEqualTo(block.text());
    assertThat(block.contains(block.network)).isTrue();
    byte[] address = IpAddresses.parse(parts[1]);
    if (address != null && address.length == block.network.length) {
      java.math.BigInteger mask =
          java.math.BigInteger.ONE
              .shiftLeft(address.length * 8)
              .subtract(java.math.BigInteger.ONE)
              .shiftRight(block.prefix)
              .not();
      boolean inside =
          new java.math.BigInteger(1, address)
              .and(mask)
              .equals(new java.math.BigInteger(1, block.network).and(mask));
      assertThat(block.contains(address)).isEqualTo(inside);
    }
  }

  /** The JDK's bytes for a literal, IPv4-mapped addresses as IPv4, or null if it refuses it. */
  static byte[] jdk(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The canonical text of a literal that {@link IpAddresses} accepts, by way of the JDK. */
  static String reference(String literal) {
    byte[] bytes = jdk(literal);
    return bytes == null ? null : IpAddresses.format(bytes);
  }
}

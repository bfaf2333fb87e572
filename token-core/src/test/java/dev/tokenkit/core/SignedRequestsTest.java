package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The {@code tkn_} header's grammar at each of its limits (epoch digits, user length and
 * characters, total length, hex signature) and the signer's argument checks on both sides.
 */
class SignedRequestsTest {

  private static final String KEY = "abcdefghijk0";
  private static final String SECRET = "s".repeat(64);
  private static final String HEX = "0a".repeat(32);

  @Test
  void theEpochHas1To12Digits() {
    assertThat(parse(KEY + "_0_1_" + HEX).epochSecond).isZero();
    assertThat(parse(KEY + "_999999999999_1_" + HEX).epochSecond).isEqualTo(999_999_999_999L);
    assertThat(SignedRequests.parse("tkn_" + KEY + "_9999999999999_1_" + HEX)).isNull();
    assertThat(SignedRequests.parse("tkn_" + KEY + "__1_" + HEX)).isNull();
    assertThat(SignedRequests.parse("tkn_" + KEY + "_1/_1_" + HEX)).isNull();
    assertThat(SignedRequests.parse("tkn_" + KEY + "_1:_1_" + HEX)).isNull();
    assertThat(SignedRequests.parse("tkn_" + KEY + "_12_" + HEX)).isNull();
  }

  @Test
  void theShortestAndLongestHeadersParse() {
    String shortest = "tkn_" + KEY + "_0_1_" + HEX;
    assertThat(shortest).hasSize(4 + 12 + 5 + 64);
    SignedRequests.Parsed p = parse(shortest.substring(4));
    assertThat(p.key.value()).isEqualTo(KEY);
    assertThat(p.user).isEqualTo("1");
    assertThat(p.payload).isEqualTo(KEY + "_0_1");
    assertThat(p.signature).hasSize(32).containsOnly((byte) 0x0a);
    assertThat(SignedRequests.parse(shortest.substring(0, shortest.length() - 1))).isNull();
    assertThat(SignedRequests.parse("tkn_" + KEY + "_0__" + HEX)).isNull();

    String longest = "tkn_" + KEY + "_999999999999_=" + "u".repeat(127) + "_" + HEX;
    assertThat(parse(longest.substring(4)).user).hasSize(128);
    String tooLongUser = "tkn_" + KEY + "_999999999999_=" + "u".repeat(128) + "_" + HEX;
    assertThat(SignedRequests.parse(tooLongUser)).isNull();
    assertThat(SignedRequests.parse("x".repeat(513))).isNull();
    assertThat(SignedRequests.parse("tkn_" + KEY + "_1_1_" + "0A".repeat(32)).signature)
        .containsOnly((byte) 0x0a);
    assertThat(SignedRequests.parse("tkn_" + KEY + "_1_1_" + "0g".repeat(32))).isNull();
  }

  @Test
  void usersAreDigitsOrAnEqualsSignAndPrintableAscii() {
    for (String user :
        new String[] {"0", "9", "0123456789", "=!", "=~", "=a", "=" + "u".repeat(127)}) {
      assertThat(SignedRequests.isValidUser(user)).as(user).isTrue();
    }
    for (String user :
        new String[] {
          null, "", "=", "/", ":", "1a", "= ", "=\u007f", "=a b", "=ü", "=" + "u".repeat(128)
        }) {
      assertThat(SignedRequests.isValidUser(user)).as(String.valueOf(user)).isFalse();
    }
  }

  @Test
  void theSignerChecksItsArgumentsOnBothSidesOfEachLimit() {
    assertThatThrownBy(() -> RequestSigner.of(KEY, "s".repeat(63) + "!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret");
    RequestSigner signer = RequestSigner.of(KEY, SECRET);
    assertThat(signer.toString()).isEqualTo("RequestSigner[key=" + KEY + ", secret=redacted]");
    assertThat(signer.sign("7", Instant.EPOCH))
        .isEqualTo(SignedRequests.header(KEY, 0, "7", SECRET))
        .startsWith("tkn_" + KEY + "_0_7_");
    assertThatThrownBy(() -> signer.sign("7", Instant.EPOCH.minusSeconds(1)))
        .hasMessageContaining("now must be a time after 1970");

    URI target = URI.create("https://api.example.com/x");
    for (String nonce : new String[] {"n".repeat(8), "n".repeat(128), " ~      "}) {
      assertThat(signer.signRequest("GET", target, null, null, Instant.EPOCH, nonce))
          .containsKey("Signature");
    }
    for (String nonce :
        new String[] {
          "n".repeat(7), "n".repeat(129), "nnnnnnn\u001f", "nnnnnnn\u007f", "nnnnnnnü"
        }) {
      assertThatThrownBy(() -> signer.signRequest("GET", target, null, null, Instant.EPOCH, nonce))
          .as(nonce)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nonce must be 8 to 128 printable ASCII characters");
    }
    assertThatThrownBy(
            () ->
                signer.signRequest(
                    "GET", target, null, null, Instant.EPOCH.minusSeconds(1), "n".repeat(8)))
        .hasMessageContaining("now must be a time after 1970");
  }

  private static SignedRequests.Parsed parse(String withoutPrefix) {
    SignedRequests.Parsed p = SignedRequests.parse("tkn_" + withoutPrefix);
    assertThat(p).as(withoutPrefix).isNotNull();
    return p;
  }
}

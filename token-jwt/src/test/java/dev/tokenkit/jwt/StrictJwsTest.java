package dev.tokenkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictJwsTest {

  @Test
  void decodesWhatTheJdkEncodes() {
    qt().forAll(lists().of(integers().between(0, 255)).ofSizeBetween(1, 300))
        .checkAssert(
            values -> {
              byte[] bytes = toBytes(values);
              String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
              String framed = "." + text + ".";
              assertThat(StrictJws.decode(framed, 1, framed.length() - 1)).isEqualTo(bytes);
            });
  }

  /** Over arbitrary text: accepted exactly when the JDK decodes it and re-encodes the same text. */
  @Test
  void acceptsExactlyCanonicalUnpaddedBase64Url() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= .\u00e9";
    qt().withExamples(5000)
        .forAll(
            lists().of(integers().between(0, alphabet.length() - 1)).ofSizeBetween(0, 12),
            strings().allPossible().ofLengthBetween(0, 3))
        .checkAssert(
            (indexes, noise) -> {
              StringBuilder sb = new StringBuilder();
              indexes.forEach(i -> sb.append(alphabet.charAt(i)));
              String text = indexes.size() % 3 == 0 ? sb + noise : sb.toString();
              assertThat(StrictJws.decode(text, 0, text.length())).isEqualTo(reference(text));
            });
  }

  /** The per-thread Mac always uses the key of the call, also after the caller changed it. */
  /** The allocation-free check agrees with decoding on any string of base64url-ish characters. */
  @Test
  void canonicalCheckAgreesWithDecoding() {
    String alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= .é\u0100";
    qt().withExamples(20_000)
        .forAll(longs().all(), integers().between(0, 40))
        .checkAssert(
            (seed, length) -> {
              java.util.Random r = new java.util.Random(seed);
              StringBuilder sb = new StringBuilder("x.");
              for (int i = 0; i < length; i++) {
                // Mostly the alphabet, so that valid strings are common.
                int range = r.nextInt(20) == 0 ? alphabet.length() : 64;
                sb.append(alphabet.charAt(r.nextInt(range)));
              }
              String s = sb.append(".y").toString();
              assertThat(StrictJws.isCanonical(s, 2, s.length() - 2))
                  .as(s)
                  .isEqualTo(StrictJws.decode(s, 2, s.length() - 2) != null);
            });
  }

  @Test
  void hs512FollowsTheKeyOfEachCall() throws Exception {
    byte[] a = new byte[64];
    byte[] b = new byte[64];
    java.util.Arrays.fill(a, (byte) 1);
    java.util.Arrays.fill(b, (byte) 2);
    for (byte[] key : new byte[][] {a, b, a, a, b}) {
      assertThat(StrictJws.hs512(key, "x.y")).isEqualTo(reference512(key, "x.y"));
    }
    a[63] = 9; // the caller changes its array: the next call must use the new bytes
    assertThat(StrictJws.hs512(a, "x.y")).isEqualTo(reference512(a, "x.y"));
  }

  /**
   * Per-token keys stay HMAC-SHA512(master, "tokenkit/jwt/v1" || 0 || kid): issued JWTs keep
   * verifying.
   */
  @Test
  void derivedKeysAreTheDocumentedHmac() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(32, 100), integers().all())
        .checkAssert(
            (masterValues, seed) -> {
              byte[] master = toBytes(masterValues);
              String kid = dev.tokenkit.store.spi.TokenId.of(kidFrom(seed)).value();
              try {
                assertThat(JwtIssuer.derivedKey(master, kid))
                    .isEqualTo(reference512(master, "tokenkit/jwt/v1\0" + kid));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
  }

  private static String kidFrom(int seed) {
    String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    java.util.Random random = new java.util.Random(seed);
    StringBuilder kid = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      kid.append(digits.charAt(random.nextInt(digits.length())));
    }
    return kid.toString();
  }

  private static byte[] reference512(byte[] key, String input) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA512"));
    return mac.doFinal(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static byte[] reference(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c < 128 && c != '=' && c != '+')) {
      return null;
    }
    try {
      byte[] out = Base64.getUrlDecoder().decode(text);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out).equals(text) ? out : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] toBytes(List<Integer> values) {
    byte[] bytes = new byte[values.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) values.get(i).intValue();
    }
    return bytes;
  }
}

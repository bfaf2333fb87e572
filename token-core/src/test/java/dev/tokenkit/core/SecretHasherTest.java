package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.tokenkit.store.spi.HashedSecret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

  private final SecretHasher hasher = SecretHasher.of(PepperRing.of(1, Fixtures.PEPPER_1));

  /** RFC 4231 test cases 6 and 7: a 131-byte key (longer than the block size). */
  @Test
  void matchesRfc4231KnownAnswers() {
    byte[] key = new byte[131];
    Arrays.fill(key, (byte) 0xaa);
    SecretHasher rfc = SecretHasher.of(PepperRing.of(1, key));
    assertThat(hex(rfc.hash("Test Using Larger Than Block-Size Key - Hash Key First")))
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    assertThat(
            hex(
                rfc.hash(
                    "This is a test using a larger than block-size key and a larger than"
                        + " block-size data. The key needs to be hashed before being used by the HMAC"
                        + " algorithm.")))
        .isEqualTo("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  }

  @Test
  void hashesAgreeWithTheMacOnlyHasher() {
    SecretHasher macOnly = SecretHasher.withMacOnly(PepperRing.of(1, Fixtures.PEPPER_1));
    qt().forAll(strings().allPossible().ofLengthBetween(1, 200))
        .checkAssert(
            secret -> {
              assertThat(hasher.hash(secret)).isEqualTo(macOnly.hash(secret));
              assertThat(macOnly.matches(secret, hasher.hash(secret))).isTrue();
            });
  }

  @Test
  void hashesVerifyAndWrongSecretsDoNot() {
    HashedSecret h = hasher.hash("s3cretS3cretS3cretS3cretS3cret12");
    assertThat(h.pepperVersion()).isEqualTo(1);
    assertThat(h.hash().length()).isEqualTo(32);
    assertThat(hasher.matches("s3cretS3cretS3cretS3cretS3cret12", h)).isTrue();
    assertThat(hasher.matches("s3cretS3cretS3cretS3cretS3cret13", h)).isFalse();
    assertThat(hasher.matches("", h)).isFalse();
    assertThat(hasher.matches(null, h)).isFalse();
    assertThat(hasher.matches("x", null)).isFalse();
  }

  @Test
  void nonAsciiAndLongSecretsHashConsistently() {
    String unicode = "pässwörd-密码-🔑";
    String huge = "z".repeat(10_000);
    assertThat(hasher.matches(unicode, hasher.hash(unicode))).isTrue();
    assertThat(hasher.matches(huge, hasher.hash(huge))).isTrue();
    assertThat(hasher.matches(huge + "z", hasher.hash(huge))).isFalse();
  }

  @Test
  void hashesUnderDifferentPeppersDiffer() {
    SecretHasher other = SecretHasher.of(PepperRing.of(1, Fixtures.PEPPER_2));
    qt().forAll(strings().allPossible().ofLengthBetween(1, 80))
        .checkAssert(
            secret -> {
              assertThat(hasher.hash(secret)).isNotEqualTo(other.hash(secret));
              assertThat(other.matches(secret, hasher.hash(secret))).isFalse();
            });
  }

  @Test
  void newestPepperHashesAndOlderPeppersStillVerify() {
    HashedSecret old = hasher.hash("legacy-secret");
    SecretHasher rotated =
        SecretHasher.of(
            PepperRing.builder().add(1, Fixtures.PEPPER_1).add(2, Fixtures.PEPPER_2).build());
    assertThat(rotated.hash("new-secret").pepperVersion()).isEqualTo(2);
    assertThat(rotated.matches("legacy-secret", old)).isTrue();
    SecretHasher withoutOld = SecretHasher.of(PepperRing.of(2, Fixtures.PEPPER_2));
    assertThat(withoutOld.matches("legacy-secret", old)).isFalse();
  }

  @Test
  void hashingIsThreadSafe() throws Exception {
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      secrets.add("secret-" + i);
    }
    List<HashedSecret> expected = new ArrayList<>();
    secrets.forEach(s -> expected.add(hasher.hash(s)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 50; round++) {
                    for (int i = 0; i < secrets.size(); i++) {
                      if (!hasher.matches(secrets.get(i), expected.get(i))
                          || !hasher.hash(secrets.get(i)).equals(expected.get(i))) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> hasher.hash(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> hasher.hash("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretHasher.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pepperRingRefusesWeakOrInconsistentPeppers() {
    assertThatThrownBy(() -> PepperRing.of(1, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> PepperRing.of(1, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PepperRing.of(0, Fixtures.PEPPER_1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PepperRing.builder().build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> PepperRing.builder().add(1, Fixtures.PEPPER_1).add(1, Fixtures.PEPPER_2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already present");
  }

  @Test
  void pepperRingCopiesInputAndNeverPrintsPeppers() {
    byte[] pepper = Fixtures.PEPPER_1.clone();
    PepperRing ring = PepperRing.of(7, pepper);
    HashedSecret before = SecretHasher.of(ring).hash("abc");
    Arrays.fill(pepper, (byte) 0);
    assertThat(SecretHasher.of(ring).hash("abc")).isEqualTo(before);
    assertThat(ring.toString()).contains("7").doesNotContain("0123456789abcdef");
    assertThat(ring.newestVersion()).isEqualTo(7);
    assertThat(SecretHasher.of(ring).toString()).doesNotContain("0123456789abcdef");
  }

  private static String hex(HashedSecret h) {
    return HexFormat.of().formatHex(h.hash().toByteArray());
  }

  @Test
  void secretOfAParsedTokenIsHashedInPlaceExactlyLikeTheCopy() {
    TokenFormat format = TokenFormat.defaults();
    qt().forAll(
            strings()
                .betweenCodePoints('0', 'z')
                .ofLength(32)
                .map(s -> s.replaceAll("[^0-9A-Za-z]", "x")))
        .checkAssert(
            secret -> {
              String token =
                  format.format(
                      dev.tokenkit.store.spi.TokenKind.API,
                      dev.tokenkit.store.spi.TokenId.of("AbCdEf012345"),
                      secret);
              TokenFormat.Parsed parsed = format.parse(token);
              HashedSecret stored = hasher.hash(secret);
              assertThat(parsed.secret()).isEqualTo(secret);
              assertThat(hasher.matchesSecretOf(parsed, stored)).isTrue();
              assertThat(hasher.matchesSecretOf(parsed, hasher.hash(secret + "x"))).isFalse();
            });
    assertThat(hasher.matchesSecretOf(null, hasher.hash("abc"))).isFalse();
    assertThat(hasher.matchesSecretOf(format.parse("garbage"), hasher.hash("abc"))).isFalse();
    assertThat(hasher.matchesSecretOf(format.parse("garbage"), null)).isFalse();
  }
}

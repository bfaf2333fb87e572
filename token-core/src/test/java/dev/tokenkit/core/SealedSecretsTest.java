package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tokenkit.store.spi.SensitiveBytes;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {

  static final byte[] KEY_1 = filled(32, 0x11);
  static final byte[] KEY_2 = filled(32, 0x22);

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.builder().keyRing(KeyRing.of(1, KEY_1)).build();

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  /** NIST GCM specification test cases 13 and 14: AES-256, zero key and zero IV. */
  @Test
  void aesGcmMatchesNistKnownAnswers() {
    byte[] key = new byte[32];
    byte[] iv = new byte[12];
    HexFormat hex = HexFormat.of();
    assertThat(hex.formatHex(AesGcm.encrypt(key, iv, new byte[0], new byte[0])))
        .isEqualTo("530f8afbc74536b9a963b4f1c4cb738b");
    assertThat(hex.formatHex(AesGcm.encrypt(key, iv, new byte[0], new byte[16])))
        .isEqualTo("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
    assertThat(
            AesGcm.decrypt(key, iv, new byte[0], hex.parseHex("530f8afbc74536b9a963b4f1c4cb738b")))
        .isEmpty();
    assertThat(
            AesGcm.decrypt(key, iv, new byte[0], hex.parseHex("530f8afbc74536b9a963b4f1c4cb738c")))
        .isNull();
  }

  /**
   * Decryption reuses one Cipher per thread: whatever the previous call did (another key, a failed
   * tag, a wrong key length), the next answer is the one a fresh Cipher gives.
   */
  @Test
  void aesGcmDecryptionDependsOnlyOnItsArguments() {
    byte[][] keys = {KEY_1, KEY_2, filled(16, 0x33)};
    qt().withExamples(500)
        .forAll(longs().all(), integers().between(0, 3), integers().between(0, 3))
        .checkAssert(
            (seed, firstCase, secondCase) -> {
              java.util.Random random = new java.util.Random(seed);
              for (int decryptCase : new int[] {firstCase, secondCase}) {
                byte[] key = keys[random.nextInt(keys.length)];
                byte[] nonce = new byte[AesGcm.NONCE_BYTES];
                random.nextBytes(nonce);
                byte[] aad = new byte[random.nextInt(20)];
                random.nextBytes(aad);
                byte[] plain = new byte[random.nextInt(100)];
                random.nextBytes(plain);
                byte[] sealed = AesGcm.encrypt(key, nonce, aad, plain);
                switch (decryptCase) {
                  case 0 -> assertThat(AesGcm.decrypt(key, nonce, aad, sealed)).isEqualTo(plain);
                  case 1 -> {
                    sealed[random.nextInt(sealed.length)] ^= (byte) (1 + random.nextInt(255));
                    assertThat(AesGcm.decrypt(key, nonce, aad, sealed)).isNull();
                  }
                  case 2 -> {
                    byte[] other = keys[(java.util.Arrays.asList(keys).indexOf(key) + 1) % 3];
                    assertThat(AesGcm.decrypt(other, nonce, aad, sealed)).isNull();
                  }
                  default ->
                      assertThatThrownBy(() -> AesGcm.decrypt(new byte[7], nonce, aad, sealed))
                          .isInstanceOf(IllegalStateException.class);
                }
              }
            });
  }

  @Test
  void sealedSecretsOpenOnlyForTheirTokenAndWithAKnownKey() {
    KeyRing ring = KeyRing.of(1, KEY_1);
    TokenId a = TokenId.of("aaaaaaaaaaaa");
    TokenId b = TokenId.of("bbbbbbbbbbbb");
    byte[] secret = "s3cr3t".getBytes(StandardCharsets.US_ASCII);
    SensitiveBytes sealed = ring.seal(a, secret, new SecureRandom());
    assertThat(ring.unseal(a, sealed)).isEqualTo(secret);
    assertThat(sealed.toString()).doesNotContain("s3cr3t");
    assertThat(ring.seal(a, secret, new SecureRandom())).isNotEqualTo(sealed); // fresh nonce
    assertThatThrownBy(() -> ring.unseal(b, sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not open");
    assertThatThrownBy(() -> KeyRing.of(2, KEY_2).unseal(a, sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key version 1");
    byte[] tampered = sealed.toByteArray();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(() -> ring.unseal(a, SensitiveBytes.of(tampered)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ring.unseal(a, SensitiveBytes.of(new byte[] {1, 2, 3})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("malformed");

    KeyRing rotated = KeyRing.builder().add(1, KEY_1).add(2, KEY_2).build();
    assertThat(rotated.unseal(a, sealed)).isEqualTo(secret);
    assertThat(rotated.seal(a, secret, new SecureRandom()).toByteArray()[4]).isEqualTo((byte) 2);
  }

  @Test
  void keyRingRefusesBadKeys() {
    assertThatThrownBy(() -> KeyRing.of(1, new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly 32 bytes");
    assertThatThrownBy(() -> KeyRing.of(1, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyRing.of(0, KEY_1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyRing.builder().build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyRing.builder().add(1, KEY_1).add(1, KEY_2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(KeyRing.of(3, KEY_1).toString()).contains("3").doesNotContain("17");
  }

  @Test
  void revealShowsTheSameTokenAgainAndIsAudited() {
    TokenService viewAgain = f.builder().keyRing(KeyRing.of(1, KEY_1)).viewAgain(true).build();
    IssuedToken t = viewAgain.create(f.admin, CreateTokenRequest.named("reveal me").build());
    assertThat(t.record().sealedSecret()).isPresent();
    IssuedToken again = viewAgain.reveal(f.admin, t.id());
    assertThat(again.token()).isEqualTo(t.token());
    assertThat(again.secret()).isEqualTo(t.secret());
    AuditEvent event = f.events.get(f.events.size() - 1);
    assertThat(event.type()).isEqualTo(AuditEvent.Type.REVEALED);
    assertThat(event.actorId()).contains("admin");
    assertThat(event.toString()).doesNotContain(t.secret());

    IssuedToken fresh = viewAgain.regenerate(f.admin, t.id(), Duration.ZERO);
    assertThat(viewAgain.reveal(f.admin, t.id()).token()).isEqualTo(fresh.token());
    // Server tokens are sealed whatever view-again says: their features need the secret.
    IssuedToken server =
        service.create(f.admin, CreateTokenRequest.named("server").kind(TokenKind.SERVER).build());
    assertThat(service.reveal(f.admin, server.id()).secret()).isEqualTo(server.secret());
  }

  /** Strapi: "API tokens are only shown right after they have been created." */
  @Test
  void apiTokensAreShownOnceByDefault() {
    IssuedToken api = service.create(f.admin, CreateTokenRequest.named("shown once").build());
    assertThat(api.record().sealedSecret()).isEmpty();
    assertThat(f.store.delegate.find(api.id()).orElseThrow().sealedSecret()).isEmpty();
    assertThatThrownBy(() -> service.reveal(f.admin, api.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shown once")
        .hasMessageContaining("view-again");
    IssuedToken regenerated = service.regenerate(f.admin, api.id(), Duration.ZERO);
    assertThat(regenerated.record().sealedSecret()).isEmpty();
    assertThat(service.authenticate(regenerated.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void revealNeedsThePermissionAKeyRingAndASealedCopy() {
    IssuedToken t =
        service.create(f.admin, CreateTokenRequest.named("guarded").kind(TokenKind.SERVER).build());
    Actor noReveal =
        Actor.of("admin", EnumSet.complementOf(EnumSet.of(AdminPermission.REVEAL)), Set.of("*:*"));
    assertThatThrownBy(() -> service.reveal(noReveal, t.id()))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("tokens.reveal");
    assertThatThrownBy(() -> f.service().reveal(f.admin, t.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KeyRing");
    IssuedToken unsealed =
        f.service()
            .create(f.admin, CreateTokenRequest.named("plain").kind(TokenKind.SERVER).build());
    assertThat(unsealed.record().sealedSecret()).isEmpty();
    assertThatThrownBy(() -> service.reveal(f.admin, unsealed.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no sealed secret");
    assertThatThrownBy(() -> service.reveal(f.admin, TokenId.of("000000000000")))
        .isInstanceOf(TokenNotFoundException.class);

    // A sealed copy moved onto another token does not open there.
    IssuedToken other =
        service.create(f.admin, CreateTokenRequest.named("other").kind(TokenKind.SERVER).build());
    TokenRecord target = f.store.delegate.find(other.id()).orElseThrow();
    f.store.delegate.update(
        target.toBuilder().sealedSecret(t.record().sealedSecret().orElseThrow()).build());
    assertThatThrownBy(() -> service.reveal(f.admin, other.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not open");
  }

  @Test
  void browserTokensHaveNothingToSeal() {
    IssuedToken widget =
        service.create(
            f.admin,
            CreateTokenRequest.named("widget")
                .kind(TokenKind.BROWSER)
                .access(
                    TokenAccess.fullAccess().withAllowedOrigins(java.util.List.of("example.com")))
                .build());
    assertThat(widget.record().sealedSecret()).isEmpty();
  }
}

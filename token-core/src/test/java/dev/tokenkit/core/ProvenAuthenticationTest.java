package dev.tokenkit.core;

import static dev.tokenkit.core.TokenLifecycleTest.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Credentials derived from a server token (a JWT signed with its secret or with a derived key) in
 * token-core alone: the proof decides, a throwing proof counts as false, and the token's own state
 * still applies afterwards.
 */
class ProvenAuthenticationTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.signingService();
  private final IssuedToken server =
      service.create(f.admin, CreateTokenRequest.named("server").kind(TokenKind.SERVER).build());
  private final byte[] secret = server.secret().getBytes(StandardCharsets.US_ASCII);

  @Test
  void theProofOfTheSecretDecides() {
    AuthResult ok = service.authenticateProven(server.id(), s -> Arrays.equals(s, secret), null);
    assertThat(ok).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(((AuthResult.Authenticated) ok).principal().orElseThrow().tokenId())
        .isEqualTo(server.id());
    assertThat(rejection(service.authenticateProven(server.id(), s -> false, null)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(
            rejection(
                service.authenticateProven(
                    server.id(),
                    s -> {
                      throw new IllegalStateException("broken proof");
                    },
                    null)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(rejection(service.authenticateProven(TokenId.of("abcdefghijk0"), s -> true, null)))
        .isEqualTo(RejectionReason.UNKNOWN);
    assertThat(rejection(service.authenticateProven(null, s -> true, null)))
        .isEqualTo(RejectionReason.MALFORMED);
    assertThat(rejection(service.authenticateProven(server.id(), null, null)))
        .isEqualTo(RejectionReason.MALFORMED);
  }

  @Test
  void aProofByAnotherKeyDecidesTheSameWay() {
    assertThat(service.authenticateKeyProven(server.id(), () -> true, null))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(rejection(service.authenticateKeyProven(server.id(), () -> false, null)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(
            rejection(
                service.authenticateKeyProven(
                    server.id(),
                    () -> {
                      throw new IllegalStateException("broken proof");
                    },
                    null)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(
            rejection(service.authenticateKeyProven(TokenId.of("abcdefghijk0"), () -> true, null)))
        .isEqualTo(RejectionReason.UNKNOWN);
    assertThat(rejection(service.authenticateKeyProven(null, () -> true, null)))
        .isEqualTo(RejectionReason.MALFORMED);
    assertThat(rejection(service.authenticateKeyProven(server.id(), null, null)))
        .isEqualTo(RejectionReason.MALFORMED);
  }

  @Test
  void theTokensStateAppliesAfterTheProof() {
    service.revoke(f.admin, server.id());
    assertThat(
            rejection(service.authenticateProven(server.id(), s -> Arrays.equals(s, secret), null)))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(rejection(service.authenticateKeyProven(server.id(), () -> true, null)))
        .isEqualTo(RejectionReason.REVOKED);
  }

  @Test
  void withoutSealedSecretsTheSecretCannotBeProven() {
    TokenService unsealed = f.service();
    IssuedToken t =
        unsealed.create(f.admin, CreateTokenRequest.named("plain").kind(TokenKind.SERVER).build());
    assertThat(rejection(unsealed.authenticateProven(t.id(), s -> true, null)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(unsealed.authenticateKeyProven(t.id(), () -> true, null))
        .isInstanceOf(AuthResult.Authenticated.class);
  }
}

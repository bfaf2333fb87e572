package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Long-term JWTs as token-core sees them, through a recording {@link TokenJwtIssuer}: who may issue
 * one, which secret the issuer gets, and how long a token created with one lives. (The real issuer
 * and verifier are token-jwt's.)
 */
class JwtIssuingTest {

  /** Records what it was asked to sign; signs nothing. */
  private static final class RecordingIssuer implements TokenJwtIssuer {
    final List<String> secrets = new ArrayList<>();
    final boolean sealed;
    final Duration lifetime;

    RecordingIssuer(boolean sealed, Duration lifetime) {
      this.sealed = sealed;
      this.lifetime = lifetime;
    }

    @Override
    public String issue(TokenRecord record, String secret) {
      secrets.add(secret);
      return "jwt-for-" + record.id();
    }

    @Override
    public boolean needsSealedSecret() {
      return sealed;
    }

    @Override
    public Duration lifetime() {
      return lifetime;
    }
  }

  private final Fixtures f = new Fixtures();
  private final RecordingIssuer issuer = new RecordingIssuer(true, Duration.ofDays(100));
  private final TokenService service =
      f.builder()
          .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
          .permissionModel(PermissionModel.builder().catalog(AccessControlTest.CATALOG).build())
          .jwtIssuer(issuer)
          .build();

  private IssuedToken server(CreateTokenRequest.Builder request) {
    return service.create(f.admin, request.kind(TokenKind.SERVER).build());
  }

  @Test
  void theIssuerSignsWithTheTokensSecretWhenItNeedsIt() {
    IssuedToken t = server(CreateTokenRequest.named("s"));
    assertThat(service.issueJwt(f.admin, t.id())).isEqualTo("jwt-for-" + t.id());
    assertThat(issuer.secrets).containsExactly(t.secret());
    assertThat(service.get(f.admin, t.id()).orElseThrow().jwtIssuedAt())
        .contains(f.clock.instant());
    assertThat(f.eventTypes()).endsWith(AuditEvent.Type.JWT_ISSUED);
  }

  @Test
  void anIssuerThatDerivesItsKeysGetsNoSecretAndNeedsNoKeyRing() {
    RecordingIssuer derived = new RecordingIssuer(false, Duration.ofDays(100));
    TokenService plain = f.builder().jwtIssuer(derived).build();
    IssuedToken t =
        plain.create(f.admin, CreateTokenRequest.named("d").kind(TokenKind.SERVER).build());
    assertThat(plain.issueJwt(f.admin, t.id())).isEqualTo("jwt-for-" + t.id());
    assertThat(derived.secrets).containsExactly("");
    assertThatThrownBy(() -> f.builder().jwtIssuer(issuer).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issuingNeedsTheRegeneratePermissionAndEverythingTheTokenHolds() {
    IssuedToken t = server(CreateTokenRequest.named("full").access(TokenAccess.fullAccess()));
    Actor noRegenerate =
        Actor.of(
            "admin", EnumSet.complementOf(EnumSet.of(AdminPermission.REGENERATE)), Set.of("*:*"));
    assertThatThrownBy(() -> service.issueJwt(noRegenerate, t.id()))
        .isInstanceOf(TokenAccessDeniedException.class);
    Actor narrow =
        Actor.of("admin", EnumSet.of(AdminPermission.REGENERATE), Set.of("content:read"));
    assertThatThrownBy(() -> service.issueJwt(narrow, t.id()))
        .isInstanceOf(TokenAccessDeniedException.class);
    assertThat(issuer.secrets).isEmpty();
    assertThat(service.get(f.admin, t.id()).orElseThrow().jwtIssuedAt()).isEmpty();
  }

  @Test
  void aTokenCreatedWithAJwtLivesAsLongAsTheJwtWithinThePolicy() {
    IssuedToken plain = server(CreateTokenRequest.named("plain"));
    assertThat(plain.record().expiresAt()).contains(f.clock.instant().plus(Duration.ofDays(30)));
    IssuedToken withJwt = server(CreateTokenRequest.named("jwt").issueJwt(true));
    assertThat(withJwt.record().expiresAt()).contains(f.clock.instant().plus(Duration.ofDays(100)));

    TokenService capped =
        f.builder()
            .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
            .jwtIssuer(issuer)
            .policy(TokenPolicy.builder().maxLifetime(Duration.ofDays(90)).build())
            .build();
    IssuedToken t =
        capped.create(
            f.admin, CreateTokenRequest.named("c").kind(TokenKind.SERVER).issueJwt(true).build());
    assertThat(t.record().expiresAt()).contains(f.clock.instant().plus(Duration.ofDays(90)));

    TokenService forever =
        f.builder()
            .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
            .jwtIssuer(new RecordingIssuer(true, Duration.ofDays(4_000_000)))
            .build();
    IssuedToken longest =
        forever.create(
            f.admin, CreateTokenRequest.named("l").kind(TokenKind.SERVER).issueJwt(true).build());
    assertThat(longest.record().expiresAt()).contains(Lifetime.LATEST_EXPIRY);
  }
}

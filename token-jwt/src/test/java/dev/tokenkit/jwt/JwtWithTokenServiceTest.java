package dev.tokenkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Long-term JWTs issued with server tokens, verified through the token service. */
class JwtWithTokenServiceTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final Map<String, Owner> users = new ConcurrentHashMap<>();
  private final Actor admin =
      Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  /** The token service's time, movable; the JWT checks keep the fixed clock. */
  private final Instant[] serviceTime = {NOW};

  private final Clock serviceClock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return serviceTime[0];
        }
      };
  private final JwtIssuer issuer =
      JwtIssuer.builder().issuer("https://example.com/").audience("api").clock(clock).build();

  JwtWithTokenServiceTest() {
    users.put("admin", Owner.active("admin", "*:*"));
  }

  private TokenService.Builder service() {
    return TokenService.builder()
        .store(MemoryTokenStore.create())
        .pepperRing(PepperRing.of(1, JwtVerifierTest.bytes(32, 1)))
        .keyRing(KeyRing.of(1, JwtVerifierTest.bytes(32, 2)))
        .owners(id -> Optional.ofNullable(users.get(id)))
        .clock(serviceClock);
  }

  private JwtVerifier verifier(TokenService tokens) {
    return JwtVerifier.builder()
        .tokenService(tokens)
        .expectedIssuer("https://example.com/")
        .expectedAudience("api")
        .clock(clock)
        .build();
  }

  private IssuedToken server(TokenService tokens, String name) {
    return tokens.create(
        admin,
        CreateTokenRequest.named(name)
            .kind(TokenKind.SERVER)
            .access(TokenAccess.fullAccess().withRestrictedUser("admin"))
            .issueJwt(true)
            .build());
  }

  @Test
  void theIssuedJwtHasTheProfileAndIsSignedWithTheTokenSecret() throws Exception {
    TokenService tokens = service().jwtIssuer(issuer).build();
    IssuedToken t = server(tokens, "jwt");
    String jwt = t.jwt().orElseThrow();
    String[] parts = jwt.split("\\.", -1);
    Base64.Decoder d = Base64.getUrlDecoder();
    String header = new String(d.decode(parts[0]), StandardCharsets.UTF_8);
    String claims = new String(d.decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(header)
        .contains("\"alg\":\"HS512\"", "\"kid\":\"" + t.key() + "\"", "\"typ\":\"JWT\"");
    long now = NOW.getEpochSecond();
    // At least ten calendar years, written out rather than taken from the constant under test.
    long tenYears = NOW.atOffset(ZoneOffset.UTC).plusYears(10).toEpochSecond();
    assertThat(JwtIssuer.DEFAULT_LIFETIME.toSeconds()).isGreaterThanOrEqualTo(tenYears - now);
    tenYears = now + JwtIssuer.DEFAULT_LIFETIME.toSeconds();
    assertThat(claims)
        .contains(
            "\"sub\":\"" + t.key() + "\"", "\"iss\":\"https://example.com/\"", "\"aud\":\"api\"")
        .contains("\"iat\":" + now, "\"nbf\":" + now, "\"exp\":" + tenYears);
    // Independent HS512 over the signing input with the secret's ASCII bytes.
    Mac mac = Mac.getInstance("HmacSHA512");
    mac.init(new SecretKeySpec(t.secret().getBytes(StandardCharsets.US_ASCII), "HmacSHA512"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(d.decode(parts[2])).isEqualTo(expected);
    assertThat(t.toString()).doesNotContain(jwt);

    JwtResult result = verifier(tokens).verify(jwt);
    assertThat(result.valid()).isTrue();
    assertThat(result.subject()).isEqualTo(t.key());
    assertThat(result.principal().orElseThrow().tokenId()).isEqualTo(t.id());
  }

  @Test
  void revokingDisablingExpiringOrDeletingTheTokenMakesItsJwtFail() {
    TokenService tokens = service().jwtIssuer(issuer).build();
    JwtVerifier verifier = verifier(tokens);
    IssuedToken revoked = server(tokens, "revoked");
    tokens.revoke(admin, revoked.id());
    JwtResult r = verifier.verify(revoked.jwt().orElseThrow());
    assertThat(r.failure()).isEqualTo(JwtFailure.TOKEN_REJECTED);
    assertThat(r.rejection()).contains(RejectionReason.REVOKED);
    assertThat(r.httpStatus()).isEqualTo(401);

    IssuedToken disabled = server(tokens, "disabled");
    tokens.update(admin, disabled.id(), TokenUpdate.builder().enabled(false).build());
    assertThat(verifier.verify(disabled.jwt().orElseThrow()).rejection())
        .contains(RejectionReason.DISABLED);

    IssuedToken expiring =
        tokens.create(
            admin,
            CreateTokenRequest.named("expiring")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("admin"))
                .issueJwt(true)
                .lifetime(Lifetime.SEVEN_DAYS)
                .build());
    assertThat(verifier.verify(expiring.jwt().orElseThrow()).valid()).isTrue();
    serviceTime[0] = NOW.plus(Duration.ofDays(8));
    assertThat(verifier.verify(expiring.jwt().orElseThrow()).rejection())
        .contains(RejectionReason.EXPIRED);
    serviceTime[0] = NOW;

    IssuedToken deleted = server(tokens, "deleted");
    tokens.delete(admin, deleted.id());
    assertThat(verifier.verify(deleted.jwt().orElseThrow()).failure())
        .isEqualTo(JwtFailure.UNKNOWN_KEY);

    IssuedToken rotated = server(tokens, "rotated");
    tokens.regenerate(admin, rotated.id(), Duration.ZERO);
    assertThat(verifier.verify(rotated.jwt().orElseThrow()).failure())
        .isEqualTo(JwtFailure.BAD_SIGNATURE);

    IssuedToken bound = server(tokens, "bound");
    tokens.update(
        admin,
        bound.id(),
        TokenUpdate.builder().access(a -> a.withAllowedCidrs(List.of("10.0.0.0/8"))).build());
    JwtResult refused = verifier.verify(bound.jwt().orElseThrow());
    assertThat(refused.rejection()).contains(RejectionReason.CLIENT_NOT_ALLOWED);
    assertThat(refused.httpStatus()).isEqualTo(403);
    assertThat(
            verifier
                .verify(
                    bound.jwt().orElseThrow(),
                    RequestContext.builder().clientAddress("10.1.1.1").build())
                .valid())
        .isTrue();
  }

  @Test
  void derivedKeysVerifyWithAResolverAndStillCheckTheToken() {
    JwtIssuer derived =
        JwtIssuer.builder().deriveKeysFrom(JwtVerifierTest.bytes(32, 9)).clock(clock).build();
    TokenService tokens = service().jwtIssuer(derived).build();
    IssuedToken t = server(tokens, "derived");
    JwtVerifier byResolver =
        JwtVerifier.builder().keyResolver(derived.keyResolver()).clock(clock).build();
    assertThat(byResolver.verify(t.jwt().orElseThrow()).valid()).isTrue();
    JwtVerifier both =
        JwtVerifier.builder()
            .keyResolver(derived.keyResolver())
            .tokenService(tokens)
            .clock(clock)
            .build();
    assertThat(both.verify(t.jwt().orElseThrow()).valid()).isTrue();
    tokens.revoke(admin, t.id());
    assertThat(both.verify(t.jwt().orElseThrow()).rejection()).contains(RejectionReason.REVOKED);
    assertThat(byResolver.verify(t.jwt().orElseThrow()).valid())
        .isTrue(); // resolver alone: no store
    JwtVerifier otherMaster =
        JwtVerifier.builder()
            .keyResolver(
                JwtIssuer.builder()
                    .deriveKeysFrom(JwtVerifierTest.bytes(32, 10))
                    .build()
                    .keyResolver())
            .clock(clock)
            .build();
    assertThat(otherMaster.verify(t.jwt().orElseThrow()).failure())
        .isEqualTo(JwtFailure.BAD_SIGNATURE);
  }

  @Test
  void derivedKeysNeedNoSealedSecretsAndTheServiceStillChecksTheToken() {
    JwtIssuer derived =
        JwtIssuer.builder().deriveKeysFrom(JwtVerifierTest.bytes(32, 9)).clock(clock).build();
    // No KeyRing: derived keys are documented as needing no sealed secrets.
    TokenService tokens =
        TokenService.builder()
            .store(MemoryTokenStore.create())
            .pepperRing(PepperRing.of(1, JwtVerifierTest.bytes(32, 1)))
            .owners(id -> Optional.ofNullable(users.get(id)))
            .clock(serviceClock)
            .jwtIssuer(derived)
            .build();
    JwtVerifier both =
        JwtVerifier.builder()
            .keyResolver(derived.keyResolver())
            .tokenService(tokens)
            .clock(clock)
            .build();
    IssuedToken t = server(tokens, "derived, no key ring");
    JwtResult ok = both.verify(t.jwt().orElseThrow());
    assertThat(ok.valid()).as(String.valueOf(ok.failure())).isTrue();
    assertThat(ok.principal().orElseThrow().tokenId()).isEqualTo(t.id());

    tokens.update(admin, t.id(), TokenUpdate.builder().enabled(false).build());
    assertThat(both.verify(t.jwt().orElseThrow()).rejection()).contains(RejectionReason.DISABLED);
    tokens.update(admin, t.id(), TokenUpdate.builder().enabled(true).build());
    tokens.update(admin, t.id(), TokenUpdate.builder().lifetime(Lifetime.SEVEN_DAYS).build());
    serviceTime[0] = NOW.plus(Duration.ofDays(8));
    assertThat(both.verify(t.jwt().orElseThrow()).rejection()).contains(RejectionReason.EXPIRED);
    serviceTime[0] = NOW;
    assertThat(both.verify(t.jwt().orElseThrow()).valid()).isTrue();
    tokens.revoke(admin, t.id());
    assertThat(both.verify(t.jwt().orElseThrow()).rejection()).contains(RejectionReason.REVOKED);
    tokens.delete(admin, t.id());
    assertThat(both.verify(t.jwt().orElseThrow()).failure()).isEqualTo(JwtFailure.UNKNOWN_KEY);
  }

  @Test
  void theTenantOfTheTokenIsAClaimAndMustMatchTheToken() {
    TokenService tokens = service().jwtIssuer(issuer).build();
    IssuedToken t =
        tokens.create(
            admin,
            CreateTokenRequest.named("tenant jwt")
                .kind(TokenKind.SERVER)
                .tenant("acme \"eu\"")
                .access(TokenAccess.fullAccess().withRestrictedUser("admin"))
                .issueJwt(true)
                .build());
    String jwt = t.jwt().orElseThrow();
    String claims =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.", -1)[1]), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"tenant\":\"acme \\\"eu\\\"\"");
    JwtResult result = verifier(tokens).verify(jwt);
    assertThat(result.valid()).isTrue();
    assertThat(result.principal().orElseThrow().tenant()).contains("acme \"eu\"");
    // Untenanted tokens carry no tenant claim.
    String plain = server(tokens, "plain").jwt().orElseThrow();
    assertThat(
            new String(
                Base64.getUrlDecoder().decode(plain.split("\\.", -1)[1]), StandardCharsets.UTF_8))
        .doesNotContain("tenant");

    // The holder of the secret could sign another tenant, or a tenant of the wrong type: refused.
    String header = "{\"alg\":\"HS512\",\"kid\":\"" + t.key() + "\",\"typ\":\"JWT\"}";
    long now = NOW.getEpochSecond();
    byte[] key = t.secret().getBytes(StandardCharsets.US_ASCII);
    String body =
        "{\"sub\":\""
            + t.key()
            + "\",\"iss\":\"https://example.com/\",\"aud\":\"api\",\"exp\":"
            + (now + 3600);
    for (String other : List.of(",\"tenant\":\"globex\"", "")) {
      String forged = JwtVerifierTest.craft(header, body + other + "}", key, "HmacSHA512");
      assertThat(verifier(tokens).verify(forged).failure())
          .as(other)
          .isEqualTo(JwtFailure.BAD_SUBJECT);
    }
    String wrongType = JwtVerifierTest.craft(header, body + ",\"tenant\":7}", key, "HmacSHA512");
    assertThat(verifier(tokens).verify(wrongType).failure()).isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void aJwtSignedWithTheTokenSecretMustNameItsTokenAsSubject() {
    TokenService tokens = service().jwtIssuer(issuer).build();
    IssuedToken t = server(tokens, "self-signed");
    // The holder has the secret, so it can sign any claims; a subject other than its key is
    // refused.
    String header = "{\"alg\":\"HS512\",\"kid\":\"" + t.key() + "\",\"typ\":\"JWT\"}";
    long now = NOW.getEpochSecond();
    String claims =
        "{\"sub\":\"%s\",\"iss\":\"https://example.com/\",\"aud\":\"api\",\"exp\":"
            + (now + 3600)
            + "}";
    byte[] key = t.secret().getBytes(StandardCharsets.US_ASCII);
    for (String subject : List.of("admin", "", t.key() + "x")) {
      String forged = JwtVerifierTest.craft(header, claims.formatted(subject), key, "HmacSHA512");
      assertThat(verifier(tokens).verify(forged).failure())
          .as(subject)
          .isEqualTo(JwtFailure.BAD_SUBJECT);
    }
    String noSubject =
        JwtVerifierTest.craft(
            header,
            "{\"iss\":\"https://example.com/\",\"aud\":\"api\",\"exp\":" + (now + 60) + "}",
            key,
            "HmacSHA512");
    assertThat(verifier(tokens).verify(noSubject).failure()).isEqualTo(JwtFailure.BAD_SUBJECT);
    String own = JwtVerifierTest.craft(header, claims.formatted(t.key()), key, "HmacSHA512");
    assertThat(verifier(tokens).verify(own).valid()).isTrue();
  }

  @Test
  void aNewJwtCanBeIssuedForAnExistingServerTokenWithinTheActorsReach() {
    TokenService tokens =
        service()
            .jwtIssuer(issuer)
            .permissionModel(
                dev.tokenkit.core.PermissionModel.builder()
                    .catalog(
                        dev.tokenkit.core.PermissionCatalog.builder()
                            .read("content", "read")
                            .write("content", "write")
                            .build())
                    .build())
            .build();
    JwtVerifier verifier = verifier(tokens);
    IssuedToken t = server(tokens, "rotated");
    String first = t.jwt().orElseThrow();
    tokens.regenerate(admin, t.id(), Duration.ZERO);
    assertThat(verifier.verify(first).failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
    String second = tokens.issueJwt(admin, t.id());
    assertThat(verifier.verify(second).valid()).isTrue();
    assertThat(second).isNotEqualTo(first);

    Actor limited =
        Actor.of("admin", EnumSet.of(AdminPermission.REGENERATE), Set.of("content:read"));
    assertThatThrownBy(() -> tokens.issueJwt(limited, t.id()))
        .isInstanceOf(dev.tokenkit.core.TokenAccessDeniedException.class);
    Actor reader = Actor.of("admin", EnumSet.of(AdminPermission.READ), Set.of("*:*"));
    assertThatThrownBy(() -> tokens.issueJwt(reader, t.id()))
        .isInstanceOf(dev.tokenkit.core.TokenAccessDeniedException.class)
        .hasMessageContaining("tokens.regenerate");
    IssuedToken api = tokens.create(admin, CreateTokenRequest.named("api").build());
    assertThatThrownBy(() -> tokens.issueJwt(admin, api.id()))
        .isInstanceOf(IllegalStateException.class);
    tokens.revoke(admin, t.id());
    assertThatThrownBy(() -> tokens.issueJwt(admin, t.id()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> service().build().issueJwt(admin, api.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TokenJwtIssuer");
  }

  @Test
  void issuerAndAudienceWithJsonSpecialCharactersRoundTrip() {
    String odd = "https://example.com/\"quoted\"\\back\u0001ctl/ü";
    JwtIssuer issuerOdd =
        JwtIssuer.builder()
            .issuer(odd)
            .audience(odd + "-aud")
            .deriveKeysFrom(JwtVerifierTest.bytes(32, 3))
            .clock(clock)
            .build();
    TokenService tokens = service().jwtIssuer(issuerOdd).build();
    IssuedToken t = server(tokens, "odd");
    JwtResult r =
        JwtVerifier.builder()
            .keyResolver(issuerOdd.keyResolver())
            .expectedIssuer(odd)
            .expectedAudience(odd + "-aud")
            .clock(clock)
            .build()
            .verify(t.jwt().orElseThrow());
    assertThat(r.valid()).isTrue();
    assertThat(r.subject()).isEqualTo(t.key());
  }

  @Test
  void misconfigurationsAreReportedAtBuildOrCreateTime() {
    assertThatThrownBy(
            () ->
                TokenService.builder()
                    .store(MemoryTokenStore.create())
                    .pepperRing(PepperRing.of(1, JwtVerifierTest.bytes(32, 1)))
                    .jwtIssuer(issuer)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KeyRing");
    TokenService noIssuer = service().build();
    assertThatThrownBy(
            () ->
                noIssuer.create(
                    admin,
                    CreateTokenRequest.named("x").kind(TokenKind.SERVER).issueJwt(true).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TokenJwtIssuer");
    TokenService tokens = service().jwtIssuer(issuer).build();
    assertThatThrownBy(
            () -> tokens.create(admin, CreateTokenRequest.named("api").issueJwt(true).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only for server tokens");
    assertThatThrownBy(issuer::keyResolver).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JwtIssuer.builder().deriveKeysFrom(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtIssuer.builder().lifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server(tokens, "no jwt asked").jwt()).isPresent();
    assertThat(tokens.create(admin, CreateTokenRequest.named("plain").build()).jwt()).isEmpty();
  }
}

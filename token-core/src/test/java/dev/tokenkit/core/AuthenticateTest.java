package dev.tokenkit.core;

import static dev.tokenkit.core.TokenLifecycleTest.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticateTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.service();

  private IssuedToken create(String name, String owner) {
    return service.create(f.admin, CreateTokenRequest.named(name).ownerId(owner).build());
  }

  /** Checks 1 to 3 give one outward answer; reasons after the secret matched may differ. */
  @Test
  void tokensThatDidNotProveTheirSecretLookTheSameFromOutside() {
    AuthResult.Rejected malformed = AuthResult.rejected(RejectionReason.MALFORMED);
    for (RejectionReason reason :
        new RejectionReason[] {RejectionReason.UNKNOWN, RejectionReason.BAD_SECRET}) {
      AuthResult.Rejected r = AuthResult.rejected(reason);
      assertThat(r.httpStatus()).isEqualTo(malformed.httpStatus());
      assertThat(r.error()).isEqualTo(malformed.error()).isEqualTo("invalid_token");
      assertThat(r.message()).isEqualTo(malformed.message());
      assertThat(r.wwwAuthenticate()).isEqualTo(malformed.wwwAuthenticate());
    }
    assertThat(RejectionReason.REVOKED.outwardError()).isEqualTo("revoked");
    assertThat(RejectionReason.CLIENT_NOT_ALLOWED.outwardError()).isEqualTo("client_not_allowed");
    assertThat(RejectionReason.REPLAYED.outwardError()).isEqualTo("replayed");
    assertThat(RejectionReason.UNAVAILABLE.outwardError()).isEqualTo("unavailable");
  }

  @Test
  void aValidTokenAuthenticatesWithItsPrincipal() {
    IssuedToken t = create("valid", "alice");
    AuthResult result = service.authenticate(t.token(), RequestContext.empty());
    assertThat(result.isAuthenticated()).isTrue();
    assertThat(result.httpStatus()).isEqualTo(200);
    TokenPrincipal p = result.principal().orElseThrow();
    assertThat(p.tokenId()).isEqualTo(t.id());
    assertThat(p.ownerId()).contains("alice");
    assertThat(p.kind()).isEqualTo(TokenKind.API);
    assertThat(p.name()).isEqualTo("valid");
    assertThat(p.toString()).doesNotContain(t.token().substring(15));
    assertThat(f.eventTypes())
        .containsExactly(AuditEvent.Type.CREATED, AuditEvent.Type.AUTHENTICATED);
  }

  @Test
  void aTokenWithoutOwnerIsBoundedByItsOwnScopeAlone() {
    TokenService lenient =
        f.builder().policy(TokenPolicy.builder().allowOwnerless(true).build()).build();
    IssuedToken t =
        lenient.create(f.admin, CreateTokenRequest.named("ownerless").withoutOwner().build());
    assertThat(lenient.authenticate(t.token(), null).principal().orElseThrow().ownerId()).isEmpty();
  }

  @Test
  void eachCheckHasItsReason() {
    IssuedToken valid = create("base", "alice");
    String tampered =
        valid.token().substring(0, 20)
            + (valid.token().charAt(20) == 'a' ? 'b' : 'a')
            + valid.token().substring(21);
    assertThat(rejection(service.authenticate(tampered, null)))
        .isEqualTo(RejectionReason.MALFORMED);

    String unknown =
        TokenFormat.defaults()
            .format(TokenKind.API, TokenId.of("000000000000"), valid.token().substring(15, 47));
    assertThat(rejection(service.authenticate(unknown, null))).isEqualTo(RejectionReason.UNKNOWN);

    String wrongSecret = TokenFormat.defaults().format(TokenKind.API, valid.id(), "x".repeat(32));
    assertThat(rejection(service.authenticate(wrongSecret, null)))
        .isEqualTo(RejectionReason.BAD_SECRET);

    String wrongKind = TokenFormat.defaults().format(TokenKind.SERVER, valid.id(), "x".repeat(64));
    assertThat(rejection(service.authenticate(wrongKind, null))).isEqualTo(RejectionReason.UNKNOWN);

    IssuedToken revoked = create("revoked", "alice");
    service.revoke(f.admin, revoked.id());
    assertThat(rejection(service.authenticate(revoked.token(), null)))
        .isEqualTo(RejectionReason.REVOKED);

    IssuedToken disabled =
        service.create(f.admin, CreateTokenRequest.named("disabled").enabled(false).build());
    assertThat(rejection(service.authenticate(disabled.token(), null)))
        .isEqualTo(RejectionReason.DISABLED);

    IssuedToken expiring =
        service.create(
            f.admin,
            CreateTokenRequest.named("expiring")
                .lifetime(Lifetime.until(Fixtures.T0.plusSeconds(60)))
                .build());
    assertThat(service.authenticate(expiring.token(), null).isAuthenticated()).isTrue();
    f.clock.advance(Duration.ofSeconds(60));
    assertThat(rejection(service.authenticate(expiring.token(), null)))
        .isEqualTo(RejectionReason.EXPIRED);

    IssuedToken owned = create("owned", "bob");
    f.users.put("bob", Owner.inactive("bob"));
    assertThat(rejection(service.authenticate(owned.token(), null)))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);
    f.users.remove("bob");
    assertThat(rejection(service.authenticate(owned.token(), null)))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);
    f.users.put("bob", Owner.active("bob"));
    assertThat(service.authenticate(owned.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void theFirstFailingCheckWins() {
    IssuedToken t = create("everything wrong", "alice");
    service.update(f.admin, t.id(), TokenUpdate.builder().enabled(false).build());
    service.revoke(f.admin, t.id());
    f.users.put("alice", Owner.inactive("alice"));
    f.clock.advance(Duration.ofDays(365));
    assertThat(rejection(service.authenticate(t.token(), null))).isEqualTo(RejectionReason.REVOKED);
    String wrongSecret = TokenFormat.defaults().format(TokenKind.API, t.id(), "x".repeat(32));
    assertThat(rejection(service.authenticate(wrongSecret, null)))
        .isEqualTo(RejectionReason.BAD_SECRET);

    IssuedToken d = create("disabled and expired", "bob");
    service.update(f.admin, d.id(), TokenUpdate.builder().enabled(false).build());
    f.clock.advance(Duration.ofDays(365));
    assertThat(rejection(service.authenticate(d.token(), null)))
        .isEqualTo(RejectionReason.DISABLED);
  }

  @Test
  void storedBindingsThisVersionCannotReadGrantNothing() {
    IssuedToken t = create("bound", "alice");
    TokenRecord current = f.store.delegate.find(t.id()).orElseThrow();
    f.store.delegate.update(
        current.toBuilder()
            .access(current.access().withAllowedCidrs(List.of("10.0.0.0/99")))
            .build());
    AuthResult result =
        service.authenticate(t.token(), RequestContext.builder().clientAddress("10.1.2.3").build());
    assertThat(rejection(result)).isEqualTo(RejectionReason.CLIENT_NOT_ALLOWED);
    assertThat(result.httpStatus()).isEqualTo(403);
  }

  @Test
  void malformedUnknownAndBadSecretLookTheSameOutside() {
    IssuedToken t = create("probe", "alice");
    AuthResult.Rejected malformed = (AuthResult.Rejected) service.authenticate("garbage", null);
    AuthResult.Rejected unknown =
        (AuthResult.Rejected)
            service.authenticate(
                TokenFormat.defaults()
                    .format(TokenKind.API, TokenId.of("000000000000"), "x".repeat(32)),
                null);
    AuthResult.Rejected badSecret =
        (AuthResult.Rejected)
            service.authenticate(
                TokenFormat.defaults().format(TokenKind.API, t.id(), "x".repeat(32)), null);
    for (AuthResult.Rejected r : List.of(malformed, unknown, badSecret)) {
      assertThat(r.httpStatus()).isEqualTo(401);
      assertThat(r.message()).isEqualTo("invalid token");
      assertThat(r.wwwAuthenticate())
          .contains("Bearer error=\"invalid_token\", error_description=\"invalid token\"");
    }
    assertThat(List.of(malformed.reason(), unknown.reason(), badSecret.reason()))
        .containsExactly(
            RejectionReason.MALFORMED, RejectionReason.UNKNOWN, RejectionReason.BAD_SECRET);
  }

  @Test
  void statusesAndChallengesFollowRfc6750() {
    for (RejectionReason reason : RejectionReason.values()) {
      AuthResult.Rejected r = AuthResult.rejected(reason);
      assertThat(r.httpStatus()).isIn(401, 403, 429, 503);
      assertThat(r.isAuthenticated()).isFalse();
      assertThat(r.principal()).isEmpty();
      if (r.httpStatus() == 401) {
        assertThat(r.wwwAuthenticate().orElseThrow()).startsWith("Bearer error=\"invalid_token\"");
      } else if (r.httpStatus() == 403) {
        assertThat(r.wwwAuthenticate().orElseThrow())
            .startsWith("Bearer error=\"insufficient_scope\"");
      } else {
        assertThat(r.wwwAuthenticate()).isEmpty();
      }
    }
    assertThat(AuthResult.rejected(RejectionReason.UNAVAILABLE).httpStatus()).isEqualTo(503);
  }

  @Test
  void storeFailureIsUnavailableNeverAnExceptionNorSuccess() {
    IssuedToken t = create("outage", "alice");
    f.store.failing = true;
    AuthResult result = service.authenticate(t.token(), null);
    assertThat(rejection(result)).isEqualTo(RejectionReason.UNAVAILABLE);
    assertThat(result.httpStatus()).isEqualTo(503);
    f.store.failing = false;
    assertThat(service.authenticate(t.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void ownerDirectoryFailureIsUnavailable() {
    IssuedToken t = create("directory outage", "alice");
    f.directoryFailure = new IllegalStateException("LDAP down");
    assertThat(rejection(service.authenticate(t.token(), null)))
        .isEqualTo(RejectionReason.UNAVAILABLE);
    f.directoryFailure = null;
    assertThat(service.authenticate(t.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void aDirectoryAnsweringNullIsTreatedAsUnknownOwner() {
    IssuedToken t = create("null directory", "alice");
    TokenService s = f.builder().owners(id -> null).build();
    assertThat(rejection(s.authenticate(t.token(), null)))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);
  }

  @Test
  void ownedTokensFailClosedWithoutADirectory() {
    IssuedToken t = create("orphan", "alice");
    TokenService noDirectory =
        f.builder().owners(null).policy(TokenPolicy.builder().allowOwnerless(true).build()).build();
    assertThat(rejection(noDirectory.authenticate(t.token(), null)))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);
  }

  @Test
  void unknownPepperVersionIsABadSecret() {
    IssuedToken t = create("old pepper", "alice");
    TokenService rotatedAway = f.builder().pepperRing(PepperRing.of(2, Fixtures.PEPPER_2)).build();
    assertThat(rejection(rotatedAway.authenticate(t.token(), null)))
        .isEqualTo(RejectionReason.BAD_SECRET);
  }

  @Test
  void authenticationNeverThrowsForAnyInput() {
    IssuedToken t = create("fuzz", "alice");
    qt().withExamples(3000)
        .forAll(strings().allPossible().ofLengthBetween(0, 300))
        .checkAssert(
            s -> {
              AuthResult r = service.authenticate(s, null);
              assertThat(r.isAuthenticated()).isFalse();
            });
    qt().withExamples(1000)
        .forAll(integers().between(0, t.token().length()), strings().ascii().ofLengthBetween(0, 5))
        .checkAssert(
            (cut, tail) -> {
              String candidate = t.token().substring(0, cut) + tail;
              AuthResult r = service.authenticate(candidate, RequestContext.empty());
              assertThat(r.isAuthenticated()).isEqualTo(candidate.equals(t.token()));
            });
  }

  @Test
  void anySingleCharacterChangeIsMalformedWithoutTouchingTheStore() {
    IssuedToken t = create("typo", "alice");
    int calls = f.store.storeCalls();
    qt().withExamples(2000)
        .forAll(integers().between(0, t.token().length() - 1), integers().between(1, 0xFFFF))
        .checkAssert(
            (i, replacement) -> {
              char c = (char) replacement.intValue();
              if (c == t.token().charAt(i)) {
                return;
              }
              String changed = t.token().substring(0, i) + c + t.token().substring(i + 1);
              assertThat(rejection(service.authenticate(changed, null)))
                  .isEqualTo(RejectionReason.MALFORMED);
            });
    assertThat(f.store.storeCalls()).isEqualTo(calls);
  }

  @Test
  void authenticationReadsOnceAndNeverWritesToTheStore() {
    IssuedToken t = create("hot path", "alice");
    int writes = f.store.writes.get();
    int reads = f.store.reads.get();
    for (int i = 0; i < 100; i++) {
      assertThat(service.authenticate(t.token(), null).isAuthenticated()).isTrue();
      service.authenticate("garbage", null);
    }
    assertThat(f.store.writes.get()).isEqualTo(writes);
    assertThat(f.store.reads.get()).isEqualTo(reads + 100);
  }

  @Test
  void rejectionsAreAuditedWithTheRealReasonAndNoSecret() {
    IssuedToken t = create("audited", "alice");
    String wrongSecret = TokenFormat.defaults().format(TokenKind.API, t.id(), "x".repeat(32));
    service.authenticate(wrongSecret, null);
    service.authenticate("nonsense", null);
    AuditEvent badSecret = f.events.get(f.events.size() - 2);
    AuditEvent malformed = f.events.get(f.events.size() - 1);
    assertThat(badSecret.type()).isEqualTo(AuditEvent.Type.REJECTED);
    assertThat(badSecret.reason()).contains(RejectionReason.BAD_SECRET);
    assertThat(badSecret.tokenId()).contains(t.id());
    assertThat(badSecret.toString()).doesNotContain("xxxx");
    assertThat(malformed.reason()).contains(RejectionReason.MALFORMED);
    assertThat(malformed.tokenId()).isEmpty();
  }

  @Test
  void aFailingAuditListenerNeverBreaksTheOperation() {
    TokenService s =
        f.builder()
            .auditListener(
                e -> {
                  throw new IllegalStateException("listener bug");
                })
            .build();
    IssuedToken t = s.create(f.admin, CreateTokenRequest.named("listener").build());
    assertThat(s.authenticate(t.token(), null).isAuthenticated()).isTrue();
    assertThat(s.authenticate("bad", null).isAuthenticated()).isFalse();
    assertThat(s.revoke(f.admin, t.id()).revokedAt()).isPresent();
    assertThat(f.eventTypes()).contains(AuditEvent.Type.CREATED, AuditEvent.Type.REVOKED);
  }
}

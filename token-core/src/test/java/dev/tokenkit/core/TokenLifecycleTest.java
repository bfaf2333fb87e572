package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import dev.tokenkit.store.spi.TokenStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenLifecycleTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.service();

  private IssuedToken create(String name) {
    return service.create(f.admin, CreateTokenRequest.named(name).build());
  }

  // ---- create ------------------------------------------------------------------------------

  @Test
  void createReturnsThePlaintextOnceAndStoresOnlyAHash() {
    IssuedToken issued =
        service.create(
            f.admin,
            CreateTokenRequest.named("  CI deploy  ")
                .description("deploys main")
                .ownerId("alice")
                .build());
    String secret = issued.token().substring(3 + 12, 3 + 12 + 32);

    assertThat(issued.token()).startsWith("tk_" + issued.id().value());
    TokenRecord stored = service.get(f.admin, issued.id()).orElseThrow();
    assertThat(stored).isEqualTo(issued.record());
    assertThat(stored.name()).isEqualTo("CI deploy");
    assertThat(stored.description()).isEqualTo("deploys main");
    assertThat(stored.ownerId()).contains("alice");
    assertThat(stored.kind()).isEqualTo(TokenKind.API);
    assertThat(stored.enabled()).isTrue();
    assertThat(stored.createdAt()).isEqualTo(Fixtures.T0);
    assertThat(stored.expiresAt()).contains(Fixtures.T0.plus(Duration.ofDays(30)));
    assertThat(stored.secret().orElseThrow().hash().length()).isEqualTo(32);
    assertThat(stored.toString()).doesNotContain(secret);
    assertThat(issued.toString()).doesNotContain(secret).contains("redacted");
    assertThat(service.stateOf(stored)).isEqualTo(TokenState.ACTIVE);
    assertThat(f.eventTypes()).containsExactly(AuditEvent.Type.CREATED);
  }

  @Test
  void tokensAreUniqueAndRandom() {
    IssuedToken a = create("a");
    IssuedToken b = create("b");
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(a.token().substring(15)).isNotEqualTo(b.token().substring(15));
  }

  @Test
  void namesAreUniqueIgnoringCase() {
    create("Deploy");
    assertThatThrownBy(() -> create("deploy"))
        .isInstanceOfSatisfying(
            DuplicateTokenException.class,
            e -> assertThat(e.field()).isEqualTo(DuplicateTokenException.Field.NAME));
    assertThatThrownBy(() -> create(" DEPLOY ")).isInstanceOf(DuplicateTokenException.class);
  }

  @Test
  void badNamesNameTheFieldAndTheRule() {
    Map<String, String> cases = new HashMap<>();
    cases.put("", "blank");
    cases.put("   ", "blank");
    cases.put("x".repeat(101), "at most 100");
    cases.put("x".repeat(10_000), "at most 100");
    cases.put("tab\there", "control");
    cases.put("new\nline", "control");
    cases.put("nul\u0000", "control");
    cases.put("bidi\u202Eevil", "format");
    cases.put("zero\u200Bwidth", "format");
    cases.put("half\uD800", "surrogate");
    cases.forEach(
        (name, rule) ->
            assertThatThrownBy(() -> create(name))
                .as(name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name")
                .hasMessageContaining(rule));
    assertThatThrownBy(() -> service.create(f.admin, CreateTokenRequest.builder().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name is required");
    assertThatThrownBy(() -> service.create(f.admin, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(f.store.writes.get()).isZero();
  }

  @Test
  void unicodeNamesOfUpToOneHundredCharactersAreKept() {
    String hundred = "名".repeat(99) + "🔑";
    assertThat(create(hundred).record().name()).isEqualTo(hundred);
    assertThat(create("Café Ünïcødé").record().name()).isEqualTo("Café Ünïcødé");
  }

  @Test
  void descriptionRules() {
    assertThat(
            service
                .create(
                    f.admin, CreateTokenRequest.named("d1").description("line\nbreak\tok").build())
                .record()
                .description())
        .isEqualTo("line\nbreak\tok");
    assertThat(
            service
                .create(
                    f.admin, CreateTokenRequest.named("d2").description("é".repeat(1000)).build())
                .record()
                .description())
        .hasSize(1000);
    assertThatThrownBy(
            () ->
                service.create(
                    f.admin, CreateTokenRequest.named("d3").description("x".repeat(1001)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("description");
    assertThatThrownBy(
            () ->
                service.create(
                    f.admin, CreateTokenRequest.named("d4").description("bell\u0007").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("description");
  }

  @Test
  void lifetimesFollowThePresetsAndThePolicy() {
    assertThat(expiry(Lifetime.SEVEN_DAYS)).contains(Fixtures.T0.plus(Duration.ofDays(7)));
    assertThat(expiry(Lifetime.THIRTY_DAYS)).contains(Fixtures.T0.plus(Duration.ofDays(30)));
    assertThat(expiry(Lifetime.NINETY_DAYS)).contains(Fixtures.T0.plus(Duration.ofDays(90)));
    assertThat(expiry(Lifetime.UNLIMITED)).isEmpty();
    Instant custom = Fixtures.T0.plusSeconds(3600);
    assertThat(expiry(Lifetime.until(custom))).contains(custom);

    assertThatThrownBy(() -> expiry(Lifetime.until(Fixtures.T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("future");
    assertThatThrownBy(() -> expiry(Lifetime.until(Fixtures.T0.minusSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("future");
    assertThatThrownBy(() -> Lifetime.until(null)).isInstanceOf(IllegalArgumentException.class);

    TokenService capped =
        f.builder().policy(TokenPolicy.builder().maxLifetime(Duration.ofDays(30)).build()).build();
    assertThat(
            capped
                .create(
                    f.admin, CreateTokenRequest.named("c1").lifetime(Lifetime.THIRTY_DAYS).build())
                .record()
                .expiresAt())
        .isPresent();
    assertThatThrownBy(
            () ->
                capped.create(
                    f.admin, CreateTokenRequest.named("c2").lifetime(Lifetime.NINETY_DAYS).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 30 days");
    assertThatThrownBy(
            () ->
                capped.create(
                    f.admin, CreateTokenRequest.named("c3").lifetime(Lifetime.UNLIMITED).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unlimited");
    assertThatThrownBy(
            () ->
                capped.create(
                    f.admin,
                    CreateTokenRequest.named("c4")
                        .lifetime(Lifetime.until(Lifetime.LATEST_EXPIRY))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 30 days");
    // Beyond year 9999 (or before 1970) no lifetime is built at all.
    for (Instant far :
        new Instant[] {
          Instant.MAX,
          Instant.MIN,
          Instant.parse("+300000-01-01T00:00:00Z"),
          Lifetime.LATEST_EXPIRY.plusSeconds(1),
          Instant.EPOCH.minusNanos(1)
        }) {
      assertThatThrownBy(() -> Lifetime.until(far))
          .as(far.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("expiresAt must be between");
    }

    TokenService noUnlimited =
        f.builder().policy(TokenPolicy.builder().allowUnlimited(false).build()).build();
    assertThatThrownBy(
            () ->
                noUnlimited.create(
                    f.admin, CreateTokenRequest.named("u1").lifetime(Lifetime.UNLIMITED).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unlimited");
  }

  @Test
  void policiesThatContradictThemselvesAreRefused() {
    assertThatThrownBy(() -> TokenPolicy.builder().maxLifetime(Duration.ofDays(7)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds maxLifetime");
    assertThatThrownBy(
            () ->
                TokenPolicy.builder()
                    .allowUnlimited(false)
                    .defaultLifetime(Lifetime.UNLIMITED)
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenPolicy.builder().maxLifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenPolicy.builder().maxGracePeriod(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                // Owners are required by default, so the directory is too.
                f.builder().owners(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OwnerDirectory")
        .hasMessageContaining("allowOwnerless");
  }

  @Test
  void ownersMustExistBeActiveAndAreRequiredWhenThePolicySaysSo() {
    f.users.put("carol", Owner.inactive("carol"));
    assertThatThrownBy(
            () -> service.create(f.admin, CreateTokenRequest.named("o1").ownerId("nobody").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ownerId");
    assertThatThrownBy(
            () -> service.create(f.admin, CreateTokenRequest.named("o2").ownerId("carol").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deactivated");
    assertThatThrownBy(
            () -> service.create(f.admin, CreateTokenRequest.named("o3").ownerId(" ").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ownerId");
    assertThatThrownBy(
            () ->
                service.create(
                    f.admin, CreateTokenRequest.named("o4").ownerId("x".repeat(300)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ownerId");

    // Squiz: no user, no token. Owners are required unless the policy opts in.
    TokenService strict = service;
    assertThatThrownBy(
            () -> strict.create(f.admin, CreateTokenRequest.named("o5").withoutOwner().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ownerId is required")
        .hasMessageContaining("allowOwnerless");
    assertThat(
            strict
                .create(f.admin, CreateTokenRequest.named("o6").ownerId("bob").build())
                .record()
                .ownerId())
        .contains("bob");

    TokenService noDirectory =
        f.builder().owners(null).policy(TokenPolicy.builder().allowOwnerless(true).build()).build();
    assertThatThrownBy(
            () ->
                noDirectory.create(
                    f.admin, CreateTokenRequest.named("o7").ownerId("alice").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OwnerDirectory");
  }

  /** Squiz: "The API returns an HTTP 401 Unauthorized error if you do not select a user." */
  @Test
  void aTokenWithoutAnOwnerIsRefusedUnlessThePolicyOptsIn() {
    TokenService lenient =
        f.builder().policy(TokenPolicy.builder().allowOwnerless(true).build()).build();
    IssuedToken service =
        lenient.create(f.admin, CreateTokenRequest.named("svc").withoutOwner().build());
    assertThat(lenient.authenticate(service.token(), null).isAuthenticated()).isTrue();
    // The same stored token, under the default policy (say, after the host removed the opt-in).
    TokenService strict = f.service();
    AuthResult refused = strict.authenticate(service.token(), null);
    assertThat(rejection(refused)).isEqualTo(RejectionReason.OWNER_INACTIVE);
    assertThat(refused.httpStatus()).isEqualTo(401);
    assertThat(TokenPolicy.defaults().allowOwnerless()).isFalse();
  }

  @Test
  void attributesAreValidatedAndStored() {
    IssuedToken t =
        service.create(
            f.admin,
            CreateTokenRequest.named("attrs")
                .attributes(Map.of("team", "platform", "cost.center", "42"))
                .build());
    assertThat(t.record().attributes()).containsEntry("team", "platform").hasSize(2);
    assertThatThrownBy(() -> CreateTokenRequest.named("a").attributes(null))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 33; i++) {
      tooMany.put("k" + i, "v");
    }
    for (Map<String, String> bad :
        List.of(
            tooMany,
            Map.of("bad key", "v"),
            Map.of("", "v"),
            Map.of("k", "v".repeat(1025)),
            Map.of("k", "bell\u0007"))) {
      assertThatThrownBy(
              () ->
                  service.create(
                      f.admin, CreateTokenRequest.named("bad-attrs").attributes(bad).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attribute");
    }
  }

  @Test
  void idCollisionsAreRetriedWithAFreshId() {
    // A random source that repeats: the first token's id comes up again for the second.
    java.security.SecureRandom repeating =
        new java.security.SecureRandom() {
          private static final long serialVersionUID = 1L;
          private int calls;

          @Override
          public void nextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, (byte) (calls++ < 4 ? 1 : calls));
          }
        };
    TokenService s = f.builder().secureRandom(repeating).build();
    IssuedToken first = s.create(f.admin, CreateTokenRequest.named("first").build());
    IssuedToken second = s.create(f.admin, CreateTokenRequest.named("second").build());
    assertThat(second.id()).isNotEqualTo(first.id());
  }

  @Test
  void disabledAtCreation() {
    IssuedToken t = service.create(f.admin, CreateTokenRequest.named("off").enabled(false).build());
    assertThat(service.stateOf(t.record())).isEqualTo(TokenState.DISABLED);
  }

  // ---- update ------------------------------------------------------------------------------

  @Test
  void updateChangesOnlyTheGivenFieldsAndAuditsADiff() {
    IssuedToken t = create("old name");
    f.clock.advance(Duration.ofMinutes(5));
    TokenRecord updated =
        service.update(
            f.admin,
            t.id(),
            TokenUpdate.builder()
                .name("new name")
                .description("now described")
                .enabled(false)
                .lifetime(Lifetime.SEVEN_DAYS)
                .build());
    assertThat(updated.name()).isEqualTo("new name");
    assertThat(updated.description()).isEqualTo("now described");
    assertThat(updated.enabled()).isFalse();
    assertThat(updated.expiresAt()).contains(f.clock.instant().plus(Duration.ofDays(7)));
    assertThat(updated.updatedAt()).isEqualTo(f.clock.instant());
    assertThat(updated.secret()).isEqualTo(t.record().secret());
    assertThat(updated.version()).isEqualTo(t.record().version() + 1);

    AuditEvent event = f.events.get(f.events.size() - 1);
    assertThat(event.type()).isEqualTo(AuditEvent.Type.UPDATED);
    assertThat(event.changes())
        .extracting(AuditEvent.Change::field)
        .containsExactly("name", "description", "enabled", "expiresAt");
    assertThat(event.changes().get(0).oldValue()).contains("old name");
    assertThat(event.changes().get(0).newValue()).contains("new name");
  }

  @Test
  void anEmptyOrNoOpUpdateWritesNothing() {
    IssuedToken t = create("same");
    int writes = f.store.writes.get();
    assertThat(service.update(f.admin, t.id(), TokenUpdate.builder().build()))
        .isEqualTo(t.record());
    assertThat(
            service.update(
                f.admin, t.id(), TokenUpdate.builder().name("same").enabled(true).build()))
        .isEqualTo(t.record());
    assertThat(f.store.writes.get()).isEqualTo(writes);
    assertThat(f.eventTypes()).containsExactly(AuditEvent.Type.CREATED);
  }

  @Test
  void updateValidatesBeforeWriting() {
    IssuedToken t = create("valid");
    int writes = f.store.writes.get();
    assertThatThrownBy(
            () -> service.update(f.admin, t.id(), TokenUpdate.builder().name(" ").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(
            () ->
                service.update(
                    f.admin, t.id(), TokenUpdate.builder().description("x".repeat(1001)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("description");
    assertThatThrownBy(
            () ->
                service.update(
                    f.admin,
                    t.id(),
                    TokenUpdate.builder().lifetime(Lifetime.until(Fixtures.T0)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("future");
    assertThatThrownBy(() -> service.update(f.admin, t.id(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.update(f.admin, null, TokenUpdate.builder().build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                service.update(f.admin, TokenId.of("000000000000"), TokenUpdate.builder().build()))
        .isInstanceOf(TokenNotFoundException.class);
    assertThat(f.store.writes.get()).isEqualTo(writes);
    assertThat(service.get(f.admin, t.id())).contains(t.record());
  }

  @Test
  void renameToATakenNameIsADuplicate() {
    create("taken");
    IssuedToken t = create("free");
    assertThatThrownBy(
            () -> service.update(f.admin, t.id(), TokenUpdate.builder().name("TAKEN").build()))
        .isInstanceOf(DuplicateTokenException.class);
  }

  @Test
  void updateRetriesOneConflictThenReportsTheNext() {
    IssuedToken t = create("contended");
    AtomicInteger conflicts = new AtomicInteger(1);
    f.store.beforeUpdate =
        r -> {
          if (conflicts.getAndDecrement() > 0) {
            // Another writer changes the token between our read and our write.
            TokenRecord current = f.store.delegate.find(r.id()).orElseThrow();
            f.store.delegate.update(current.toBuilder().description("concurrent").build());
          }
          return r;
        };
    TokenRecord updated =
        service.update(f.admin, t.id(), TokenUpdate.builder().name("mine").build());
    assertThat(updated.name()).isEqualTo("mine");
    assertThat(updated.description()).isEqualTo("concurrent");

    conflicts.set(2);
    assertThatThrownBy(
            () -> service.update(f.admin, t.id(), TokenUpdate.builder().name("lost").build()))
        .isInstanceOf(StaleTokenException.class);
  }

  @Test
  void enablingDoesNotUndoRevocation() {
    IssuedToken t = create("revoked");
    service.revoke(f.admin, t.id());
    service.update(f.admin, t.id(), TokenUpdate.builder().enabled(false).build());
    TokenRecord r = service.update(f.admin, t.id(), TokenUpdate.builder().enabled(true).build());
    assertThat(service.stateOf(r)).isEqualTo(TokenState.REVOKED);
  }

  // ---- regenerate --------------------------------------------------------------------------

  @Test
  void regenerateReplacesTheSecretAndKeepsEverythingElse() {
    IssuedToken t =
        service.create(f.admin, CreateTokenRequest.named("rotating").ownerId("alice").build());
    IssuedToken fresh = service.regenerate(f.admin, t.id(), Duration.ZERO);
    assertThat(fresh.id()).isEqualTo(t.id());
    assertThat(fresh.token()).isNotEqualTo(t.token()).startsWith("tk_" + t.id().value());
    assertThat(fresh.record().name()).isEqualTo("rotating");
    assertThat(fresh.record().ownerId()).contains("alice");
    assertThat(fresh.record().createdAt()).isEqualTo(t.record().createdAt());
    assertThat(fresh.record().secret()).isNotEqualTo(t.record().secret());
    assertThat(fresh.record().previousSecret()).isEmpty();
    assertThat(f.eventTypes()).endsWith(AuditEvent.Type.REGENERATED);

    assertThat(service.authenticate(t.token(), null).isAuthenticated()).isFalse();
    assertThat(service.authenticate(fresh.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void regenerateWithGraceKeepsTheOldSecretValidUntilTheGraceEnds() {
    IssuedToken t = create("graceful");
    IssuedToken fresh = service.regenerate(f.admin, t.id(), Duration.ofHours(1));
    assertThat(fresh.record().previousSecretValidUntil())
        .contains(Fixtures.T0.plus(Duration.ofHours(1)));
    assertThat(service.authenticate(t.token(), null).isAuthenticated()).isTrue();
    assertThat(service.authenticate(fresh.token(), null).isAuthenticated()).isTrue();
    f.clock.advance(Duration.ofHours(1));
    assertThat(rejection(service.authenticate(t.token(), null)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(service.authenticate(fresh.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void regenerateHashesWithTheNewestPepper() {
    IssuedToken t = create("pepper");
    TokenService rotated =
        f.builder()
            .pepperRing(
                PepperRing.builder().add(1, Fixtures.PEPPER_1).add(2, Fixtures.PEPPER_2).build())
            .build();
    assertThat(rotated.authenticate(t.token(), null).isAuthenticated()).isTrue();
    IssuedToken fresh = rotated.regenerate(f.admin, t.id(), Duration.ZERO);
    assertThat(fresh.record().secret().orElseThrow().pepperVersion()).isEqualTo(2);
    assertThat(rotated.authenticate(fresh.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void regenerateRefusesBadGraceRevokedAndMissingTokens() {
    IssuedToken t = create("r");
    assertThatThrownBy(() -> service.regenerate(f.admin, t.id(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.regenerate(f.admin, t.id(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.regenerate(f.admin, t.id(), Duration.ofDays(8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
    assertThatThrownBy(
            () -> service.regenerate(f.admin, t.id(), Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.regenerate(f.admin, TokenId.of("000000000000"), Duration.ZERO))
        .isInstanceOf(TokenNotFoundException.class);
    service.revoke(f.admin, t.id());
    assertThatThrownBy(() -> service.regenerate(f.admin, t.id(), Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void concurrentRegenerationIsReportedNotRetried() {
    IssuedToken t = create("race");
    f.store.beforeUpdate =
        r -> {
          TokenRecord current = f.store.delegate.find(r.id()).orElseThrow();
          f.store.delegate.update(current.toBuilder().description("other node").build());
          return r;
        };
    assertThatThrownBy(() -> service.regenerate(f.admin, t.id(), Duration.ZERO))
        .isInstanceOf(StaleTokenException.class);
    f.store.beforeUpdate = r -> r;
    assertThat(service.authenticate(t.token(), null).isAuthenticated()).isTrue();
  }

  // ---- revoke / delete / list ----------------------------------------------------------------

  @Test
  void revokeIsImmediateIdempotentAndKeepsTheTokenListed() {
    IssuedToken t = create("revoke me");
    TokenRecord revoked = service.revoke(f.admin, t.id());
    assertThat(revoked.revokedAt()).contains(Fixtures.T0);
    assertThat(service.stateOf(revoked)).isEqualTo(TokenState.REVOKED);
    assertThat(rejection(service.authenticate(t.token(), null))).isEqualTo(RejectionReason.REVOKED);
    f.clock.advance(Duration.ofMinutes(1));
    assertThat(service.revoke(f.admin, t.id())).isEqualTo(revoked);
    assertThat(f.eventTypes())
        .containsExactly(
            AuditEvent.Type.CREATED, AuditEvent.Type.REVOKED, AuditEvent.Type.REJECTED);
    assertThatThrownBy(() -> service.revoke(f.admin, TokenId.of("000000000000")))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> service.revoke(f.admin, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deleteRemovesTheTokenAndFreesTheName() {
    IssuedToken t = create("delete me");
    assertThat(service.delete(f.admin, t.id())).isTrue();
    assertThat(service.get(f.admin, t.id())).isEmpty();
    assertThat(service.delete(f.admin, t.id())).isFalse();
    assertThat(rejection(service.authenticate(t.token(), null))).isEqualTo(RejectionReason.UNKNOWN);
    create("DELETE ME");
    assertThat(f.eventTypes())
        .containsExactly(
            AuditEvent.Type.CREATED,
            AuditEvent.Type.DELETED,
            AuditEvent.Type.REJECTED,
            AuditEvent.Type.CREATED);
    assertThatThrownBy(() -> service.delete(f.admin, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.get(f.admin, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listPagesAndFiltersByOwnerKindAndStateAtTheServiceClock() {
    List<TokenId> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      all.add(
          service
              .create(
                  f.admin,
                  CreateTokenRequest.named("t" + i)
                      .ownerId(i % 2 == 0 ? "alice" : "bob")
                      .lifetime(i < 3 ? Lifetime.SEVEN_DAYS : Lifetime.NINETY_DAYS)
                      .build())
              .id());
    }
    service.update(f.admin, all.get(11), TokenUpdate.builder().enabled(false).build());
    f.clock.advance(Duration.ofDays(8));

    List<TokenId> paged = new ArrayList<>();
    String cursor = null;
    do {
      TokenPage page = service.list(f.admin, TokenFilter.all(), cursor, 5);
      page.items().forEach(r -> paged.add(r.id()));
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    assertThat(paged).containsExactlyInAnyOrderElementsOf(all).isSorted();

    assertThat(
            service.list(f.admin, TokenFilter.builder().ownerId("bob").build(), null, 100).items())
        .hasSize(6);
    assertThat(
            service
                .list(f.admin, TokenFilter.builder().state(TokenState.EXPIRED).build(), null, 100)
                .items())
        .extracting(TokenRecord::id)
        .containsExactlyInAnyOrderElementsOf(all.subList(0, 3));
    assertThat(
            service
                .list(f.admin, TokenFilter.builder().state(TokenState.DISABLED).build(), null, 100)
                .items())
        .extracting(TokenRecord::id)
        .containsExactly(all.get(11));
    assertThat(
            service
                .list(f.admin, TokenFilter.builder().kind(TokenKind.SERVER).build(), null, 100)
                .items())
        .isEmpty();

    assertThatThrownBy(() -> service.list(f.admin, null, null, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.list(f.admin, TokenFilter.all(), null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.list(f.admin, TokenFilter.all(), "not-a-cursor", 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storeFailuresSurfaceAsTokenStoreExceptionFromManagementCalls() {
    IssuedToken t = create("before outage");
    f.store.failing = true;
    assertThatThrownBy(() -> create("during outage"))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageNotContaining(t.token());
    assertThatThrownBy(() -> service.get(f.admin, t.id())).isInstanceOf(TokenStoreException.class);
    assertThatThrownBy(() -> service.revoke(f.admin, t.id()))
        .isInstanceOf(TokenStoreException.class);
    f.store.failing = false;
    assertThat(service.authenticate(t.token(), null).isAuthenticated()).isTrue();
  }

  private java.util.Optional<Instant> expiry(Lifetime lifetime) {
    return service
        .create(f.admin, CreateTokenRequest.named("life " + lifetime).lifetime(lifetime).build())
        .record()
        .expiresAt();
  }

  static RejectionReason rejection(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    return ((AuthResult.Rejected) result).reason();
  }
}

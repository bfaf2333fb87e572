package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import dev.tokenkit.store.spi.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The {@link TokenService} implementation: a facade that wires the {@link Authenticator} (the
 * authentication pipeline) and the {@link TokenLifecycle} (management) to one store, clock and
 * audit trail. Thread-safe: all state is immutable or concurrent.
 */
final class StandardTokenService implements TokenService {

  private final TokenStore store;
  private final Clock clock;
  private final TokenPolicy policy;
  private final UsageBuffer usage;
  private final Authenticator authenticator;
  private final TokenLifecycle lifecycle;
  private final LeakReports leaks;
  private final ExpiryNotices expiry;

  /** Use {@link TokenService#builder()}. */
  StandardTokenService(
      TokenStore store,
      SecretHasher hasher,
      Clock clock,
      SecureRandom random,
      TokenPolicy policy,
      @Nullable OwnerDirectory owners,
      TokenFormat format,
      PermissionModel rules,
      @Nullable KeyRing keyRing,
      Duration signatureWindow,
      boolean sharedReplayCache,
      int replayCacheSize,
      boolean viewAgain,
      @Nullable TokenJwtIssuer jwtIssuer,
      @Nullable RateLimiter rateLimiter,
      List<AuditListener> listeners) {
    this.store = store;
    this.clock = clock;
    this.policy = policy;
    this.usage = new UsageBuffer(store);
    Owner.Lookup users = new Owner.Lookup(owners);
    SealedSecrets sealed = new SealedSecrets(keyRing, random, viewAgain);
    AuditTrail trail = new AuditTrail(listeners, clock);
    ReplayCache replays =
        sharedReplayCache ? ReplayCache.shared(store) : ReplayCache.perNode(replayCacheSize);
    this.authenticator =
        new Authenticator(
            store,
            hasher,
            clock,
            policy,
            format,
            rules,
            signatureWindow,
            replays,
            usage,
            users,
            sealed,
            trail,
            rateLimiter);
    this.lifecycle =
        new TokenLifecycle(
            store,
            hasher,
            clock,
            random,
            policy,
            format,
            rules,
            jwtIssuer,
            rateLimiter != null,
            users,
            sealed,
            trail);
    this.leaks = new LeakReports(store, format, authenticator, clock, trail);
    this.expiry = new ExpiryNotices(store, clock, trail);
  }

  @Override
  public TokenPage listExpiring(
      Actor actor, @Nullable Duration within, @Nullable String cursor, int limit) {
    Duration window = ExpiryNotices.requireWindow(within);
    Instant now = clock.instant();
    TokenPage page =
        lifecycle.list(
            actor, TokenFilter.builder().state(TokenState.ACTIVE, now).build(), cursor, limit);
    return ExpiryNotices.filter(page, now, now.plus(window));
  }

  @Override
  public List<TokenRecord> noticeExpiring(@Nullable Duration within) {
    return expiry.notice(within);
  }

  @Override
  public List<LeakOutcome> reportLeaked(
      @Nullable Collection<String> candidates, @Nullable String source) {
    return leaks.report(candidates, source);
  }

  @Override
  public IssuedToken create(Actor actor, CreateTokenRequest request) {
    return lifecycle.create(actor, request);
  }

  @Override
  public Optional<TokenRecord> get(Actor actor, TokenId id) {
    return lifecycle.get(actor, id);
  }

  @Override
  public TokenPage list(Actor actor, TokenFilter filter, @Nullable String cursor, int limit) {
    return lifecycle.list(actor, filter, cursor, limit);
  }

  @Override
  public TokenRecord update(Actor actor, TokenId id, TokenUpdate update) {
    return lifecycle.update(actor, id, update);
  }

  @Override
  public IssuedToken regenerate(Actor actor, TokenId id, Duration gracePeriod) {
    return lifecycle.regenerate(actor, id, gracePeriod);
  }

  @Override
  public TokenRecord revoke(Actor actor, TokenId id) {
    return lifecycle.revoke(actor, id);
  }

  @Override
  public boolean delete(Actor actor, TokenId id) {
    return lifecycle.delete(actor, id);
  }

  @Override
  public IssuedToken reveal(Actor actor, TokenId id) {
    return lifecycle.reveal(actor, id);
  }

  @Override
  public String issueJwt(Actor actor, TokenId id) {
    return lifecycle.issueJwt(actor, id);
  }

  @Override
  public TokenState stateOf(TokenRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("record is required");
    }
    return record.stateAt(clock.instant());
  }

  @Override
  public UsageRecorder usage() {
    return usage;
  }

  @Override
  public AuthResult authenticate(@Nullable String presented, @Nullable RequestContext context) {
    return authenticator.authenticate(presented, context);
  }

  @Override
  public SignedRequestVerifier signedRequests() {
    return authenticator.signedRequests();
  }

  @Override
  public AuthResult authenticateProven(
      TokenId id, Predicate<byte[]> proof, @Nullable RequestContext context) {
    return authenticator.authenticateProven(id, proof, context);
  }

  @Override
  public AuthResult authenticateKeyProven(
      TokenId id, java.util.function.BooleanSupplier keyProof, @Nullable RequestContext context) {
    return authenticator.authenticateKeyProven(id, keyProof, context);
  }

  @Override
  public String toString() {
    return "TokenService[store=" + store.getClass().getSimpleName() + ", " + policy + "]";
  }
}

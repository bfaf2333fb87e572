package dev.tokenkit.core.internal;

import dev.tokenkit.core.AuditEvent;
import dev.tokenkit.core.AuditListener;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.ParsedToken;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.SecretHasher;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenNotFoundException;
import dev.tokenkit.core.TokenPolicy;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.core.UsageRecorder;
import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import dev.tokenkit.store.spi.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link TokenService} implementation. Thread-safe: all state is immutable or concurrent. */
public final class StandardTokenService implements TokenService {

  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

  /** New random ids clash with probability ~2^-71 per pair; a few tries are plenty. */
  private static final int ID_ATTEMPTS = 3;

  private final TokenStore store;
  private final SecretHasher hasher;
  private final Clock clock;
  private final SecureRandom random;
  private final TokenPolicy policy;
  private final @Nullable OwnerDirectory owners;
  private final TokenFormat format;
  private final AuditListener[] listeners;
  private final UsageBuffer usage;

  /** Use {@link TokenService#builder()}. */
  public StandardTokenService(
      TokenStore store,
      SecretHasher hasher,
      Clock clock,
      SecureRandom random,
      TokenPolicy policy,
      @Nullable OwnerDirectory owners,
      TokenFormat format,
      List<AuditListener> listeners) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.random = random;
    this.policy = policy;
    this.owners = owners;
    this.format = format;
    this.listeners = listeners.toArray(new AuditListener[0]);
    this.usage = new UsageBuffer(store);
  }

  // ---- management -------------------------------------------------------------------------

  @Override
  public IssuedToken create(CreateTokenRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("request is required");
    }
    Instant now = clock.instant();
    String name = TokenRules.name(request.name());
    String description = TokenRules.description(request.description().orElse(null));
    String ownerId = checkOwner(request.ownerId().orElse(null));
    Lifetime lifetime = request.lifetime().orElse(policy.defaultLifetime());
    Instant expiresAt = expiry(lifetime, now);
    TokenKind kind = TokenKind.API;

    TokenRecord.Builder template =
        TokenRecord.builder()
            .kind(kind)
            .name(name)
            .description(description)
            .ownerId(ownerId)
            .enabled(request.enabled())
            .createdAt(now)
            .expiresAt(expiresAt)
            .attributes(TokenRules.attributes(request.attributes()));
    for (int attempt = 1; ; attempt++) {
      TokenId id = TokenId.of(Base62.random(random, TokenId.LENGTH));
      String secret = Base62.random(random, TokenFormat.secretLength(kind));
      TokenRecord record = template.id(id).secret(hasher.hash(secret)).build();
      try {
        TokenRecord stored = store.create(record);
        emit(AuditEvent.of(AuditEvent.Type.CREATED, now, id, name, List.of()));
        return IssuedToken.of(stored, format.format(kind, id, secret));
      } catch (DuplicateTokenException e) {
        if (e.field() != DuplicateTokenException.Field.ID || attempt == ID_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  @Override
  public Optional<TokenRecord> get(TokenId id) {
    return store.find(requireId(id));
  }

  @Override
  public TokenPage list(TokenFilter filter, @Nullable String cursor, int limit) {
    if (filter == null) {
      throw new IllegalArgumentException("filter is required (use TokenFilter.all())");
    }
    if (filter.state().isPresent() && filter.asOf().isEmpty()) {
      filter = filter.toBuilder().asOf(clock.instant()).build();
    }
    return store.list(filter, cursor, limit);
  }

  @Override
  public TokenRecord update(TokenId id, TokenUpdate update) {
    requireId(id);
    if (update == null) {
      throw new IllegalArgumentException("update is required");
    }
    // Validate before touching the store so a bad edit never half-applies.
    String name = update.name().map(TokenRules::name).orElse(null);
    String description = update.description().map(TokenRules::description).orElse(null);
    Lifetime lifetime = update.lifetime().orElse(null);
    if (lifetime != null) {
      expiry(lifetime, clock.instant());
    }
    List<AuditEvent.Change> changes = new ArrayList<>();
    TokenRecord stored =
        change(
            id,
            2,
            current -> {
              Instant now = clock.instant();
              changes.clear();
              TokenRecord.Builder b = current.toBuilder();
              if (name != null && !name.equals(current.name())) {
                changes.add(AuditEvent.Change.of("name", current.name(), name));
                b.name(name);
              }
              if (description != null && !description.equals(current.description())) {
                changes.add(
                    AuditEvent.Change.of("description", current.description(), description));
                b.description(description);
              }
              if (update.enabled().isPresent() && update.enabled().get() != current.enabled()) {
                changes.add(
                    AuditEvent.Change.of(
                        "enabled",
                        String.valueOf(current.enabled()),
                        String.valueOf(update.enabled().get())));
                b.enabled(update.enabled().get());
              }
              if (lifetime != null) {
                Instant expiresAt = expiry(lifetime, now);
                Instant old = current.expiresAt().orElse(null);
                if (!Objects.equals(old, expiresAt)) {
                  changes.add(AuditEvent.Change.of("expiresAt", text(old), text(expiresAt)));
                  b.expiresAt(expiresAt);
                }
              }
              return changes.isEmpty() ? null : b.updatedAt(now).build();
            });
    if (!changes.isEmpty()) {
      emit(AuditEvent.of(AuditEvent.Type.UPDATED, stored.updatedAt(), id, stored.name(), changes));
    }
    return stored;
  }

  @Override
  public IssuedToken regenerate(TokenId id, Duration gracePeriod) {
    requireId(id);
    if (gracePeriod == null || gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must be zero or positive");
    }
    if (gracePeriod.compareTo(policy.maxGracePeriod()) > 0) {
      throw new IllegalArgumentException(
          "gracePeriod must be at most " + policy.maxGracePeriod() + " (policy)");
    }
    String[] secret = new String[1];
    TokenRecord stored =
        change(
            id,
            1,
            current -> {
              if (current.revokedAt().isPresent()) {
                throw new IllegalStateException(
                    "token " + id + " is revoked and cannot be regenerated");
              }
              if (current.kind() == TokenKind.BROWSER) {
                throw new IllegalStateException("browser tokens have no secret to regenerate");
              }
              Instant now = clock.instant();
              secret[0] = Base62.random(random, TokenFormat.secretLength(current.kind()));
              HashedSecret old = current.secret().orElse(null);
              TokenRecord.Builder b =
                  current.toBuilder().secret(hasher.hash(secret[0])).updatedAt(now);
              if (gracePeriod.isZero() || old == null) {
                b.previousSecret(null, null);
              } else {
                b.previousSecret(old, now.plus(gracePeriod));
              }
              return b.build();
            });
    emit(
        AuditEvent.of(
            AuditEvent.Type.REGENERATED, stored.updatedAt(), id, stored.name(), List.of()));
    return IssuedToken.of(stored, format.format(stored.kind(), id, secret[0]));
  }

  @Override
  public TokenRecord revoke(TokenId id) {
    requireId(id);
    boolean[] revokedNow = new boolean[1];
    TokenRecord stored =
        change(
            id,
            3,
            current -> {
              if (current.revokedAt().isPresent()) {
                return null;
              }
              Instant now = clock.instant();
              revokedNow[0] = true;
              return current.toBuilder().revokedAt(now).updatedAt(now).build();
            });
    if (revokedNow[0]) {
      emit(
          AuditEvent.of(AuditEvent.Type.REVOKED, stored.updatedAt(), id, stored.name(), List.of()));
    }
    return stored;
  }

  @Override
  public boolean delete(TokenId id) {
    requireId(id);
    boolean deleted = store.delete(id);
    if (deleted) {
      emit(AuditEvent.of(AuditEvent.Type.DELETED, clock.instant(), id, null, List.of()));
    }
    return deleted;
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

  // ---- authentication ---------------------------------------------------------------------

  @Override
  public AuthResult authenticate(@Nullable String presented, @Nullable RequestContext context) {
    @Nullable TokenId id = null;
    try {
      ParsedToken parsed = format.parse(presented);
      if (!parsed.isValid()) {
        return reject(null, RejectionReason.MALFORMED);
      }
      id = parsed.id();
      TokenRecord record = store.find(id).orElse(null);
      if (record == null || record.kind() != parsed.kind()) {
        return reject(id, RejectionReason.UNKNOWN);
      }
      Instant now = clock.instant();
      if (!secretMatches(parsed.secret(), record, now)) {
        return reject(id, RejectionReason.BAD_SECRET);
      }
      if (record.revokedAt().isPresent()) {
        return reject(id, RejectionReason.REVOKED);
      }
      if (!record.enabled()) {
        return reject(id, RejectionReason.DISABLED);
      }
      if (record.isExpiredAt(now)) {
        return reject(id, RejectionReason.EXPIRED);
      }
      if (record.ownerId().isPresent() && !ownerActive(record.ownerId().get())) {
        return reject(id, RejectionReason.OWNER_INACTIVE);
      }
      // Origin and address binding is not evaluated yet: fail closed for bound tokens.
      if (!record.allowedOrigins().isEmpty() || !record.allowedCidrs().isEmpty()) {
        return reject(id, RejectionReason.CLIENT_NOT_ALLOWED);
      }
      usage.note(id, now);
      if (listeners.length > 0) {
        emit(AuditEvent.of(AuditEvent.Type.AUTHENTICATED, now, id, record.name(), List.of()));
      }
      return AuthResult.authenticated(TokenPrincipal.of(record));
    } catch (RuntimeException e) {
      // Store or directory failure (or a bug): never let it through as success or as an exception.
      LOG.warn("authentication of token {} failed: {}", id, e.toString());
      return reject(id, RejectionReason.UNAVAILABLE);
    }
  }

  private boolean secretMatches(String secret, TokenRecord record, Instant now) {
    Optional<HashedSecret> current = record.secret();
    if (current.isEmpty()) {
      return false;
    }
    boolean matches = hasher.matches(secret, current.get());
    Optional<HashedSecret> previous = record.previousSecret();
    if (!matches && previous.isPresent() && now.isBefore(record.previousSecretValidUntil().get())) {
      matches = hasher.matches(secret, previous.get());
    }
    if (!matches && !hasher.pepperRing().contains(current.get().pepperVersion())) {
      LOG.warn(
          "token {} is hashed with pepper version {}, which the ring lacks",
          record.id(),
          current.get().pepperVersion());
    }
    return matches;
  }

  private boolean ownerActive(String ownerId) {
    if (owners == null) {
      return false;
    }
    Optional<Owner> owner = owners.find(ownerId);
    return owner != null && owner.isPresent() && owner.get().isActive();
  }

  private AuthResult reject(@Nullable TokenId id, RejectionReason reason) {
    if (listeners.length > 0) {
      emit(AuditEvent.rejected(clock.instant(), id, reason));
    }
    return AuthResult.rejected(reason);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * Reads the token, applies {@code edit} and writes with compare-and-set, re-reading on a conflict
   * up to {@code attempts} times in all. An edit returning null means "nothing to write".
   */
  private TokenRecord change(
      TokenId id, int attempts, Function<TokenRecord, @Nullable TokenRecord> edit) {
    for (int attempt = 1; ; attempt++) {
      TokenRecord current = store.find(id).orElseThrow(() -> new TokenNotFoundException(id));
      TokenRecord changed = edit.apply(current);
      if (changed == null) {
        return current;
      }
      try {
        return store.update(changed);
      } catch (StaleTokenException e) {
        if (attempt >= attempts) {
          throw e;
        }
      }
    }
  }

  private @Nullable String checkOwner(@Nullable String ownerId) {
    if (ownerId == null) {
      if (policy.requireOwner()) {
        throw new IllegalArgumentException("ownerId is required (policy)");
      }
      return null;
    }
    TokenRules.ownerId(ownerId);
    if (owners == null) {
      throw new IllegalArgumentException("ownerId given but no OwnerDirectory is configured");
    }
    Optional<Owner> owner = owners.find(ownerId);
    if (owner == null || owner.isEmpty()) {
      throw new IllegalArgumentException("ownerId names no known user");
    }
    if (!owner.get().isActive()) {
      throw new IllegalArgumentException("ownerId names a deactivated user");
    }
    return ownerId;
  }

  /** The expiry for {@code lifetime} applied at {@code now}, checked against the policy. */
  private @Nullable Instant expiry(Lifetime lifetime, Instant now) {
    if (lifetime.isUnlimited()) {
      if (!policy.allowUnlimited() || policy.maxLifetime().isPresent()) {
        throw new IllegalArgumentException("lifetime must not be unlimited (policy)");
      }
      return null;
    }
    Instant expiresAt = lifetime.expiryFrom(now).orElseThrow();
    if (!expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("lifetime must end in the future");
    }
    Optional<Duration> max = policy.maxLifetime();
    if (max.isPresent() && expiresAt.isAfter(now.plus(max.get()))) {
      throw new IllegalArgumentException(
          "lifetime must be at most " + max.get().toDays() + " days (policy)");
    }
    return expiresAt;
  }

  private void emit(AuditEvent event) {
    for (AuditListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "audit listener {} failed on {} event for token {}",
            listener.getClass().getName(),
            event.type(),
            event.tokenId().orElse(null),
            e);
      }
    }
  }

  private static TokenId requireId(TokenId id) {
    if (id == null) {
      throw new IllegalArgumentException("token id is required");
    }
    return id;
  }

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }

  @Override
  public String toString() {
    return "TokenService[store=" + store.getClass().getSimpleName() + ", " + policy + "]";
  }
}

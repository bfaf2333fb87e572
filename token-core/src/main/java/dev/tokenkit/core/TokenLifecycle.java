package dev.tokenkit.core;

import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.UseRefill;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The life of a token as admins manage it: create, read and list, update (including re-assigning
 * and re-restricting), regenerate, revoke, delete, reveal and issuing a long-term JWT. Every call
 * first checks the actor's admin permission, validates its whole input before touching the store (a
 * bad request writes nothing), confines the actor to its tenant, applies the {@link ActorCeiling}
 * where the call hands out a credential or extends a token's reach, and emits one audit event.
 * Edits are compare-and-set writes, retried on a conflict. Thread-safe.
 */
final class TokenLifecycle {

  /** New random ids clash with probability ~2^-71 per pair; a few tries are plenty. */
  private static final int ID_ATTEMPTS = 3;

  private final TokenStore store;
  private final SecretHasher hasher;
  private final Clock clock;
  private final SecureRandom random;
  private final TokenPolicy policy;
  private final TokenFormat format;
  private final @Nullable TokenJwtIssuer jwtIssuer;
  private final Owner.Lookup owners;
  private final SealedSecrets sealed;
  private final TokenLimits limits;
  private final ActorCeiling ceiling;
  private final AuditTrail trail;

  TokenLifecycle(
      TokenStore store,
      SecretHasher hasher,
      Clock clock,
      SecureRandom random,
      TokenPolicy policy,
      TokenFormat format,
      PermissionModel rules,
      @Nullable TokenJwtIssuer jwtIssuer,
      boolean rateLimited,
      Owner.Lookup owners,
      SealedSecrets sealed,
      AuditTrail trail) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.random = random;
    this.policy = policy;
    this.format = format;
    this.jwtIssuer = jwtIssuer;
    this.owners = owners;
    this.sealed = sealed;
    this.limits = new TokenLimits(policy, rules, jwtIssuer, rateLimited);
    this.ceiling = new ActorCeiling(rules, owners::activeOwnerOrNull);
    this.trail = trail;
  }

  public IssuedToken create(Actor actor, CreateTokenRequest request) {
    requireActor(actor).require(AdminPermission.CREATE);
    if (request == null) {
      throw new IllegalArgumentException("request is required");
    }
    Instant now = clock.instant();
    TokenKind kind = request.kind();
    String name = TokenFields.name(request.name());
    String description = TokenFields.description(request.description().orElse(null));
    String tenant = request.tenant().orElse(actor.tenant().orElse(null));
    requireTenant(actor, tenant, "create");
    String ownerId = request.ownerless() ? null : request.ownerId().orElse(actor.id());
    OwnerKind ownerKind = request.ownerId().isPresent() ? request.ownerKind() : OwnerKind.USER;
    if (ownerId == null && !policy.allowOwnerless()) {
      throw new IllegalArgumentException(
          "ownerId is required: ownerless tokens need TokenPolicy.allowOwnerless(true)");
    }
    TokenAccess access = limits.access(kind, null, request.access());
    String restricted = access.restrictedUser().orElse(null);
    ceiling.requireIdentity(actor, kind, ownerKind, ownerId, restricted, "create");
    if (ownerId != null) {
      owners.activeOwner("ownerId", ownerKind, ownerId);
    }
    if (restricted != null) {
      owners.activeOwner("restrictedUser", OwnerKind.USER, restricted);
    }
    Instant expiresAt =
        limits.expiry(
            request.lifetime().orElseGet(() -> limits.defaultLifetime(request, now)), now);
    Map<String, String> attributes = TokenFields.attributes(request.attributes());
    TokenJwtIssuer issuer = null;
    if (request.issueJwt()) {
      if (kind != TokenKind.SERVER) {
        throw new IllegalArgumentException("issueJwt is only for server tokens");
      }
      issuer = jwtIssuer;
      if (issuer == null) {
        throw new IllegalArgumentException("issueJwt needs a TokenJwtIssuer on the service");
      }
    }

    TokenRecord.Builder template =
        TokenRecord.builder()
            .kind(kind)
            .name(name)
            .description(description)
            .tenant(tenant)
            .ownerId(ownerId)
            .ownerKind(ownerKind)
            .remainingUses(request.uses())
            .usesRefill(usesRefill(request, now))
            .access(access)
            .enabled(request.enabled())
            .createdAt(now)
            .expiresAt(expiresAt)
            .jwtIssuedAt(issuer == null ? null : now)
            .attributes(attributes);
    for (int attempt = 1; ; attempt++) {
      TokenId id = TokenId.of(Base62.random(random, TokenId.LENGTH));
      String secret = Base62.random(random, TokenFormat.secretLength(kind));
      TokenRecord record =
          template
              .id(id)
              .secret(secret.isEmpty() ? null : hasher.hash(secret))
              .sealedSecret(sealed.seal(kind, id, secret))
              .build();
      ceiling.requireMayHold(actor, record, "create");
      try {
        TokenRecord stored = store.create(record);
        trail.byActor(actor, stored, AuditEvent.Type.CREATED, now, List.of());
        IssuedToken issued = IssuedToken.of(stored, format.format(kind, id, secret), secret);
        return issuer == null ? issued : issued.withJwt(issuer.issue(stored, secret));
      } catch (DuplicateTokenException e) {
        if (e.field() != DuplicateTokenException.Field.ID || attempt == ID_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  Optional<TokenRecord> get(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.READ);
    return store.find(requireId(id)).filter(r -> actor.manages(r));
  }

  TokenPage list(Actor actor, TokenFilter filter, @Nullable String cursor, int limit) {
    requireActor(actor).require(AdminPermission.READ);
    if (filter == null) {
      throw new IllegalArgumentException("filter is required (use TokenFilter.all())");
    }
    if (filter.state().isPresent() && filter.asOf().isEmpty()) {
      filter = filter.toBuilder().asOf(clock.instant()).build();
    }
    if (!actor.has(AdminPermission.ALL_TENANTS)) {
      String own = actor.tenant().orElse(null);
      if (filter.restrictsTenant() && !Objects.equals(filter.tenant().orElse(null), own)) {
        requireTenant(actor, filter.tenant().orElse(null), "list");
      }
      filter = filter.toBuilder().tenant(own).build();
    }
    return store.list(filter, cursor, limit);
  }

  /** The refill a create asks for, its first period starting now; it needs a use limit. */
  private static @Nullable UseRefill usesRefill(CreateTokenRequest request, Instant now) {
    Duration period = request.usesRefill();
    if (period == null) {
      return null;
    }
    Long uses = request.uses();
    if (uses == null) {
      throw new IllegalArgumentException("usesRefill needs a use limit (uses)");
    }
    return UseRefill.of(uses, period, now);
  }

  TokenRecord update(Actor actor, TokenId id, TokenUpdate update) {
    requireActor(actor).require(AdminPermission.UPDATE);
    requireId(id);
    if (update == null) {
      throw new IllegalArgumentException("update is required");
    }
    // Validated here, before touching the store, so a bad edit never half-applies.
    TokenEdit edit = new TokenEdit(update, limits, owners, clock.instant());
    TokenRecord stored =
        change(
                actor,
                id,
                2,
                current -> {
                  TokenRecord next = edit.applyTo(current, clock.instant());
                  if (next != null && ceiling.reachesFurther(current, next)) {
                    ceiling.requireMayHold(actor, next, "extend");
                  }
                  return next;
                })
            .stored();
    if (!edit.changes().isEmpty()) {
      trail.byActor(actor, stored, AuditEvent.Type.UPDATED, stored.updatedAt(), edit.changes());
    }
    return stored;
  }

  IssuedToken regenerate(Actor actor, TokenId id, Duration gracePeriod) {
    requireActor(actor).require(AdminPermission.REGENERATE);
    requireId(id);
    if (gracePeriod == null || gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must be zero or positive");
    }
    if (gracePeriod.compareTo(policy.maxGracePeriod()) > 0) {
      throw new IllegalArgumentException(
          "gracePeriod must be at most " + policy.maxGracePeriod() + " (policy)");
    }
    TokenRecord current = visible(actor, id);
    if (current.revokedAt().isPresent()) {
      throw new IllegalStateException("token " + id + " is revoked and cannot be regenerated");
    }
    if (current.secret().isEmpty()) {
      throw new IllegalStateException("browser tokens have no secret to regenerate");
    }
    ceiling.requireMayHold(actor, current, "regenerate");
    // One attempt: a concurrent change of the token wins, and this call fails as stale.
    String secret = Base62.random(random, TokenFormat.secretLength(current.kind()));
    TokenRecord stored = store.update(withNewSecret(current, secret, gracePeriod));
    trail.byActor(actor, stored, AuditEvent.Type.REGENERATED, stored.updatedAt(), List.of());
    return IssuedToken.of(stored, format.format(stored.kind(), id, secret), secret);
  }

  /** {@code current} with {@code secret} hashed (and sealed), the old one kept for the grace. */
  private TokenRecord withNewSecret(TokenRecord current, String secret, Duration gracePeriod) {
    Instant now = clock.instant();
    TokenRecord.Builder b =
        current.toBuilder()
            .secret(hasher.hash(secret))
            .sealedSecret(sealed.seal(current.kind(), current.id(), secret))
            .updatedAt(now);
    if (gracePeriod.isZero()) {
      return b.previousSecret(null, null).build();
    }
    return b.previousSecret(current.secret().orElseThrow(), now.plus(gracePeriod)).build();
  }

  TokenRecord revoke(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.DELETE);
    requireId(id);
    Changed revoked =
        change(
            actor,
            id,
            3,
            current -> {
              if (current.revokedAt().isPresent()) {
                return null;
              }
              Instant now = clock.instant();
              return current.toBuilder().revokedAt(now).updatedAt(now).build();
            });
    TokenRecord stored = revoked.stored();
    if (revoked.written()) {
      trail.byActor(actor, stored, AuditEvent.Type.REVOKED, stored.updatedAt(), List.of());
    }
    return stored;
  }

  boolean delete(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.DELETE);
    requireId(id);
    // The tenant never changes, so the token read here is of the same tenant as the one deleted.
    TokenRecord record = store.find(id).orElse(null);
    if (record == null || !actor.manages(record)) {
      return false;
    }
    boolean deleted = store.delete(id);
    if (deleted) {
      trail.byActor(actor, record, AuditEvent.Type.DELETED, clock.instant(), List.of());
    }
    return deleted;
  }

  IssuedToken reveal(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.REVEAL);
    requireId(id);
    if (!sealed.available()) {
      throw new IllegalStateException("reveal needs a KeyRing; this service has none");
    }
    TokenRecord record = visible(actor, id);
    ceiling.requireMayHold(actor, record, "reveal");
    if (record.sealedSecret().isEmpty() && record.kind() == TokenKind.API) {
      throw new IllegalStateException(
          "token "
              + id
              + " was shown once and not kept: API tokens can be revealed only when the service"
              + " opts in to view-again");
    }
    String secret = sealed.unseal(record);
    trail.byActor(actor, record, AuditEvent.Type.REVEALED, clock.instant(), List.of());
    return IssuedToken.of(record, format.format(record.kind(), id, secret), secret);
  }

  String issueJwt(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.REGENERATE);
    requireId(id);
    TokenJwtIssuer issuer = jwtIssuer;
    if (issuer == null) {
      throw new IllegalStateException("issuing JWTs needs a TokenJwtIssuer on the service");
    }
    Changed marked =
        change(
            actor,
            id,
            3,
            record -> {
              if (record.kind() != TokenKind.SERVER) {
                throw new IllegalStateException("only server tokens carry long-term JWTs");
              }
              if (record.revokedAt().isPresent()) {
                throw new IllegalStateException("token " + id + " is revoked");
              }
              ceiling.requireMayHold(actor, record, "issue a JWT for");
              if (issuer.needsSealedSecret()) {
                sealed.requireSealed(record);
              }
              // Marked on the token, since the JWT itself is shown once and never stored.
              return record.toBuilder().jwtIssuedAt(clock.instant()).build();
            });
    TokenRecord checked = marked.before();
    String jwt = issuer.issue(checked, issuer.needsSealedSecret() ? sealed.unseal(checked) : "");
    TokenRecord stored = marked.stored();
    trail.byActor(
        actor, stored, AuditEvent.Type.JWT_ISSUED, stored.jwtIssuedAt().orElseThrow(), List.of());
    return jwt;
  }

  /**
   * Reads the token, applies {@code edit} and writes with compare-and-set, re-reading on a conflict
   * up to {@code attempts} times in all. An edit returning null means "nothing to write".
   */
  private Changed change(
      Actor actor, TokenId id, int attempts, Function<TokenRecord, @Nullable TokenRecord> edit) {
    for (int attempt = 1; ; attempt++) {
      TokenRecord current = visible(actor, id);
      TokenRecord changed = edit.apply(current);
      if (changed == null) {
        return new Changed(current, current, false);
      }
      try {
        return new Changed(current, store.update(changed), true);
      } catch (StaleTokenException e) {
        if (attempt >= attempts) {
          throw e;
        }
      }
    }
  }

  /**
   * The outcome of {@link #change}: the token as read by the attempt that counted, as stored now,
   * and whether anything was written.
   */
  private record Changed(TokenRecord before, TokenRecord stored, boolean written) {}

  /**
   * The token if it exists and the actor may manage its tenant; a token of another tenant is "not
   * found", so an actor learns nothing about other tenants' tokens.
   */
  private TokenRecord visible(Actor actor, TokenId id) {
    return store
        .find(id)
        .filter(r -> actor.manages(r))
        .orElseThrow(() -> new TokenNotFoundException(id));
  }

  private static void requireTenant(Actor actor, @Nullable String tenant, String action) {
    if (!actor.managesTenant(tenant)) {
      throw new TokenAccessDeniedException(
          "actor "
              + actor.id()
              + " lacks the admin permission "
              + AdminPermission.ALL_TENANTS.value()
              + " to "
              + action
              + " tokens of "
              + (tenant == null ? "no tenant" : "tenant " + Quoting.quote(tenant)));
    }
  }

  private static Actor requireActor(Actor actor) {
    if (actor == null) {
      throw new IllegalArgumentException("actor is required");
    }
    return actor;
  }

  private static TokenId requireId(TokenId id) {
    if (id == null) {
      throw new IllegalArgumentException("token id is required");
    }
    return id;
  }
}

package dev.tokenkit.core.internal;

import dev.tokenkit.core.AccessRules;
import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.AuditEvent;
import dev.tokenkit.core.AuditListener;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.HttpRequestParts;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.ParsedToken;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.ResourceTree;
import dev.tokenkit.core.SecretHasher;
import dev.tokenkit.core.SignedRequestVerifier;
import dev.tokenkit.core.TokenAccessDeniedException;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenJwtIssuer;
import dev.tokenkit.core.TokenNotFoundException;
import dev.tokenkit.core.TokenPolicy;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.core.UsageRecorder;
import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.SensitiveBytes;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import dev.tokenkit.store.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
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
  private final AccessRules rules;
  private final @Nullable KeyRing keyRing;
  private final Duration signatureWindow;
  private final ReplayCache replays;
  private final boolean viewAgain;
  private final @Nullable TokenJwtIssuer jwtIssuer;
  private final AuditListener[] listeners;
  private final UsageBuffer usage;
  private final ActorCeiling ceiling;

  /** Use {@link TokenService#builder()}. */
  public StandardTokenService(
      TokenStore store,
      SecretHasher hasher,
      Clock clock,
      SecureRandom random,
      TokenPolicy policy,
      @Nullable OwnerDirectory owners,
      TokenFormat format,
      AccessRules rules,
      @Nullable KeyRing keyRing,
      Duration signatureWindow,
      boolean sharedReplayCache,
      int replayCacheSize,
      boolean viewAgain,
      @Nullable TokenJwtIssuer jwtIssuer,
      List<AuditListener> listeners) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.random = random;
    this.policy = policy;
    this.owners = owners;
    this.format = format;
    this.rules = rules;
    this.keyRing = keyRing;
    this.signatureWindow = signatureWindow;
    this.viewAgain = viewAgain;
    this.replays =
        sharedReplayCache ? ReplayCache.shared(store) : ReplayCache.perNode(replayCacheSize);
    this.jwtIssuer = jwtIssuer;
    this.listeners = listeners.toArray(new AuditListener[0]);
    this.usage = new UsageBuffer(store);
    this.ceiling = new ActorCeiling(rules, this::activeOwnerOrNull);
  }

  // ---- management -------------------------------------------------------------------------

  @Override
  public IssuedToken create(Actor actor, CreateTokenRequest request) {
    requireActor(actor).require(AdminPermission.CREATE);
    if (request == null) {
      throw new IllegalArgumentException("request is required");
    }
    Instant now = clock.instant();
    TokenKind kind = request.kind();
    String name = TokenRules.name(request.name());
    String description = TokenRules.description(request.description().orElse(null));
    String tenant = request.tenant().orElse(actor.tenant().orElse(null));
    requireTenant(actor, tenant, "create");
    String ownerId = request.ownerless() ? null : request.ownerId().orElse(actor.id());
    OwnerKind ownerKind = request.ownerId().isPresent() ? request.ownerKind() : OwnerKind.USER;
    if (ownerId == null && !policy.allowOwnerless()) {
      throw new IllegalArgumentException(
          "ownerId is required: ownerless tokens need TokenPolicy.allowOwnerless(true)");
    }
    String restricted = request.restrictedUser().orElse(null);
    if (restricted != null && kind != TokenKind.SERVER) {
      throw new IllegalArgumentException("restrictedUser is only for server tokens");
    }
    ceiling.requireIdentity(actor, kind, ownerKind, ownerId, restricted, "create");
    if (ownerId != null) {
      activeOwner("ownerId", ownerKind, ownerId);
    }
    if (restricted != null) {
      activeOwner("restrictedUser", OwnerKind.USER, restricted);
    }
    AccessMode mode = request.accessMode();
    if (kind == TokenKind.BROWSER) {
      if (mode == AccessMode.CUSTOM) {
        throw new IllegalArgumentException(
            "browser tokens always get the browser scope; CUSTOM access is not allowed");
      }
      mode = AccessMode.READ_ONLY;
    }
    rules.scopeOf(mode, request.scopes()); // validates the scopes
    List<String> roots = roots(request.rootNodes());
    List<String> origins = ClientBinding.origins(request.allowedOrigins());
    if (kind == TokenKind.BROWSER && origins.isEmpty()) {
      throw new IllegalArgumentException("allowedOrigins must name at least one host pattern");
    }
    List<String> cidrs = ClientBinding.cidrs(request.allowedCidrs());
    Instant expiresAt =
        expiry(request.lifetime().orElseGet(() -> defaultLifetime(request, now)), now);
    Map<String, String> attributes = TokenRules.attributes(request.attributes());
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
            .restrictedUser(restricted)
            .accessMode(mode)
            .scopes(request.scopes())
            .rootNodes(roots)
            .allowedOrigins(origins)
            .allowedCidrs(cidrs)
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
              .sealedSecret(seal(kind, id, secret))
              .build();
      ceiling.requireMayHold(actor, record, "create");
      try {
        TokenRecord stored = store.create(record);
        emitBy(actor, stored, AuditEvent.Type.CREATED, now, List.of());
        IssuedToken issued = IssuedToken.of(stored, format.format(kind, id, secret), secret);
        return issuer == null ? issued : issued.withJwt(issuer.issue(stored, secret));
      } catch (DuplicateTokenException e) {
        if (e.field() != DuplicateTokenException.Field.ID || attempt == ID_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  @Override
  public Optional<TokenRecord> get(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.READ);
    return store.find(requireId(id)).filter(r -> actor.managesTenant(r.tenant().orElse(null)));
  }

  @Override
  public TokenPage list(Actor actor, TokenFilter filter, @Nullable String cursor, int limit) {
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

  @Override
  public TokenRecord update(Actor actor, TokenId id, TokenUpdate update) {
    requireActor(actor).require(AdminPermission.UPDATE);
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
    List<String> roots = update.rootNodes().map(this::roots).orElse(null);
    List<String> origins = update.allowedOrigins().map(ClientBinding::origins).orElse(null);
    List<String> cidrs = update.allowedCidrs().map(ClientBinding::cidrs).orElse(null);
    AccessMode mode = update.accessMode().orElse(null);
    List<String> scopes = update.scopes().orElse(List.of());
    if (mode != null) {
      rules.scopeOf(mode, scopes);
    }
    String newOwner = update.ownerId().orElse(null);
    if (newOwner != null) {
      TokenRules.ownerId("ownerId", newOwner);
    }
    String newRestricted = update.restrictedUser().orElse(null);
    if (newRestricted != null) {
      TokenRules.ownerId("restrictedUser", newRestricted);
    }
    List<AuditEvent.Change> changes = new ArrayList<>();
    TokenRecord stored =
        change(
            actor,
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
              if (mode != null
                  && (mode != current.accessMode()
                      || !Set.copyOf(scopes).equals(current.scopes()))) {
                if (current.kind() == TokenKind.BROWSER) {
                  throw new IllegalArgumentException(
                      "browser tokens always get the browser scope; access cannot be edited");
                }
                changes.add(
                    AuditEvent.Change.of(
                        "access",
                        current.accessMode() + " " + current.scopes(),
                        mode + " " + new TreeSet<>(scopes)));
                b.accessMode(mode).scopes(scopes);
              }
              diff(changes, "rootNodes", current.rootNodes(), roots, b::rootNodes);
              if (origins != null && origins.isEmpty() && current.kind() == TokenKind.BROWSER) {
                throw new IllegalArgumentException(
                    "allowedOrigins must name at least one host pattern");
              }
              diff(changes, "allowedOrigins", current.allowedOrigins(), origins, b::allowedOrigins);
              diff(changes, "allowedCidrs", current.allowedCidrs(), cidrs, b::allowedCidrs);
              reassign(current, update, changes, b);
              if (changes.isEmpty()) {
                return null;
              }
              TokenRecord next = b.updatedAt(now).build();
              if (ceiling.reachesFurther(current, next)) {
                ceiling.requireMayHold(actor, next, "extend");
              }
              return next;
            });
    if (!changes.isEmpty()) {
      emitBy(actor, stored, AuditEvent.Type.UPDATED, stored.updatedAt(), changes);
    }
    return stored;
  }

  @Override
  public IssuedToken regenerate(Actor actor, TokenId id, Duration gracePeriod) {
    requireActor(actor).require(AdminPermission.REGENERATE);
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
            actor,
            id,
            1,
            current -> {
              if (current.revokedAt().isPresent()) {
                throw new IllegalStateException(
                    "token " + id + " is revoked and cannot be regenerated");
              }
              HashedSecret old = current.secret().orElse(null);
              if (old == null) {
                throw new IllegalStateException("browser tokens have no secret to regenerate");
              }
              ceiling.requireMayHold(actor, current, "regenerate");
              Instant now = clock.instant();
              secret[0] = Base62.random(random, TokenFormat.secretLength(current.kind()));
              TokenRecord.Builder b =
                  current.toBuilder()
                      .secret(hasher.hash(secret[0]))
                      .sealedSecret(seal(current.kind(), id, secret[0]))
                      .updatedAt(now);
              if (gracePeriod.isZero()) {
                b.previousSecret(null, null);
              } else {
                b.previousSecret(old, now.plus(gracePeriod));
              }
              return b.build();
            });
    emitBy(actor, stored, AuditEvent.Type.REGENERATED, stored.updatedAt(), List.of());
    return IssuedToken.of(stored, format.format(stored.kind(), id, secret[0]), secret[0]);
  }

  @Override
  public TokenRecord revoke(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.DELETE);
    requireId(id);
    boolean[] revokedNow = new boolean[1];
    TokenRecord stored =
        change(
            actor,
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
      emitBy(actor, stored, AuditEvent.Type.REVOKED, stored.updatedAt(), List.of());
    }
    return stored;
  }

  @Override
  public boolean delete(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.DELETE);
    requireId(id);
    // The tenant never changes, so the token read here is of the same tenant as the one deleted.
    TokenRecord record = store.find(id).orElse(null);
    if (record == null || !actor.managesTenant(record.tenant().orElse(null))) {
      return false;
    }
    boolean deleted = store.delete(id);
    if (deleted) {
      emitBy(actor, record, AuditEvent.Type.DELETED, clock.instant(), List.of());
    }
    return deleted;
  }

  @Override
  public IssuedToken reveal(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.REVEAL);
    requireId(id);
    if (keyRing == null) {
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
    String secret = unsealSecret(record);
    emitBy(actor, record, AuditEvent.Type.REVEALED, clock.instant(), List.of());
    return IssuedToken.of(record, format.format(record.kind(), id, secret), secret);
  }

  @Override
  public String issueJwt(Actor actor, TokenId id) {
    requireActor(actor).require(AdminPermission.REGENERATE);
    requireId(id);
    TokenJwtIssuer issuer = jwtIssuer;
    if (issuer == null) {
      throw new IllegalStateException("issuing JWTs needs a TokenJwtIssuer on the service");
    }
    String[] jwt = new String[1];
    TokenRecord marked =
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
              jwt[0] = issuer.issue(record, issuer.needsSealedSecret() ? unsealSecret(record) : "");
              // Marked on the token, since the JWT itself is shown once and never stored.
              return record.toBuilder().jwtIssuedAt(clock.instant()).build();
            });
    emitBy(
        actor, marked, AuditEvent.Type.JWT_ISSUED, marked.jwtIssuedAt().orElseThrow(), List.of());
    return jwt[0];
  }

  /**
   * The sealed copy of {@code secret}, or null: without a key ring or secret, and for API tokens
   * unless the host opted in to view-again (they are shown once; nothing needs their plaintext).
   */
  private @Nullable SensitiveBytes seal(TokenKind kind, TokenId id, String secret) {
    if (keyRing == null || secret.isEmpty() || (kind == TokenKind.API && !viewAgain)) {
      return null;
    }
    return keyRing.seal(id, secret.getBytes(StandardCharsets.US_ASCII), random);
  }

  /**
   * The plaintext secret from the record's sealed copy.
   *
   * @throws IllegalStateException if there is no key ring, no sealed copy, or it does not open
   */
  private String unsealSecret(TokenRecord record) {
    SensitiveBytes sealed = record.sealedSecret().orElse(null);
    if (keyRing == null || sealed == null) {
      throw new IllegalStateException(
          "token " + record.id() + " has no sealed secret (created without a KeyRing?)");
    }
    byte[] plain = keyRing.unseal(record.id(), sealed);
    try {
      return new String(plain, StandardCharsets.US_ASCII);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
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
        return reject(null, RejectionReason.MALFORMED, context);
      }
      id = parsed.id();
      Instant now = clock.instant();
      // Asked before the store lookup on purpose: when tokens outnumber the CPU cache, both reads
      // miss, and issued back to back the two misses overlap instead of adding up.
      boolean usageNoted = usage.notedAt(id, now);
      TokenRecord record = store.find(id).orElse(null);
      if (record == null || record.kind() != parsed.kind()) {
        return reject(id, RejectionReason.UNKNOWN, context);
      }
      if (record.kind() != TokenKind.BROWSER && !secretMatches(parsed, record, now)) {
        return reject(id, RejectionReason.BAD_SECRET, context);
      }
      return admit(id, record, now, context, null, usageNoted);
    } catch (RuntimeException e) {
      // Store or directory failure (or a bug): never let it through as success or as an exception.
      LOG.warn("authentication of token {} failed: {}", id, e.toString());
      return reject(id, RejectionReason.UNAVAILABLE, context);
    }
  }

  @Override
  public SignedRequestVerifier signedRequests() {
    if (keyRing == null) {
      throw new IllegalStateException(
          "signed requests need a KeyRing: without sealed secrets signatures cannot be checked");
    }
    return new SignedRequestVerifier() {
      @Override
      public AuthResult verify(@Nullable String header, @Nullable RequestContext context) {
        return verifySigned(header, context);
      }

      @Override
      public AuthResult verifyMessage(
          @Nullable HttpRequestParts request, @Nullable RequestContext context) {
        return verifyMessageSignature(request, context);
      }
    };
  }

  /** The secret that signed requests are checked against, or null (logged) if it cannot open. */
  private @Nullable String secretForSignatures(TokenRecord record) {
    try {
      return unsealSecret(record);
    } catch (IllegalStateException e) {
      LOG.warn("signed request for token {} cannot be checked: {}", record.id(), e.getMessage());
      return null;
    }
  }

  /**
   * Records a signed request dated {@code epochSecond} in the replay cache until its window ends:
   * null if it is new, else the rejection (REPLAYED, or UNAVAILABLE when the cache is full).
   */
  private @Nullable AuthResult replayed(
      TokenId id, String value, long epochSecond, Instant now, @Nullable RequestContext context) {
    Instant end = Instant.ofEpochSecond(epochSecond).plus(signatureWindow).plusSeconds(1);
    return switch (replays.claim(value, end, now)) {
      case NEW -> null;
      case SEEN -> reject(id, RejectionReason.REPLAYED, context);
      case FULL -> {
        LOG.warn("the replay cache is full; refusing signed request for token {}", id);
        yield reject(id, RejectionReason.UNAVAILABLE, context);
      }
    };
  }

  /** {@link SignedRequestVerifier#verifyMessage}: RFC 9421 with HMAC-SHA256, in its check order. */
  private AuthResult verifyMessageSignature(
      @Nullable HttpRequestParts request, @Nullable RequestContext context) {
    @Nullable TokenId id = null;
    try {
      MessageSignatures.Parsed parsed = request == null ? null : MessageSignatures.parse(request);
      if (request == null
          || parsed == null
          || MessageSignatures.profileProblem(parsed, request) != null) {
        return reject(null, RejectionReason.MALFORMED, context);
      }
      String base = MessageSignatures.base(request, parsed.components, parsed.signatureParams);
      List<String> users = request.header(MessageSignatures.USER_HEADER);
      String user = users.size() == 1 ? users.get(0).strip() : null;
      if (base == null || users.size() > 1 || (user != null && !SignedRequests.isValidUser(user))) {
        return reject(null, RejectionReason.MALFORMED, context);
      }
      id = TokenId.of(Objects.requireNonNull(parsed.string("keyid")));
      TokenRecord record = store.find(id).orElse(null);
      if (record == null || record.kind() != TokenKind.SERVER) {
        return reject(id, RejectionReason.UNKNOWN, context);
      }
      String secret = secretForSignatures(record);
      if (secret == null) {
        return reject(id, RejectionReason.BAD_SECRET, context);
      }
      byte[] expected =
          MessageSignatures.hmacSha256(secret.getBytes(StandardCharsets.US_ASCII), base);
      if (!MessageDigest.isEqual(expected, parsed.signature)
          || !MessageSignatures.digestMatches(request)) {
        return reject(id, RejectionReason.BAD_SECRET, context);
      }
      Instant now = clock.instant();
      long created = Objects.requireNonNull(parsed.integer("created"));
      Long expires = parsed.integer("expires");
      if (Math.abs(now.getEpochSecond() - created) > signatureWindow.toSeconds()
          || (expires != null && expires <= now.getEpochSecond())) {
        return reject(id, RejectionReason.STALE_SIGNATURE, context);
      }
      AuthResult replay =
          replayed(id, "rfc9421:" + id + ":" + parsed.string("nonce"), created, now, context);
      if (replay != null) {
        return replay;
      }
      SignedRequests.Parsed acting =
          user == null ? null : new SignedRequests.Parsed(id, created, user, "", new byte[0]);
      return admit(id, record, now, context, acting, false);
    } catch (RuntimeException e) {
      LOG.warn("signed-request authentication of token {} failed: {}", id, e.toString());
      return reject(id, RejectionReason.UNAVAILABLE, context);
    }
  }

  private AuthResult verifySigned(@Nullable String header, @Nullable RequestContext context) {
    @Nullable TokenId id = null;
    try {
      SignedRequests.Parsed parsed = SignedRequests.parse(header);
      if (parsed == null) {
        return reject(null, RejectionReason.MALFORMED, context);
      }
      id = parsed.key;
      TokenRecord record = store.find(id).orElse(null);
      if (record == null || record.kind() != TokenKind.SERVER) {
        return reject(id, RejectionReason.UNKNOWN, context);
      }
      String secret = secretForSignatures(record);
      if (secret == null) {
        return reject(id, RejectionReason.BAD_SECRET, context);
      }
      byte[] expected = SignedRequests.signature(secret, parsed.payload);
      if (!MessageDigest.isEqual(expected, parsed.signature)) {
        return reject(id, RejectionReason.BAD_SECRET, context);
      }
      Instant now = clock.instant();
      if (Math.abs(now.getEpochSecond() - parsed.epochSecond) > signatureWindow.toSeconds()) {
        return reject(id, RejectionReason.STALE_SIGNATURE, context);
      }
      // The signature is a function of the payload and the secret: the payload names the request.
      AuthResult replay = replayed(id, "tkn:" + parsed.payload, parsed.epochSecond, now, context);
      if (replay != null) {
        return replay;
      }
      return admit(id, record, now, context, parsed, false);
    } catch (RuntimeException e) {
      LOG.warn("signed-request authentication of token {} failed: {}", id, e.toString());
      return reject(id, RejectionReason.UNAVAILABLE, context);
    }
  }

  @Override
  public AuthResult authenticateProven(
      TokenId id, Predicate<byte[]> proof, @Nullable RequestContext context) {
    try {
      if (id == null || proof == null) {
        return reject(null, RejectionReason.MALFORMED, context);
      }
      TokenRecord record = store.find(id).orElse(null);
      if (record == null || record.kind() != TokenKind.SERVER) {
        return reject(id, RejectionReason.UNKNOWN, context);
      }
      byte[] secret;
      try {
        secret = unsealSecret(record).getBytes(StandardCharsets.US_ASCII);
      } catch (IllegalStateException e) {
        LOG.warn("credential of token {} cannot be checked: {}", id, e.getMessage());
        return reject(id, RejectionReason.BAD_SECRET, context);
      }
      boolean proven;
      try {
        proven = proof.test(secret);
      } catch (RuntimeException e) {
        proven = false;
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
      if (!proven) {
        return reject(id, RejectionReason.BAD_SECRET, context);
      }
      return admit(id, record, clock.instant(), context, null, false);
    } catch (RuntimeException e) {
      LOG.warn("authentication of token {} failed: {}", id, e.toString());
      return reject(id, RejectionReason.UNAVAILABLE, context);
    }
  }

  @Override
  public AuthResult authenticateKeyProven(
      TokenId id, java.util.function.BooleanSupplier keyProof, @Nullable RequestContext context) {
    try {
      if (id == null || keyProof == null) {
        return reject(null, RejectionReason.MALFORMED, context);
      }
      TokenRecord record = store.find(id).orElse(null);
      if (record == null || record.kind() != TokenKind.SERVER) {
        return reject(id, RejectionReason.UNKNOWN, context);
      }
      boolean proven;
      try {
        proven = keyProof.getAsBoolean();
      } catch (RuntimeException e) {
        proven = false;
      }
      if (!proven) {
        return reject(id, RejectionReason.BAD_SECRET, context);
      }
      return admit(id, record, clock.instant(), context, null, false);
    } catch (RuntimeException e) {
      LOG.warn("authentication of token {} failed: {}", id, e.toString());
      return reject(id, RejectionReason.UNAVAILABLE, context);
    }
  }

  /**
   * Checks 4 to 8 for a token whose secret (or signature) matched, and the principal if all pass.
   *
   * @param id the id the caller looked up (equal to {@code record.id()}, and already in cache)
   * @param signed the signed request naming the user to act as, or null for bearer use
   * @param usageNoted whether the usage buffer already holds this use's second (a hint read early)
   */
  private AuthResult admit(
      TokenId id,
      TokenRecord record,
      Instant now,
      @Nullable RequestContext context,
      SignedRequests.@Nullable Parsed signed,
      boolean usageNoted) {
    if (record.revokedAt().isPresent()) {
      return reject(id, RejectionReason.REVOKED, context);
    }
    if (!record.enabled()) {
      return reject(id, RejectionReason.DISABLED, context);
    }
    if (record.isExpiredAt(now)) {
      return reject(id, RejectionReason.EXPIRED, context);
    }
    Owner owner = null;
    if (record.ownerId().isPresent()) {
      owner = activeOwnerOrNull(record.ownerKind(), record.ownerId().get());
      if (owner == null) {
        return reject(id, RejectionReason.OWNER_INACTIVE, context);
      }
    } else if (!policy.allowOwnerless()) {
      return reject(id, RejectionReason.OWNER_INACTIVE, context); // no user, no access
    }
    Owner acting = null;
    String restricted = record.restrictedUser().orElse(null);
    if (restricted != null) {
      acting = activeOrNull(restricted);
      if (acting == null) {
        return reject(id, RejectionReason.OWNER_INACTIVE, context);
      }
    }
    if (signed != null) {
      Owner named = namedUser(signed);
      if (restricted != null) {
        if (named == null || !named.id().equals(restricted)) {
          return reject(id, RejectionReason.CLIENT_NOT_ALLOWED, context);
        }
      } else if (named == null) {
        return reject(id, RejectionReason.OWNER_INACTIVE, context);
      } else {
        acting = named;
      }
    }
    if (!ClientBinding.allows(record, context == null ? RequestContext.empty() : context)) {
      return reject(id, RejectionReason.CLIENT_NOT_ALLOWED, context);
    }
    if (!usageNoted) {
      usage.note(id, now);
    }
    if (listeners.length > 0) {
      emit(
          AuditEvent.of(AuditEvent.Type.AUTHENTICATED, now, id, record.name(), null, List.of())
              .withSource(null, addressOf(context))
              .withTenant(record.tenant().orElse(null)));
    }
    return AuthResult.authenticated(rules.principal(record, owner, acting));
  }

  /** The active user a signed request names (by id, or by user name after {@code =}). */
  private @Nullable Owner namedUser(SignedRequests.Parsed signed) {
    if (!signed.byUsername()) {
      return activeOrNull(signed.user);
    }
    if (owners == null) {
      return null;
    }
    Optional<Owner> user = owners.findByUsername(signed.user.substring(1));
    return user != null && user.isPresent() && user.get().isActive() ? user.get() : null;
  }

  private boolean secretMatches(ParsedToken secret, TokenRecord record, Instant now) {
    HashedSecret current = record.secret().orElse(null);
    if (current == null) {
      return false;
    }
    boolean matches = hasher.matchesSecretOf(secret, current);
    HashedSecret previous = record.previousSecret().orElse(null);
    Instant graceEnd = record.previousSecretValidUntil().orElse(null);
    if (!matches && previous != null && graceEnd != null && now.isBefore(graceEnd)) {
      matches = hasher.matchesSecretOf(secret, previous);
    }
    if (!matches && !hasher.pepperRing().contains(current.pepperVersion())) {
      LOG.warn(
          "token {} is hashed with pepper version {}, which the ring lacks",
          record.id(),
          current.pepperVersion());
    }
    return matches;
  }

  /** The user or group if the directory knows it and it is active, else null. */
  private @Nullable Owner activeOwnerOrNull(OwnerKind kind, String ownerId) {
    if (kind == OwnerKind.USER) {
      return activeOrNull(ownerId);
    }
    if (owners == null) {
      return null;
    }
    Optional<Owner> group = owners.findGroup(ownerId);
    return group != null && group.isPresent() && group.get().isActive() ? group.get() : null;
  }

  /** The user if the directory knows them and they are active, else null. */
  private @Nullable Owner activeOrNull(String userId) {
    if (owners == null) {
      return null;
    }
    Optional<Owner> user = owners.find(userId);
    return user != null && user.isPresent() && user.get().isActive() ? user.get() : null;
  }

  private AuthResult reject(
      @Nullable TokenId id, RejectionReason reason, @Nullable RequestContext context) {
    if (listeners.length > 0) {
      emit(AuditEvent.rejected(clock.instant(), id, reason).withSource(null, addressOf(context)));
    }
    return AuthResult.rejected(reason);
  }

  private static @Nullable String addressOf(@Nullable RequestContext context) {
    return context == null ? null : context.clientAddress().orElse(null);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * Reads the token, applies {@code edit} and writes with compare-and-set, re-reading on a conflict
   * up to {@code attempts} times in all. An edit returning null means "nothing to write".
   */
  private TokenRecord change(
      Actor actor, TokenId id, int attempts, Function<TokenRecord, @Nullable TokenRecord> edit) {
    for (int attempt = 1; ; attempt++) {
      TokenRecord current = visible(actor, id);
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

  /**
   * The active user {@code userId} for a management operation.
   *
   * @throws IllegalArgumentException naming {@code field} if the user is unknown or inactive
   */
  private Owner activeOwner(String field, OwnerKind kind, String ownerId) {
    TokenRules.ownerId(field, ownerId);
    if (owners == null) {
      throw new IllegalArgumentException(field + " given but no OwnerDirectory is configured");
    }
    String what = kind == OwnerKind.USER ? "user" : "group";
    Optional<Owner> owner =
        kind == OwnerKind.USER ? owners.find(ownerId) : owners.findGroup(ownerId);
    if (owner == null || owner.isEmpty()) {
      throw new IllegalArgumentException(field + " names no known " + what);
    }
    if (!owner.get().isActive()) {
      throw new IllegalArgumentException(field + " names a deactivated " + what);
    }
    return owner.get();
  }

  /**
   * The token if it exists and the actor may manage its tenant; a token of another tenant is "not
   * found", so an actor learns nothing about other tenants' tokens.
   */
  private TokenRecord visible(Actor actor, TokenId id) {
    return store
        .find(id)
        .filter(r -> actor.managesTenant(r.tenant().orElse(null)))
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

  /**
   * Applies a new owner or restricted user of {@code update} to {@code b}, checked as at creation
   * (the reach check that follows covers the actor's permissions and impersonation).
   */
  private void reassign(
      TokenRecord current,
      TokenUpdate update,
      List<AuditEvent.Change> changes,
      TokenRecord.Builder b) {
    String owner = update.ownerId().orElse(null);
    if (owner != null
        && (!owner.equals(current.ownerId().orElse(null))
            || update.ownerKind() != current.ownerKind())) {
      activeOwner("ownerId", update.ownerKind(), owner);
      changes.add(
          AuditEvent.Change.of(
              "owner",
              ownerText(current.ownerKind(), current.ownerId().orElse(null)),
              ownerText(update.ownerKind(), owner)));
      b.ownerId(owner).ownerKind(update.ownerKind());
    }
    if (update.changesRestrictedUser()) {
      String user = update.restrictedUser().orElse(null);
      if (current.kind() != TokenKind.SERVER) {
        throw new IllegalArgumentException("restrictedUser is only for server tokens");
      }
      if (!Objects.equals(user, current.restrictedUser().orElse(null))) {
        if (user != null) {
          activeOwner("restrictedUser", OwnerKind.USER, user);
        }
        changes.add(
            AuditEvent.Change.of("restrictedUser", current.restrictedUser().orElse(null), user));
        b.restrictedUser(user);
      }
    }
  }

  private static @Nullable String ownerText(OwnerKind kind, @Nullable String id) {
    return id == null || kind == OwnerKind.USER ? id : "group:" + id;
  }

  /** Validated root nodes: each must exist in the resource tree. */
  private List<String> roots(List<String> nodes) {
    if (nodes.isEmpty()) {
      return nodes;
    }
    ResourceTree tree =
        rules
            .resourceTree()
            .orElseThrow(
                () -> new IllegalArgumentException("rootNodes need a ResourceTree in AccessRules"));
    List<String> missing = new ArrayList<>();
    for (String node : nodes) {
      if (node.isBlank() || node.length() > 1024 || !tree.exists(node)) {
        missing.add(Quoting.quote(node));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("rootNodes do not exist in the resource tree: " + missing);
    }
    return nodes;
  }

  private static void diff(
      List<AuditEvent.Change> changes,
      String field,
      Set<String> current,
      @Nullable List<String> wanted,
      java.util.function.Consumer<List<String>> apply) {
    if (wanted != null && !Set.copyOf(wanted).equals(current)) {
      changes.add(
          AuditEvent.Change.of(field, current.toString(), new TreeSet<>(wanted).toString()));
      apply.accept(wanted);
    }
  }

  /**
   * The lifetime of a request that names none: the policy's default, except that a server token
   * created with a long-term JWT lives as long as the JWT (within the policy's maximum), so the
   * JWT's ten years are not cut short by a 30-day token.
   */
  private Lifetime defaultLifetime(CreateTokenRequest request, Instant now) {
    TokenJwtIssuer issuer = jwtIssuer;
    if (!request.issueJwt() || issuer == null) {
      return policy.defaultLifetime();
    }
    Instant end = now.plus(issuer.lifetime());
    Optional<Duration> max = policy.maxLifetime();
    if (max.isPresent() && end.isAfter(now.plus(max.get()))) {
      end = now.plus(max.get());
    }
    return Lifetime.until(end.isAfter(Lifetime.LATEST_EXPIRY) ? Lifetime.LATEST_EXPIRY : end);
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
    if (expiresAt.isAfter(Lifetime.LATEST_EXPIRY)) {
      throw new IllegalArgumentException("lifetime must end by " + Lifetime.LATEST_EXPIRY);
    }
    Optional<Duration> max = policy.maxLifetime();
    if (max.isPresent() && expiresAt.isAfter(now.plus(max.get()))) {
      throw new IllegalArgumentException(
          "lifetime must be at most " + max.get().toDays() + " days (policy)");
    }
    return expiresAt;
  }

  /** A management event about {@code token}, with where the actor's request came from. */
  private void emitBy(
      Actor actor,
      TokenRecord token,
      AuditEvent.Type type,
      Instant at,
      List<AuditEvent.Change> changes) {
    if (listeners.length == 0) {
      return;
    }
    emit(
        AuditEvent.of(type, at, token.id(), token.name(), actor.id(), changes)
            .withSource(actor.tokenId().orElse(null), actor.clientAddress().orElse(null))
            .withTenant(token.tenant().orElse(null)));
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

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }

  @Override
  public String toString() {
    return "TokenService[store=" + store.getClass().getSimpleName() + ", " + policy + "]";
  }
}

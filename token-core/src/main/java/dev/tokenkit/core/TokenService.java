package dev.tokenkit.core;

import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.TokenStoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The token system's facade: lifecycle management (create, edit, regenerate, revoke, delete) and
 * request authentication. Build one per application with {@link #builder()} and share it; it is
 * thread-safe and starts no threads.
 *
 * <p>Management methods validate their input and throw {@link IllegalArgumentException} naming the
 * field and the rule; they let {@link TokenStoreException} through when the store fails. {@link
 * #authenticate} never throws.
 */
public interface TokenService {

  /** The default {@link Builder#signatureWindow}: 60 seconds either way. */
  Duration DEFAULT_SIGNATURE_WINDOW = Duration.ofSeconds(60);

  /** A builder; {@link Builder#store} and {@link Builder#pepperRing} are required. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a token and returns it with its plaintext, which is never stored and cannot be shown
   * again. Requires {@link AdminPermission#CREATE}; a token that acts for another user than the
   * actor (another owner, another restricted user, or an unrestricted server token, which may act
   * as any user) also needs {@link AdminPermission#IMPERSONATE}. Rules: name trimmed, 1 to 100
   * characters, no control or format characters, unique ignoring case; description at most 1000
   * characters; lifetime within the {@link TokenPolicy} (a fixed expiry must lie in the future);
   * the owner (default: the actor) must be an active user of the {@link OwnerDirectory}; CUSTOM
   * scopes must be declared in the catalog; roots must exist in the resource tree; origin patterns
   * and CIDR blocks must be valid; browser tokens need at least one origin pattern. The token can
   * never do more than the actor may: its potential permissions (scope ∩ owner ∩ restricted user)
   * must lie within the actor's own permissions, and its root nodes within the actor's {@link
   * Actor#rootNodes()}. Regenerate, reveal and every edit that makes a token reach further apply
   * the same rule.
   *
   * @throws IllegalArgumentException if the request breaks a rule (naming field and rule)
   * @throws TokenAccessDeniedException if the actor lacks an admin permission or would exceed their
   *     own permissions
   * @throws DuplicateTokenException if the name is taken
   * @throws TokenStoreException if the store failed
   */
  IssuedToken create(Actor actor, CreateTokenRequest request);

  /**
   * The token with this id, if any. Requires {@link AdminPermission#READ}.
   *
   * @throws TokenAccessDeniedException if the actor lacks it
   */
  Optional<TokenRecord> get(Actor actor, TokenId id);

  /**
   * One page of tokens in id order. Requires {@link AdminPermission#READ}. A state criterion
   * without an instant is evaluated at the service clock's now.
   *
   * @param cursor null for the first page, then {@link TokenPage#nextCursor()}
   * @param limit 1 to {@value TokenStore#MAX_PAGE_SIZE}
   * @throws TokenAccessDeniedException if the actor lacks it
   */
  TokenPage list(Actor actor, TokenFilter filter, @Nullable String cursor, int limit);

  /**
   * Applies an edit. Requires {@link AdminPermission#UPDATE}. Every field is validated like at
   * creation. An edit that makes the token reach further (re-enable it, extend or remove its
   * expiry, widen its scope, add or remove roots, origin patterns or CIDR blocks so that more is
   * reachable) is allowed only if the actor could create the token as it would then be (see {@link
   * #create}); edits that only narrow it (rename, disable, shorten, narrow) need the admin
   * permission alone. A concurrent change is retried once, then reported.
   *
   * @return the record as stored; unchanged (and not written) if the edit changes nothing
   * @throws TokenNotFoundException if there is no such token
   * @throws IllegalArgumentException if the edit breaks a creation rule
   * @throws TokenAccessDeniedException if the actor lacks the permission or would make the token
   *     reach beyond what the actor may do
   * @throws DuplicateTokenException if the new name is taken
   * @throws StaleTokenException if the token kept changing concurrently
   */
  TokenRecord update(Actor actor, TokenId id, TokenUpdate update);

  /**
   * Replaces the token's secret; id, name, scopes and history stay. Requires {@link
   * AdminPermission#REGENERATE}, and that the actor could create the token as it is (see {@link
   * #create}): the new secret is a credential. The old secret keeps working as a bearer token until
   * now + {@code gracePeriod} (zero: stops at once); signed requests and JWTs signed with the
   * secret are checked against the new secret only. A concurrent change is not retried: two racing
   * regenerations yield one winner and one {@link StaleTokenException}.
   *
   * @throws TokenNotFoundException if there is no such token
   * @throws TokenAccessDeniedException if the actor lacks the permission or the token reaches
   *     beyond what the actor may do
   * @throws IllegalArgumentException if the grace period is null, negative or above the policy's
   *     maximum
   * @throws IllegalStateException if the token is revoked or is a browser token (no secret)
   */
  IssuedToken regenerate(Actor actor, TokenId id, Duration gracePeriod);

  /**
   * Revokes the token for good; it stays listed (state {@link TokenState#REVOKED}) until deleted.
   * Requires {@link AdminPermission#DELETE} only: revoking reduces access, so it is allowed on
   * tokens more powerful than the actor. Revoking a revoked token changes nothing.
   *
   * @throws TokenNotFoundException if there is no such token
   */
  TokenRecord revoke(Actor actor, TokenId id);

  /**
   * Deletes the token. Requires {@link AdminPermission#DELETE} only, like {@link #revoke}.
   *
   * @return whether a token was deleted
   */
  boolean delete(Actor actor, TokenId id);

  /**
   * Shows a server token's secret again, from its sealed copy (an API token's only if the service
   * opted in with {@link Builder#viewAgain}: API tokens are shown once by default). Requires {@link
   * AdminPermission#REVEAL}, a {@link KeyRing}, and that the actor could create the token as it is
   * (see {@link #create}); emits a {@code REVEALED} audit event and never logs the value.
   *
   * @return the token with its plaintext, as at creation
   * @throws TokenNotFoundException if there is no such token
   * @throws TokenAccessDeniedException if the actor lacks the permission or the token reaches
   *     beyond what the actor may do
   * @throws IllegalStateException if the service has no key ring, the token has no sealed copy (an
   *     API token without view-again, a token created without a key ring, a browser token), or the
   *     copy does not open
   */
  IssuedToken reveal(Actor actor, TokenId id);

  /** The state of {@code record} now, by the service's clock. */
  TokenState stateOf(TokenRecord record);

  /**
   * Authenticates a presented token string (use {@link BearerToken} to take it from a header).
   * Checks, in order, stopping at the first failure: syntax and checksum ({@code MALFORMED}), id
   * exists ({@code UNKNOWN}), secret ({@code BAD_SECRET}), not revoked, enabled, not expired, owner
   * active, client binding. Store or directory failures give {@code UNAVAILABLE}. Never throws, and
   * never writes to the store: usage is noted in {@link #usage()}.
   *
   * @param presented the token string; null or anything else gives a typed rejection
   * @param context request facts for client binding; null is treated as {@link
   *     RequestContext#empty()}
   */
  AuthResult authenticate(@Nullable String presented, @Nullable RequestContext context);

  /**
   * The verifier of signed requests made with this service's server tokens.
   *
   * @throws IllegalStateException if the service has no {@link KeyRing}: without sealed secrets
   *     there is nothing to check signatures against
   */
  SignedRequestVerifier signedRequests();

  /**
   * Authenticates a credential derived from a server token's secret, such as a JWT signed with it:
   * finds the token (UNKNOWN if missing or not a server token), passes its unsealed secret to
   * {@code proof}, which must check that the credential was made with that secret (BAD_SECRET if it
   * answers false), then runs checks 4 to 8 like {@link #authenticate}. Never throws; a proof that
   * throws counts as false. {@code token-jwt}'s verifier uses this.
   *
   * @param id the server token named by the credential
   * @param proof checks the credential against the secret's ASCII bytes; must not keep them
   */
  AuthResult authenticateProven(
      TokenId id, java.util.function.Predicate<byte[]> proof, @Nullable RequestContext context);

  /**
   * Authenticates a credential that the caller has already checked with a key other than the
   * token's secret, such as a JWT whose HS512 signature verified under a per-token key derived from
   * a host master key: finds the token (UNKNOWN if missing or not a server token), asks {@code
   * keyProof} (BAD_SECRET if it answers false or throws), then runs checks 4 to 8 like {@link
   * #authenticate}. Needs no sealed secret. Never throws. {@code token-jwt}'s verifier uses this
   * when it has a key resolver.
   *
   * @param keyProof whether the credential was made with the key for {@code id}
   */
  AuthResult authenticateKeyProven(
      TokenId id, java.util.function.BooleanSupplier keyProof, @Nullable RequestContext context);

  /**
   * Issues a new long-term JWT for an existing server token, for example after {@link #regenerate}
   * made the old one fail (a JWT signed with the token's secret dies with the secret). Requires
   * {@link AdminPermission#REGENERATE}, a {@link TokenJwtIssuer} on the service, and that the actor
   * could create the token as it is (see {@link #create}): the JWT is a credential. Emits a {@code
   * JWT_ISSUED} audit event. Earlier JWTs stay valid until they expire or the token stops
   * authenticating.
   *
   * @return the compact JWT, shown this once
   * @throws TokenNotFoundException if there is no such token
   * @throws TokenAccessDeniedException if the actor lacks the permission or the token reaches
   *     beyond what the actor may do
   * @throws IllegalStateException if the service has no JWT issuer, the token is not a server
   *     token, is revoked, or its secret cannot be unsealed when the issuer signs with it
   */
  String issueJwt(Actor actor, TokenId id);

  /**
   * Acts on a report of leaked tokens (from a secret scanner, say): each string is checked offline
   * (format and checksum), looked up and its secret checked as {@link #authenticate} would; a token
   * whose secret matched is revoked, with a {@code LEAKED} audit event naming {@code source}. A
   * secret still valid only within a regeneration's grace period counts: the whole token is
   * revoked. Browser tokens are public by design and are not revoked. Needs no actor: proving the
   * secret is the authority. Answers no more than the outcomes: a string whose secret does not
   * match is {@link LeakOutcome#NOT_OURS} whether or not its id exists.
   *
   * @param candidates the reported strings, 1 to 1000 (null or malformed entries are {@code
   *     NOT_OURS})
   * @param source where they were found, such as a URL: 1 to 2048 characters, not blank
   * @return one outcome per candidate, in order
   * @throws IllegalArgumentException if {@code candidates} or {@code source} is out of bounds
   * @throws dev.tokenkit.store.spi.TokenStoreException if the store fails (nothing more is revoked;
   *     outcomes already acted on stay revoked)
   */
  List<LeakOutcome> reportLeaked(@Nullable Collection<String> candidates, @Nullable String source);

  /**
   * One page of the active tokens that expire within {@code within} from now, in id order. Requires
   * {@link AdminPermission#READ}. The store is read {@code limit} tokens at a time and filtered, so
   * a page may hold fewer than {@code limit} tokens (even none) and still have a next cursor:
   * follow it until there is none.
   *
   * @param within how far ahead to look: more than 0, at most 366 days
   * @param cursor null for the first page, then {@link TokenPage#nextCursor()}
   * @param limit 1 to {@value TokenStore#MAX_PAGE_SIZE}
   * @throws IllegalArgumentException if {@code within} is out of range
   * @throws TokenAccessDeniedException if the actor lacks {@code tokens.read}
   */
  TokenPage listExpiring(
      Actor actor, @Nullable Duration within, @Nullable String cursor, int limit);

  /**
   * Sends the expiry notices that are due: for each active token that expires within {@code within}
   * from now and has had no notice for that expiry, an {@code EXPIRING} audit event, once. The
   * notice is recorded in the token ({@link TokenRecord#expiryNoticeFor()}) with the store's
   * compare-and-set update, so that when several nodes run this at the same time exactly one sends
   * each notice; a token whose expiry is later extended gets a new notice when the new expiry
   * approaches. For the host's scheduler (the Spring Boot starter runs it daily); it reads every
   * active token, a page at a time, and needs no actor.
   *
   * @param within how far ahead to look: more than 0, at most 366 days
   * @return the tokens noticed by this call, as stored with their notice
   * @throws IllegalArgumentException if {@code within} is out of range
   * @throws TokenStoreException if the store fails (notices sent so far stay sent)
   */
  List<TokenRecord> noticeExpiring(@Nullable Duration within);

  /** The usage buffer of this service; the host flushes it on its own schedule. */
  UsageRecorder usage();

  /** Builds a {@link TokenService}. Not thread-safe. */
  final class Builder {
    private @Nullable TokenStore store;
    private @Nullable PepperRing pepperRing;
    private @Nullable Clock clock = Clock.systemUTC();
    private @Nullable SecureRandom secureRandom;
    private @Nullable TokenPolicy policy = TokenPolicy.defaults();
    private @Nullable OwnerDirectory owners;
    private @Nullable TokenFormat format = TokenFormat.defaults();
    private @Nullable PermissionModel permissionModel = PermissionModel.none();
    private @Nullable KeyRing keyRing;
    private Duration signatureWindow = DEFAULT_SIGNATURE_WINDOW;
    private boolean sharedReplayCache;
    private int replayCacheSize = 100_000;
    private boolean viewAgain;
    private @Nullable TokenJwtIssuer jwtIssuer;
    private @Nullable RateLimiter rateLimiter;
    private final List<AuditListener> auditListeners = new ArrayList<>();

    private Builder() {}

    /** Where records live (required). */
    public Builder store(@Nullable TokenStore store) {
      this.store = store;
      return this;
    }

    /** The peppers that key secret hashes (required). */
    public Builder pepperRing(@Nullable PepperRing pepperRing) {
      this.pepperRing = pepperRing;
      return this;
    }

    /** The time source (default {@link Clock#systemUTC()}). */
    public Builder clock(@Nullable Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The randomness for ids and secrets (default {@code new SecureRandom()}). */
    public Builder secureRandom(@Nullable SecureRandom secureRandom) {
      this.secureRandom = secureRandom;
      return this;
    }

    /** Creation rules (default {@link TokenPolicy#defaults()}). */
    public Builder policy(@Nullable TokenPolicy policy) {
      this.policy = policy;
      return this;
    }

    /**
     * Where token owners are looked up (required unless the policy allows ownerless tokens: by
     * default every token has an owner).
     */
    public Builder owners(@Nullable OwnerDirectory owners) {
      this.owners = owners;
      return this;
    }

    /** The token string format (default {@link TokenFormat#defaults()}). */
    public Builder format(@Nullable TokenFormat format) {
      this.format = format;
      return this;
    }

    /**
     * The permission catalog, browser scope and resource tree (default {@link
     * PermissionModel#none()}).
     */
    public Builder permissionModel(@Nullable PermissionModel permissionModel) {
      this.permissionModel = permissionModel;
      return this;
    }

    /**
     * Master keys for sealed copies of secrets (default: none, secrets are unrecoverable). Needed
     * for {@link TokenService#reveal}, signed requests and JWTs signed with the token's secret.
     */
    public Builder keyRing(@Nullable KeyRing keyRing) {
      this.keyRing = keyRing;
      return this;
    }

    /**
     * How far a signed request's timestamp may be from now, either way (default 60 seconds: every
     * signed request is remembered for its window to refuse replays, so the window only has to
     * cover clock skew and transit, and a captured header is worthless a minute later).
     *
     * @throws IllegalArgumentException if null, negative or above one hour
     */
    public Builder signatureWindow(@Nullable Duration window) {
      if (window == null || window.isNegative() || window.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("signatureWindow must be 0 to 1 hour");
      }
      this.signatureWindow = window;
      return this;
    }

    /**
     * Whether signed requests seen before are refused across all nodes sharing the store (through
     * {@link TokenStore#claimOnce}, one write per signed request), rather than per node (default
     * false: a bounded map on each node, no store write). The memory and JDBC stores support it; a
     * store that does not makes signed requests answer {@code UNAVAILABLE}.
     */
    public Builder sharedReplayCache(boolean shared) {
      this.sharedReplayCache = shared;
      return this;
    }

    /**
     * How many signed requests the per-node replay cache remembers at most (default 100 000, about
     * 15 MB); each is kept until its window has passed. When it is full of live entries, further
     * signed requests answer {@code UNAVAILABLE} (503) rather than risk accepting a replay.
     *
     * @throws IllegalArgumentException if below 1 000 or above 10 000 000
     */
    public Builder replayCacheSize(int entries) {
      if (entries < 1_000 || entries > 10_000_000) {
        throw new IllegalArgumentException("replayCacheSize must be 1000 to 10000000");
      }
      this.replayCacheSize = entries;
      return this;
    }

    /**
     * Whether API tokens may be revealed again (default false: an API token is shown once, when it
     * is created or regenerated, and never kept in a form that opens). Server tokens are always
     * sealed when there is a {@link KeyRing}: signed requests and JWTs signed with their secret
     * need it. Opting in seals API tokens too, so {@link TokenService#reveal} works for them.
     */
    public Builder viewAgain(boolean viewAgain) {
      this.viewAgain = viewAgain;
      return this;
    }

    /** Issues long-term JWTs for server tokens created with {@code issueJwt(true)}. */
    public Builder jwtIssuer(@Nullable TokenJwtIssuer jwtIssuer) {
      this.jwtIssuer = jwtIssuer;
      return this;
    }

    /**
     * Counts requests against tokens' rate limits (check 9). Without one (the default) tokens
     * cannot be given rate limits, and a stored token that has some is refused as unavailable. The
     * {@code token-ratelimit} module has one per node ({@code LocalRateLimiter}) and one shared
     * through PostgreSQL ({@code PostgresRateLimiter}).
     */
    public Builder rateLimiter(@Nullable RateLimiter rateLimiter) {
      this.rateLimiter = rateLimiter;
      return this;
    }

    /** Adds an audit listener; listeners are called in the order added. */
    public Builder auditListener(@Nullable AuditListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException("audit listener must not be null");
      }
      auditListeners.add(listener);
      return this;
    }

    /**
     * Builds the service.
     *
     * @throws IllegalArgumentException if a required part is missing, or no owner directory was
     *     given while the policy requires owners (the default)
     */
    public TokenService build() {
      if (store == null) {
        throw new IllegalArgumentException("store is required");
      }
      if (pepperRing == null) {
        throw new IllegalArgumentException("pepperRing is required");
      }
      if (clock == null || policy == null || format == null || permissionModel == null) {
        throw new IllegalArgumentException(
            "clock, policy, format and permissionModel must not be null");
      }
      if (jwtIssuer != null && jwtIssuer.needsSealedSecret() && keyRing == null) {
        throw new IllegalArgumentException(
            "the JWT issuer signs with token secrets, so the service needs a KeyRing to verify them");
      }
      if (!policy.allowOwnerless() && owners == null) {
        throw new IllegalArgumentException(
            "tokens have owners by default: set an OwnerDirectory, or allow ownerless tokens with"
                + " TokenPolicy.builder().allowOwnerless(true)");
      }
      return new StandardTokenService(
          store,
          SecretHasher.of(pepperRing),
          clock,
          secureRandom == null ? new SecureRandom() : secureRandom,
          policy,
          owners,
          format,
          permissionModel,
          keyRing,
          signatureWindow,
          sharedReplayCache,
          replayCacheSize,
          viewAgain,
          jwtIssuer,
          rateLimiter,
          auditListeners);
    }
  }
}

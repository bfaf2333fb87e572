package dev.tokenkit.core;

import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication pipeline of DESIGN section 5, top to bottom: a bearer token (checks 1-3:
 * format, lookup, secret), a signed request or an HTTP message signature (format, lookup,
 * signature, freshness, replay), or a credential proven elsewhere (a JWT's signature), and then,
 * for every one of them, {@link #admit}: checks 4-8 (revoked, disabled, expired, owner and acting
 * user, client binding), 9 and 10 ({@link UsageChecks}: rate limits, uses) and the principal. Every
 * failure maps to a {@link RejectionReason}; nothing throws. Thread-safe: all state is immutable or
 * concurrent.
 */
final class Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

  private final TokenStore store;
  private final SecretHasher hasher;
  private final Clock clock;
  private final TokenPolicy policy;
  private final TokenFormat format;
  private final PermissionModel rules;
  private final Duration signatureWindow;
  private final ReplayCache replays;
  private final UsageBuffer usage;
  private final Owner.Lookup owners;
  private final SealedSecrets sealed;
  private final AuditTrail trail;
  private final UsageChecks usageChecks;

  Authenticator(
      TokenStore store,
      SecretHasher hasher,
      Clock clock,
      TokenPolicy policy,
      TokenFormat format,
      PermissionModel rules,
      Duration signatureWindow,
      ReplayCache replays,
      UsageBuffer usage,
      Owner.Lookup owners,
      SealedSecrets sealed,
      AuditTrail trail,
      @Nullable RateLimiter rateLimiter) {
    this.store = store;
    this.hasher = hasher;
    this.clock = clock;
    this.policy = policy;
    this.format = format;
    this.rules = rules;
    this.signatureWindow = signatureWindow;
    this.replays = replays;
    this.usage = usage;
    this.owners = owners;
    this.sealed = sealed;
    this.trail = trail;
    this.usageChecks = new UsageChecks(store, rateLimiter);
  }

  AuthResult authenticate(@Nullable String presented, @Nullable RequestContext context) {
    @Nullable TokenId id = null;
    TokenFormat.Parsed parsed = null;
    try {
      parsed = format.parse(presented);
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
    } finally {
      if (parsed != null) {
        parsed.wipe(); // this parse never leaves the call: its secret bytes are done with
      }
    }
  }

  SignedRequestVerifier signedRequests() {
    if (!sealed.available()) {
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

  /** The server token with this id (signatures and proofs are for server tokens only), or null. */
  private @Nullable TokenRecord serverToken(TokenId id) {
    TokenRecord record = store.find(id).orElse(null);
    return record != null && record.kind() == TokenKind.SERVER ? record : null;
  }

  /** The secret that signed requests are checked against, or null (logged) if it cannot open. */
  private @Nullable String secretForSignatures(TokenRecord record) {
    try {
      return sealed.unseal(record);
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
      TokenRecord record = serverToken(id);
      if (record == null) {
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
      TokenRecord record = serverToken(id);
      if (record == null) {
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

  AuthResult authenticateProven(
      TokenId id, Predicate<byte[]> proof, @Nullable RequestContext context) {
    try {
      if (id == null || proof == null) {
        return reject(null, RejectionReason.MALFORMED, context);
      }
      TokenRecord record = serverToken(id);
      if (record == null) {
        return reject(id, RejectionReason.UNKNOWN, context);
      }
      byte[] secret;
      try {
        secret = sealed.unseal(record).getBytes(StandardCharsets.US_ASCII);
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

  AuthResult authenticateKeyProven(
      TokenId id, java.util.function.BooleanSupplier keyProof, @Nullable RequestContext context) {
    try {
      if (id == null || keyProof == null) {
        return reject(null, RejectionReason.MALFORMED, context);
      }
      TokenRecord record = serverToken(id);
      if (record == null) {
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
   * Checks 4 to 10 for a token whose secret (or signature) matched, and the principal if all pass.
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
      owner = owners.activeOwnerOrNull(record.ownerKind(), record.ownerId().get());
      if (owner == null) {
        return reject(id, RejectionReason.OWNER_INACTIVE, context);
      }
    } else if (!policy.allowOwnerless()) {
      return reject(id, RejectionReason.OWNER_INACTIVE, context); // no user, no access
    }
    Owner acting = null;
    String restricted = record.access().restrictedUser().orElse(null);
    if (restricted != null) {
      acting = owners.activeOrNull(restricted);
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
    if (!clientAllowed(record, context == null ? RequestContext.empty() : context)) {
      return reject(id, RejectionReason.CLIENT_NOT_ALLOWED, context);
    }
    AuthResult.Rejected overUsed = usageChecks.check(id, record, now);
    if (overUsed != null) {
      trail.rejected(id, overUsed.reason(), context);
      return overUsed;
    }
    if (!usageNoted) {
      usage.note(id, now);
    }
    trail.authenticated(id, record, now, context);
    return AuthResult.authenticated(new TokenPrincipal(record, owner, acting, rules));
  }

  /** The active user a signed request names (by id, or by user name after {@code =}). */
  private @Nullable Owner namedUser(SignedRequests.Parsed signed) {
    if (!signed.byUsername()) {
      return owners.activeOrNull(signed.user);
    }
    return owners.activeByUsername(signed.user.substring(1));
  }

  /**
   * Check 8: whether the request satisfies the record's bindings (client-address CIDR blocks, then
   * origin patterns). A browser token always needs an origin that matches one of its patterns.
   * Never throws.
   */
  private static boolean clientAllowed(TokenRecord record, RequestContext context) {
    if (!record.access().allowedCidrs().isEmpty() && !addressAllowed(record, context)) {
      return false;
    }
    if (record.access().allowedOrigins().isEmpty()) {
      return record.kind() != TokenKind.BROWSER;
    }
    HostPatterns.Origin origin =
        HostPatterns.originOf(context.origin().orElse(null), context.referer().orElse(null));
    if (origin == null) {
      return false;
    }
    for (String pattern : record.access().allowedOrigins()) {
      try {
        if (HostPatterns.parse(pattern).matches(origin)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // A stored pattern this version cannot read grants nothing.
      }
    }
    return false;
  }

  private static boolean addressAllowed(TokenRecord record, RequestContext context) {
    byte[] address = IpAddresses.parse(context.clientAddress().orElse(null));
    if (address == null) {
      return false;
    }
    for (String block : record.access().allowedCidrs()) {
      try {
        if (IpAddresses.parseCidr(block).contains(address)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // A stored block this version cannot read grants nothing.
      }
    }
    return false;
  }

  boolean secretMatches(TokenFormat.Parsed secret, TokenRecord record, Instant now) {
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

  private AuthResult reject(
      @Nullable TokenId id, RejectionReason reason, @Nullable RequestContext context) {
    trail.rejected(id, reason, context);
    return AuthResult.rejected(reason);
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last two checks of authentication, for a request that passed all others: check 9, the token's
 * rate limits (counted by the {@link RateLimiter}), and check 10, its limited uses (counted by the
 * store, never from a cached copy). A token with neither costs nothing here: no store write, no
 * limiter call. A request refused by check 10 gives back what check 9 took. Thread-safe.
 */
final class UsageChecks {

  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

  private final TokenStore store;
  private final @Nullable RateLimiter rateLimiter;

  UsageChecks(TokenStore store, @Nullable RateLimiter rateLimiter) {
    this.store = store;
    this.rateLimiter = rateLimiter;
  }

  /** The rejection of this use of {@code record} at {@code now}, or null if it may proceed. */
  AuthResult.@Nullable Rejected check(TokenId id, TokenRecord record, Instant now) {
    List<RateLimit> limits = record.access().rateLimits();
    if (!limits.isEmpty()) {
      // The stored record's id, not the one just parsed: a limiter keyed by ids then finds its
      // entry by identity, without reading the key it holds (a cache miss when tokens are many).
      AuthResult.Rejected limited = rateLimited(record.id(), limits);
      if (limited != null) {
        return limited;
      }
    }
    if (record.remainingUses().isEmpty()) {
      return null;
    }
    AuthResult.Rejected usedUp;
    try {
      OptionalLong left = store.consumeUse(id, now);
      usedUp =
          left.isPresent() && left.getAsLong() < 0
              ? AuthResult.rejected(RejectionReason.USAGE_EXCEEDED)
              : null;
    } catch (RuntimeException e) {
      LOG.warn("using token {} failed: {}", id, e.toString());
      usedUp = AuthResult.rejected(RejectionReason.UNAVAILABLE);
    }
    if (usedUp != null && !limits.isEmpty()) {
      giveBack(record.id(), limits);
    }
    return usedUp;
  }

  private AuthResult.@Nullable Rejected rateLimited(TokenId id, List<RateLimit> limits) {
    RateLimiter limiter = rateLimiter;
    if (limiter == null) {
      LOG.warn("token {} has rate limits but the service has no RateLimiter; refused", id);
      return AuthResult.rejected(RejectionReason.UNAVAILABLE);
    }
    RateDecision decision;
    try {
      decision = limiter.tryConsume(id, limits);
    } catch (RuntimeException e) {
      LOG.warn("rate limits of token {} cannot be counted: {}", id, e.toString());
      return AuthResult.rejected(RejectionReason.UNAVAILABLE);
    }
    return decision.allowed() ? null : AuthResult.rateLimited(decision);
  }

  private void giveBack(TokenId id, List<RateLimit> limits) {
    try {
      if (rateLimiter != null) {
        rateLimiter.giveBack(id, limits);
      }
    } catch (RuntimeException e) {
      LOG.warn("rate limits of token {} cannot be given back: {}", id, e.toString());
    }
  }
}

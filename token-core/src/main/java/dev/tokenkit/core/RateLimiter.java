package dev.tokenkit.core;

import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenId;
import java.util.List;

/**
 * Counts a token's requests against its {@link RateLimit}s: check 9 of authentication. Given to
 * {@link TokenService.Builder#rateLimiter}; the {@code token-ratelimit} module has one counting per
 * node in memory and one shared by every node through PostgreSQL, both on Bucket4j. A service
 * without one refuses to create or edit a token with rate limits, and refuses such a token as
 * {@link RejectionReason#UNAVAILABLE} (its limit cannot be kept, so it is not waived).
 *
 * <p>Implementations must be thread-safe and must never let more requests through than the limits
 * allow, however many threads (or nodes, for a shared one) ask at once.
 */
public interface RateLimiter {

  /**
   * Takes one request from every limit of token {@code id} if each has room, else takes nothing.
   * The limits are the token's as stored (non-empty, shortest period first); when they change, the
   * token starts afresh under the new ones.
   *
   * @throws RuntimeException if the counts cannot be read or written (the request is then refused
   *     as {@link RejectionReason#UNAVAILABLE})
   */
  RateDecision tryConsume(TokenId id, List<RateLimit> limits);

  /**
   * Gives back the request {@link #tryConsume} took, when a later check refused it (so a refused
   * request costs nothing). Best effort: the default does nothing.
   */
  default void giveBack(TokenId id, List<RateLimit> limits) {}
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenStore;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Signed requests seen within their window, so each is accepted once: per node in a bounded map
 * (the default), or shared by every node through {@link TokenStore#claimOnce} when the host opts
 * in. Values are a signed request's payload (the {@code tkn_} form, whose signature is a function
 * of it) or its key id and nonce (HTTP message signatures).
 *
 * <p>Thread-safe.
 */
final class ReplayCache {

  /** What a claim found. */
  enum Outcome {
    /** Not seen before: accept, and it is now recorded. */
    NEW,
    /** Seen before within its window: a replay. */
    SEEN,
    /** The per-node map is full of live values: refuse rather than forget one. */
    FULL
  }

  /** Expired values are purged from the map every this many claims, and whenever it is full. */
  private static final int PURGE_EVERY = 4096;

  private final @Nullable TokenStore shared;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Instant> seen = new ConcurrentHashMap<>();
  private final AtomicInteger claims = new AtomicInteger();

  private ReplayCache(@Nullable TokenStore shared, int maxEntries) {
    this.shared = shared;
    this.maxEntries = maxEntries;
  }

  /** A cache on this node holding at most {@code maxEntries} live values. */
  static ReplayCache perNode(int maxEntries) {
    return new ReplayCache(null, maxEntries);
  }

  /** A cache shared through the store (which must support {@link TokenStore#claimOnce}). */
  static ReplayCache shared(TokenStore store) {
    return new ReplayCache(store, 0);
  }

  /**
   * Records {@code value} until {@code expiresAt} unless it is recorded already.
   *
   * @throws RuntimeException if the shared store fails (the caller answers UNAVAILABLE)
   */
  Outcome claim(String value, Instant expiresAt, Instant now) {
    if (shared != null) {
      return shared.claimOnce(value, expiresAt) ? Outcome.NEW : Outcome.SEEN;
    }
    if (claims.incrementAndGet() % PURGE_EVERY == 0 || seen.size() >= maxEntries) {
      seen.values().removeIf(expiry -> !expiry.isAfter(now));
      if (seen.size() >= maxEntries) {
        return Outcome.FULL;
      }
    }
    Instant previous = seen.putIfAbsent(value, expiresAt);
    if (previous == null) {
      return Outcome.NEW;
    }
    // A value whose window has passed may come back (a clock moved backwards): claim it afresh.
    return !previous.isAfter(now) && seen.replace(value, previous, expiresAt)
        ? Outcome.NEW
        : Outcome.SEEN;
  }
}

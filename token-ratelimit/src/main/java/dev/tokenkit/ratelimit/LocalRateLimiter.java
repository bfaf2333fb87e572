package dev.tokenkit.ratelimit;

import dev.tokenkit.core.RateDecision;
import dev.tokenkit.core.RateLimiter;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenId;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.ThreadUnsafeBucket;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Rate limits counted by each node on its own, in memory, on Bucket4j buckets: with {@code n} nodes
 * behind a load balancer a token gets up to {@code n} times its limits (use {@link
 * PostgresRateLimiter} to count once for all). A bucket that is full again (its token unused for
 * its longest period) holds nothing worth keeping: {@link #removeExpired()} drops those, and so
 * does the limiter itself when it holds {@link Builder#maximumTokens} buckets and needs room for
 * another; if none is full, it drops a tenth of its buckets, which gives those tokens their full
 * limits again.
 *
 * <p>Thread-safe: many threads never get more requests through than the limits allow (each bucket
 * is changed under its own lock, held for nanoseconds). Starts no threads.
 */
public final class LocalRateLimiter implements RateLimiter {

  /** The default {@link Builder#maximumTokens}. */
  public static final long DEFAULT_MAXIMUM_TOKENS = 100_000;

  /** At most this many distinct sets of limits share their Bucket4j configuration. */
  private static final int SHARED_CONFIGURATIONS = 1_024;

  private final Map<TokenId, Limited> buckets = new ConcurrentHashMap<>();
  // Tokens with equal limits share one configuration: its objects stay in the CPU cache however
  // many tokens there are, instead of being one more memory read per request each.
  private final Map<List<RateLimit>, BucketConfiguration> configurations =
      new ConcurrentHashMap<>();
  private final TimeMeter time;
  private final long maximumTokens;

  private LocalRateLimiter(Clock clock, long maximumTokens) {
    this.time = Buckets.time(clock);
    this.maximumTokens = maximumTokens;
  }

  /** A limiter with the defaults: the system clock, at most 100 000 tokens' buckets. */
  public static LocalRateLimiter create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public RateDecision tryConsume(TokenId id, List<RateLimit> limits) {
    while (true) {
      Limited limited = bucketOf(id, limits);
      synchronized (limited) {
        if (!limited.dropped) {
          return limited.tryConsume(limits);
        }
      } // dropped while we looked it up: look again
    }
  }

  @Override
  public void giveBack(TokenId id, List<RateLimit> limits) {
    Limited limited = buckets.get(id);
    if (limited != null) {
      synchronized (limited) {
        if (!limited.dropped && limited.limits.equals(limits)) {
          limited.bucket.addTokens(1);
        }
      }
    }
  }

  /**
   * Drops the buckets that are full again (their tokens unused for their longest period), which
   * loses nothing: a token without a bucket starts with a full one. A host may call this on a
   * schedule to give the memory back (the starter does, on its purge schedule).
   *
   * @return how many buckets were dropped
   */
  public int removeExpired() {
    int removed = 0;
    for (Iterator<Limited> it = buckets.values().iterator(); it.hasNext(); ) {
      Limited limited = it.next();
      synchronized (limited) {
        if (limited.isFull()) {
          limited.dropped = true;
          it.remove();
          removed++;
        }
      }
    }
    return removed;
  }

  /** How many tokens have a bucket now (for tests). */
  long size() {
    return buckets.size();
  }

  private Limited bucketOf(TokenId id, List<RateLimit> limits) {
    Limited limited = buckets.get(id);
    if (limited != null && limited.limits.equals(limits)) {
      return limited;
    }
    if (limited == null && buckets.size() >= maximumTokens) {
      makeRoom();
    }
    // New, or the token's limits were edited: it starts afresh under the new ones.
    return buckets.compute(
        id,
        (key, old) -> {
          if (old != null && old.limits.equals(limits)) {
            return old;
          }
          if (old != null) {
            synchronized (old) {
              old.dropped = true;
            }
          }
          return new Limited(limits, configuration(limits), time);
        });
  }

  private BucketConfiguration configuration(List<RateLimit> limits) {
    BucketConfiguration shared = configurations.get(limits);
    if (shared != null) {
      return shared;
    }
    BucketConfiguration fresh = Buckets.configuration(limits);
    if (configurations.size() < SHARED_CONFIGURATIONS) {
      BucketConfiguration raced = configurations.putIfAbsent(List.copyOf(limits), fresh);
      return raced == null ? fresh : raced;
    }
    return fresh;
  }

  /** Drops full buckets, and if that is not enough, a tenth of all. */
  private void makeRoom() {
    removeExpired();
    long excess = buckets.size() - maximumTokens * 9 / 10;
    for (Iterator<Limited> it = buckets.values().iterator(); excess > 0 && it.hasNext(); excess--) {
      Limited limited = it.next();
      synchronized (limited) {
        limited.dropped = true;
        it.remove();
      }
    }
  }

  /** One token's bucket and the limits it was built for; used under its own lock. */
  private static final class Limited {
    final List<RateLimit> limits;
    final Bucket bucket;
    boolean dropped;

    Limited(List<RateLimit> limits, BucketConfiguration configuration, TimeMeter time) {
      this.limits = List.copyOf(limits);
      // Unsynchronized: every use holds this object's lock.
      this.bucket =
          new ThreadUnsafeBucket(
              configuration, MathType.INTEGER_64_BITS, time, BucketListener.NOPE);
    }

    RateDecision tryConsume(List<RateLimit> asked) {
      if (limits.size() > 1) {
        return Buckets.decision(asked, bucket.asVerbose().tryConsumeAndReturnRemaining(1));
      }
      // One limit: the probe's count is that limit's, no need for Bucket4j's diagnostics copy.
      ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
      return Buckets.decision(asked, probe, new long[] {probe.getRemainingTokens()});
    }

    boolean isFull() {
      long[] available =
          bucket
              .asVerbose()
              .getAvailableTokens()
              .getDiagnostics()
              .getAvailableTokensPerEachBandwidth();
      for (int i = 0; i < available.length; i++) {
        if (available[i] < limits.get(i).requests()) {
          return false;
        }
      }
      return true;
    }
  }

  /** Settings of a {@link LocalRateLimiter}. Not thread-safe; build once. */
  public static final class Builder {
    private @Nullable Clock clock = Clock.systemUTC();
    private long maximumTokens = DEFAULT_MAXIMUM_TOKENS;

    private Builder() {}

    /** The time limits refill by (default: the system clock); give the token service's. */
    public Builder clock(@Nullable Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The most tokens whose buckets are kept at once (default 100 000, under 1 KB each).
     *
     * @throws IllegalArgumentException if not 1 to 100 000 000
     */
    public Builder maximumTokens(long maximumTokens) {
      if (maximumTokens < 1 || maximumTokens > 100_000_000) {
        throw new IllegalArgumentException("maximumTokens must be 1 to 100000000");
      }
      this.maximumTokens = maximumTokens;
      return this;
    }

    /**
     * The limiter.
     *
     * @throws IllegalArgumentException if the clock is null
     */
    public LocalRateLimiter build() {
      Clock time = clock;
      if (time == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      return new LocalRateLimiter(time, maximumTokens);
    }
  }
}

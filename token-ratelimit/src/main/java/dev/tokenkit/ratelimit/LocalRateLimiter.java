package dev.tokenkit.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.tokenkit.core.RateDecision;
import dev.tokenkit.core.RateLimiter;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenId;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rate limits counted by each node on its own, in memory, on Bucket4j's lock-free buckets: with
 * {@code n} nodes behind a load balancer a token gets up to {@code n} times its limits (use {@link
 * PostgresRateLimiter} to count once for all). A token's bucket is dropped once it has been idle
 * for its longest period (by then it is full again, so nothing is lost); beyond {@link
 * Builder#maximumTokens} buckets the least used are dropped early, which gives those tokens their
 * full limits again.
 *
 * <p>Thread-safe: many threads never get more requests through than the limits allow.
 */
public final class LocalRateLimiter implements RateLimiter {

  /** The default {@link Builder#maximumTokens}. */
  public static final long DEFAULT_MAXIMUM_TOKENS = 100_000;

  private final Cache<TokenId, Limited> buckets;
  private final TimeMeter time;

  private LocalRateLimiter(Clock clock, long maximumTokens) {
    TimeMeter meter = Buckets.time(clock);
    this.time = meter;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maximumTokens)
            .expireAfter(new IdleForLongestPeriod())
            .ticker(meter::currentTimeNanos)
            .executor(Runnable::run) // no threads of its own (DESIGN §2)
            .build();
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
    Limited limited = bucketOf(id, limits);
    return Buckets.decision(limits, limited.bucket.asVerbose().tryConsumeAndReturnRemaining(1));
  }

  @Override
  public void giveBack(TokenId id, List<RateLimit> limits) {
    Limited limited = buckets.getIfPresent(id);
    if (limited != null && limited.limits.equals(limits)) {
      limited.bucket.addTokens(1);
    }
  }

  /** How many tokens have a bucket now (for tests and metrics; approximate under load). */
  public long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Limited bucketOf(TokenId id, List<RateLimit> limits) {
    Limited limited = buckets.get(id, key -> new Limited(limits, time));
    if (limited.limits.equals(limits)) {
      return limited;
    }
    // The token's limits were edited: it starts afresh under the new ones.
    return buckets
        .asMap()
        .compute(
            id,
            (key, old) ->
                old != null && old.limits.equals(limits) ? old : new Limited(limits, time));
  }

  /** One token's bucket and the limits it was built for. */
  private static final class Limited {
    final List<RateLimit> limits;
    final Bucket bucket;
    final long idleNanos;

    Limited(List<RateLimit> limits, TimeMeter time) {
      this.limits = List.copyOf(limits);
      LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
      for (Bandwidth bandwidth : Buckets.configuration(limits).getBandwidths()) {
        builder.addLimit(bandwidth);
      }
      this.bucket = builder.build();
      this.idleNanos = Buckets.longestPeriod(limits).toNanos();
    }
  }

  /** Drops a bucket once it has been unused for its longest period. */
  private static final class IdleForLongestPeriod implements Expiry<TokenId, Limited> {
    @Override
    public long expireAfterCreate(TokenId key, Limited value, long currentTime) {
      return value.idleNanos;
    }

    @Override
    public long expireAfterUpdate(
        TokenId key, Limited value, long currentTime, long currentDuration) {
      return value.idleNanos;
    }

    @Override
    public long expireAfterRead(
        TokenId key, Limited value, long currentTime, long currentDuration) {
      return value.idleNanos;
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
     * The most tokens whose buckets are kept at once (default 100 000, about 1 KB each).
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

package dev.tokenkit.store.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} decorator that caches {@link #find} results, found and not found, for a
 * bounded time (default 10 s) and number of ids (default 100 000), so that repeated authentication
 * of a token costs no database round trip.
 *
 * <p>Writes through this instance ({@code create}, {@code update}, {@code delete}, {@code
 * recordUsage}, {@code deleteExpired}) invalidate the affected entries at once. Writes made through
 * <em>other</em> nodes are seen here when the entry expires: <b>the revocation delay on other nodes
 * is at most the TTL</b>. A failing lookup is not cached. {@code findByName} and {@code list} are
 * not cached (management paths).
 *
 * <p>Thread-safe; starts no threads (Caffeine runs maintenance on the calling threads because the
 * executor is set to run inline).
 */
public final class CachingTokenStore extends ForwardingTokenStore {

  private final Cache<TokenId, Optional<TokenRecord>> byId;
  private final Duration ttl;

  private CachingTokenStore(Builder b, TokenStore delegate) {
    super(delegate);
    this.ttl = b.ttl;
    Caffeine<Object, Object> caffeine =
        Caffeine.newBuilder()
            .expireAfterWrite(b.ttl)
            .maximumSize(b.maximumSize)
            .executor(Runnable::run);
    LongSupplier ticker = b.ticker;
    if (ticker != null) {
      caffeine.ticker(ticker::getAsLong);
    }
    if (b.recordStats) {
      caffeine.recordStats();
    }
    this.byId = caffeine.build();
  }

  /** A builder with the default TTL (10 s) and size (100 000 ids). */
  public static Builder builder() {
    return new Builder();
  }

  /** The time after which an entry is looked up again: the revocation delay on other nodes. */
  public Duration ttl() {
    return ttl;
  }

  /** About how many ids are cached now. */
  public long estimatedSize() {
    return byId.estimatedSize();
  }

  /** Lookups answered from the cache; 0 unless the builder's {@link Builder#recordStats} is on. */
  public long hitCount() {
    return byId.stats().hitCount();
  }

  /** Lookups that went to the store; 0 unless {@link Builder#recordStats} is on. */
  public long missCount() {
    return byId.stats().missCount();
  }

  /** Entries dropped to keep the size bound; 0 unless {@link Builder#recordStats} is on. */
  public long evictionCount() {
    return byId.stats().evictionCount();
  }

  @Override
  public Optional<TokenRecord> find(TokenId id) {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    // An atomic load: an invalidation racing with it waits and then removes what it loaded.
    return byId.get(id, delegate()::find);
  }

  @Override
  public TokenRecord create(TokenRecord record) {
    try {
      return delegate().create(record);
    } finally {
      invalidate(record);
    }
  }

  @Override
  public TokenRecord update(TokenRecord updated) {
    try {
      return delegate().update(updated);
    } finally {
      invalidate(updated);
    }
  }

  @Override
  public boolean delete(TokenId id) {
    try {
      return delegate().delete(id);
    } finally {
      if (id != null) {
        byId.invalidate(id);
      }
    }
  }

  /** Never from the cache: the store counts, and the cached copy is dropped. */
  @Override
  public OptionalLong consumeUse(@Nullable TokenId id, @Nullable Instant now) {
    try {
      return delegate().consumeUse(id, now);
    } finally {
      if (id != null) {
        byId.invalidate(id);
      }
    }
  }

  @Override
  public void recordUsage(Map<TokenId, Instant> usage) {
    try {
      delegate().recordUsage(usage);
    } finally {
      if (usage != null) {
        for (TokenId id : usage.keySet()) {
          if (id != null) {
            byId.invalidate(id);
          }
        }
      }
    }
  }

  @Override
  public int deleteExpired(Instant now) {
    try {
      return delegate().deleteExpired(now);
    } finally {
      byId.invalidateAll();
    }
  }

  private void invalidate(@Nullable TokenRecord record) {
    if (record != null) {
      byId.invalidate(record.id());
    }
  }

  @Override
  public String toString() {
    return "CachingTokenStore[ttl=" + ttl + ", " + delegate() + "]";
  }

  /** Builds a {@link CachingTokenStore}. Not thread-safe. */
  public static final class Builder {
    private Duration ttl = Duration.ofSeconds(10);
    private boolean recordStats;
    private long maximumSize = 100_000;
    private @Nullable LongSupplier ticker;

    private Builder() {}

    /**
     * How long a lookup is reused (default 10 s): the revocation delay on other nodes.
     *
     * @throws IllegalArgumentException if null, not positive, or above one hour
     */
    public Builder ttl(@Nullable Duration ttl) {
      if (ttl == null
          || ttl.isZero()
          || ttl.isNegative()
          || ttl.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("ttl must be positive and at most one hour");
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * How many ids are cached at most (default 100 000).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be positive");
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * Whether to count hits, misses and evictions ({@link CachingTokenStore#hitCount()} and the
     * others; default false): a few counter updates per lookup, for metrics.
     */
    public Builder recordStats(boolean record) {
      this.recordStats = record;
      return this;
    }

    /** A nanosecond time source for expiry (default {@link System#nanoTime()}); for tests. */
    public Builder ticker(@Nullable LongSupplier nanoTicker) {
      this.ticker = nanoTicker;
      return this;
    }

    /**
     * Wraps {@code delegate}.
     *
     * @throws IllegalArgumentException if {@code delegate} is null
     */
    public CachingTokenStore wrap(@Nullable TokenStore delegate) {
      if (delegate == null) {
        throw new IllegalArgumentException("delegate store is required");
      }
      return new CachingTokenStore(this, delegate);
    }
  }
}

package dev.tokenkit.store.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} decorator that caches {@link #find} results, found and not found, for a
 * bounded time (default 10 s) and number of ids (default 100 000), so that repeated authentication
 * of a token costs no database round trip.
 *
 * <p>Writes through this instance take effect here at once: {@code update} replaces the cached copy
 * it was made from, and {@code create} a cached "not found", with the record as stored (no lookup
 * after them; an entry changed since, or not cached, is left to the next lookup, and a lookup under
 * way is dropped once it completes), and a failed write drops the entry; {@code delete}, {@code
 * consumeUse} and {@code deleteExpired} drop the affected entries; {@code recordUsage} sets the new
 * last use in the cached copies (no lookup again, and the entry's time to live does not restart:
 * that assumes, as the shipped stores do, that recording usage leaves a record's version as it is).
 * Writes made through <em>other</em> nodes are seen here when the entry expires: <b>the revocation
 * delay on other nodes is at most the TTL</b>, unless something calls {@link #reload} or {@link
 * #invalidate} when another node writes (on PostgreSQL, {@code PostgresInvalidationListener} in
 * {@code token-store-jdbc} does, within a second). A failing lookup is not cached. {@code
 * findByName} and {@code list} are not cached (management paths).
 *
 * <p>Thread-safe; starts no threads (Caffeine runs maintenance on the calling threads because the
 * executor is set to run inline).
 */
public final class CachingTokenStore extends ForwardingTokenStore {

  private final Cache<TokenId, Lookup> byId;
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

  /**
   * Drops the cached lookup of {@code id}, so the next {@link #find} asks the store: for a write
   * made elsewhere (another node). A lookup racing with this call is dropped too once it completes.
   *
   * @throws IllegalArgumentException if {@code id} is null
   */
  public void invalidate(@Nullable TokenId id) {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    byId.invalidate(id);
  }

  /** Drops every cached lookup: for when writes made elsewhere may have been missed. */
  public void invalidateAll() {
    byId.invalidateAll();
  }

  /**
   * Reads again the cached lookups of {@code ids}, which writes made elsewhere (another node) have
   * changed, and replaces them: one {@link TokenStore#findByIds} per 1 000 cached ids, instead of
   * one {@link #find} per id on the next authentication of each. Ids this cache does not hold cost
   * no read: they are dropped as {@link #invalidate} drops them (a lookup racing with this call is
   * dropped too once it completes). From the start of this call, the changed entries are not
   * served: until the read replaces them, a {@link #find} asks the store itself; if the store
   * fails, this call returns normally and they stay unserved. A token the store no longer has is
   * cached as not found, as a lookup would. A reloaded entry's TTL starts again: its copy is as
   * fresh as a lookup's.
   *
   * @return how many cached lookups were replaced by a copy read now (0 if none was cached, or the
   *     store failed)
   * @throws IllegalArgumentException if {@code ids} is null or holds null
   */
  public int reload(@Nullable Collection<TokenId> ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    for (TokenId id : ids) {
      if (id == null) {
        throw new IllegalArgumentException("ids must not hold null");
      }
    }
    ConcurrentMap<TokenId, Lookup> map = byId.asMap();
    Map<TokenId, Lookup> marked = new LinkedHashMap<>();
    for (TokenId id : ids) {
      Lookup held = map.get(id); // neither counted as a hit nor waiting for a lookup under way
      if (held == null) {
        byId.invalidate(id);
      } else {
        held.stale = true;
        marked.put(id, held);
      }
    }
    List<Map.Entry<TokenId, Lookup>> pending = new ArrayList<>(marked.entrySet());
    int reloaded = 0;
    for (int from = 0; from < pending.size(); from += TokenStore.MAX_PAGE_SIZE) {
      List<Map.Entry<TokenId, Lookup>> batch =
          pending.subList(from, Math.min(pending.size(), from + TokenStore.MAX_PAGE_SIZE));
      Map<TokenId, TokenRecord> fresh;
      try {
        fresh = delegate().findByIds(batch.stream().map(Map.Entry::getKey).toList());
      } catch (RuntimeException e) {
        return reloaded; // what is marked stays unserved: the next lookup of each asks the store
      }
      for (Map.Entry<TokenId, Lookup> m : batch) {
        // Only the entry marked here: one dropped, looked up or written since the mark is at
        // least as new as the change announced.
        Lookup now = new Lookup(Optional.ofNullable(fresh.get(m.getKey())));
        if (map.replace(m.getKey(), m.getValue(), now)) {
          reloaded++;
        }
      }
    }
    return reloaded;
  }

  @Override
  public Optional<TokenRecord> find(TokenId id) {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    // An atomic load: an invalidation racing with it waits and then removes what it loaded.
    Lookup lookup = byId.get(id, this::lookUp);
    while (lookup.stale) { // changed elsewhere and being read again: not served
      byId.asMap().remove(id, lookup);
      lookup = byId.get(id, this::lookUp);
    }
    return lookup.current();
  }

  private Lookup lookUp(TokenId id) {
    return new Lookup(delegate().find(id));
  }

  /**
   * Replaces a cached "not found" with the record as stored (no lookup after it); a failed create
   * drops the id's entry.
   */
  @Override
  public TokenRecord create(TokenRecord record) {
    return cacheWritten(record, () -> delegate().create(record), cached -> cached.isEmpty());
  }

  /**
   * Replaces the cached copy this update was made from with the record as stored (no lookup after
   * it); a failed update drops the entry.
   */
  @Override
  public TokenRecord update(TokenRecord updated) {
    return cacheWritten(
        updated,
        () -> delegate().update(updated),
        cached -> cached.map(TokenRecord::version).orElse(-1L) == updated.version());
  }

  /**
   * Runs {@code write}, then caches what it stored over an entry that still holds what {@code
   * replaced} accepts, as the store's compare-and-set: an entry changed since (looked up or
   * reloaded after another node's write) or marked stale stays as it is, and a lookup under way is
   * dropped once it completes, as {@link #invalidate} drops it.
   */
  private TokenRecord cacheWritten(
      @Nullable TokenRecord given,
      Supplier<TokenRecord> write,
      Predicate<Optional<TokenRecord>> replaced) {
    TokenRecord stored;
    try {
      stored = write.get();
    } catch (RuntimeException | Error e) {
      invalidate(given); // whatever the store holds now, it is not known here
      throw e;
    }
    // Not a compute: Caffeine restarts the TTL of an entry even when the remapping keeps it.
    ConcurrentMap<TokenId, Lookup> map = byId.asMap();
    Lookup old =
        map.get(stored.id()); // neither counted as a hit nor waiting for a lookup under way
    if (old == null) {
      byId.invalidate(stored.id()); // a lookup under way may have read what the write replaced
    } else if (!old.stale && replaced.test(old.current())) {
      map.replace(stored.id(), old, new Lookup(Optional.of(stored)));
    }
    return stored;
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

  /**
   * Sets the new last uses in the cached copies rather than dropping them: a usage flush then costs
   * no lookups, and the entries keep their expiry.
   */
  @Override
  public void recordUsage(Map<TokenId, Instant> usage) {
    delegate().recordUsage(usage);
    usage.forEach(
        (id, at) -> {
          // Not a cache write, which would restart the entry's time to live; not counted as a hit.
          Lookup cached = byId.asMap().get(id);
          if (cached != null) {
            cached.usedAt(at);
          }
        });
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

  /** A lookup's answer, with the last use this node recorded since. */
  private static final class Lookup {
    private volatile Optional<TokenRecord> current;

    /** Set once when another node changed the token: never served again. */
    volatile boolean stale;

    Lookup(Optional<TokenRecord> found) {
      this.current = found;
    }

    Optional<TokenRecord> current() {
      return current;
    }

    synchronized void usedAt(Instant at) {
      TokenRecord record = current.orElse(null);
      Instant last = record == null ? null : record.lastUsedAt().orElse(null);
      if (record != null && (last == null || last.isBefore(at))) {
        current = Optional.of(record.toBuilder().lastUsedAt(at).build());
      }
    }
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

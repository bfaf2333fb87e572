package dev.tokenkit.store.memory.internal;

import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Records in a {@link RecordTable} by id (lock-free reads), a name-key index, and a sorted id set
 * for cursor paging. Writers hold {@link #writeLock}, so the three structures change together;
 * readers see each record either wholly old or wholly new, because records are immutable.
 */
public final class ConcurrentMapStore implements TokenStore {

  private final RecordTable byId = new RecordTable();
  private final ConcurrentHashMap<String, TokenId> idByNameKey = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<TokenId> orderedIds = new ConcurrentSkipListSet<>();
  private final ReentrantLock writeLock = new ReentrantLock();

  /** One-time values and their expiries; purged by {@link #deleteExpired}. */
  private final ConcurrentHashMap<String, Instant> oneTimeValues = new ConcurrentHashMap<>();

  @Override
  public TokenRecord create(TokenRecord record) {
    requireArgument(record, "record");
    writeLock.lock();
    try {
      if (byId.get(record.id()) != null) {
        throw new DuplicateTokenException(DuplicateTokenException.Field.ID, record.id().value());
      }
      if (idByNameKey.containsKey(record.nameKey())) {
        throw new DuplicateTokenException(DuplicateTokenException.Field.NAME, record.name());
      }
      byId.put(record);
      idByNameKey.put(record.nameKey(), record.id());
      orderedIds.add(record.id());
      return record;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Optional<TokenRecord> find(TokenId id) {
    requireArgument(id, "id");
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<TokenRecord> findByName(String name) {
    return findByName(null, name);
  }

  @Override
  public Optional<TokenRecord> findByName(@Nullable String tenant, String name) {
    requireArgument(name, "name");
    String key = TokenRecord.nameKey(tenant, name);
    TokenId id = idByNameKey.get(key);
    if (id == null) {
      return Optional.empty();
    }
    TokenRecord record = byId.get(id);
    // A concurrent rename may have moved the key; only answer if the record still holds it.
    return record != null && record.nameKey().equals(key) ? Optional.of(record) : Optional.empty();
  }

  /**
   * The SPI's read-and-update, under the write lock: no other write can come between, so the
   * compare-and-set never fails and no use is retried.
   */
  @Override
  public OptionalLong consumeUse(@Nullable TokenId id, @Nullable Instant now) {
    writeLock.lock();
    try {
      return TokenStore.super.consumeUse(id, now);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public TokenRecord update(TokenRecord updated) {
    requireArgument(updated, "record");
    writeLock.lock();
    try {
      TokenRecord current = byId.get(updated.id());
      if (current == null || current.version() != updated.version()) {
        throw new StaleTokenException(updated.id(), updated.version());
      }
      boolean renamed = !current.nameKey().equals(updated.nameKey());
      if (renamed && idByNameKey.containsKey(updated.nameKey())) {
        throw new DuplicateTokenException(DuplicateTokenException.Field.NAME, updated.name());
      }
      TokenRecord stored =
          updated.toBuilder()
              .lastUsedAt(
                  later(current.lastUsedAt().orElse(null), updated.lastUsedAt().orElse(null)))
              .version(updated.version() + 1)
              .build();
      if (renamed) {
        idByNameKey.put(stored.nameKey(), stored.id());
      }
      byId.put(stored);
      if (renamed) {
        idByNameKey.remove(current.nameKey());
      }
      return stored;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean delete(TokenId id) {
    requireArgument(id, "id");
    return deleteIf(id, null);
  }

  /** Deletes the record if it exists and, when {@code expiredAt} is given, is expired then. */
  private boolean deleteIf(TokenId id, @Nullable Instant expiredAt) {
    writeLock.lock();
    try {
      TokenRecord current = byId.get(id);
      if (current == null || (expiredAt != null && !current.isExpiredAt(expiredAt))) {
        return false;
      }
      byId.remove(id);
      idByNameKey.remove(current.nameKey());
      orderedIds.remove(id);
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public TokenPage list(TokenFilter filter, @Nullable String cursor, int limit) {
    TokenStore.checkListArguments(filter, cursor, limit);
    NavigableSet<TokenId> ids =
        cursor == null ? orderedIds : orderedIds.tailSet(TokenId.of(cursor), false);
    List<TokenRecord> items = new ArrayList<>(Math.min(limit, 64));
    for (TokenId id : ids) {
      TokenRecord record = byId.get(id);
      if (record == null || !filter.matches(record)) {
        continue;
      }
      if (items.size() == limit) {
        return TokenPage.of(items, items.get(limit - 1).id().value());
      }
      items.add(record);
    }
    return TokenPage.of(items, null);
  }

  @Override
  public void recordUsage(Map<TokenId, Instant> usage) {
    requireArgument(usage, "usage");
    for (Map.Entry<TokenId, Instant> e : usage.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("usage must not contain null keys or values");
      }
    }
    writeLock.lock();
    try {
      for (Map.Entry<TokenId, Instant> e : usage.entrySet()) {
        TokenRecord current = byId.get(e.getKey());
        if (current == null) {
          continue;
        }
        Instant seen = current.lastUsedAt().orElse(null);
        if (seen == null || seen.isBefore(e.getValue())) {
          // Usage is not an edit: the version stays, so management updates do not conflict.
          byId.put(current.toBuilder().lastUsedAt(e.getValue()).build());
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean claimOnce(String value, Instant expiresAt) {
    TokenStore.checkOneTimeValue(value, expiresAt);
    return oneTimeValues.putIfAbsent(value, expiresAt) == null;
  }

  @Override
  public int deleteExpired(Instant now) {
    requireArgument(now, "now");
    oneTimeValues.values().removeIf(expiry -> !expiry.isAfter(now));
    int deleted = 0;
    for (TokenRecord record : byId.records()) {
      // Re-checked under the lock: a concurrent edit may have extended the expiry.
      if (record.isExpiredAt(now) && deleteIf(record.id(), now)) {
        deleted++;
      }
    }
    return deleted;
  }

  private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static void requireArgument(@Nullable Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  @Override
  public String toString() {
    return "MemoryTokenStore[" + byId.size() + " tokens]";
  }
}

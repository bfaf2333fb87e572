package dev.tokenkit.store.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Persistence for token records. Hosts implement this interface or use a shipped store; every
 * implementation must pass the conformance kit ({@code TokenStoreContract} in {@code
 * token-store-tck}).
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Implementations are thread-safe. Readers never see a half-written record.
 *   <li>Ids are unique, and names are unique by {@link TokenRecord#nameKey()} (case-insensitive,
 *       within a tenant). A write that would break either fails with {@link
 *       DuplicateTokenException} and writes nothing; when both clash, {@link
 *       DuplicateTokenException.Field#ID} is reported.
 *   <li>{@link #update} is a compare-and-set on {@link TokenRecord#version()}.
 *   <li>{@code lastUsedAt} never moves backwards, whether through {@link #update} or {@link
 *       #recordUsage}.
 *   <li>Failures of the underlying storage surface as {@link TokenStoreException}; invalid
 *       arguments (null, a malformed cursor, a limit outside 1..1000) as {@link
 *       IllegalArgumentException}.
 * </ul>
 *
 * <p>New methods are added as default methods, so host implementations keep compiling.
 */
public interface TokenStore {

  /** The largest page size {@link #list} accepts. */
  int MAX_PAGE_SIZE = 1000;

  /** The longest value {@link #claimOnce} accepts, in characters. */
  int MAX_ONE_TIME_VALUE = 256;

  /**
   * Stores a new record exactly as given (including its version).
   *
   * @return the stored record
   * @throws DuplicateTokenException if the id or the name key is taken
   */
  TokenRecord create(TokenRecord record);

  /** The record with this id, if any. */
  Optional<TokenRecord> find(TokenId id);

  /**
   * The records with these ids, those that exist, keyed by id: what {@link #find} answers for each,
   * in one round trip where the store can. Ids without a record are missing from the map; a
   * repeated id counts once.
   *
   * <p>The default implementation calls {@link #find} once per id; stores behind a network should
   * override it with one query (the JDBC store does).
   *
   * @param ids 0 to {@value #MAX_PAGE_SIZE} ids
   * @return a new map the caller may keep
   * @throws IllegalArgumentException if {@code ids} is null, holds null or more than {@value
   *     #MAX_PAGE_SIZE} ids
   * @throws TokenStoreException if the store failed
   */
  default Map<TokenId, TokenRecord> findByIds(@Nullable Collection<TokenId> ids) {
    Map<TokenId, TokenRecord> found = new HashMap<>();
    for (TokenId id : checkIds(ids)) {
      find(id).ifPresent(record -> found.put(id, record));
    }
    return found;
  }

  /**
   * The argument checks of {@link #findByIds}, for implementations.
   *
   * @return {@code ids}
   * @throws IllegalArgumentException as {@link #findByIds} documents
   */
  static Collection<TokenId> checkIds(@Nullable Collection<TokenId> ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    if (ids.size() > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("ids must hold at most " + MAX_PAGE_SIZE + " ids");
    }
    for (TokenId id : ids) {
      if (id == null) {
        throw new IllegalArgumentException("ids must not hold null");
      }
    }
    return ids;
  }

  /**
   * The record without a tenant whose {@link TokenRecord#nameKey()} equals that of {@code name}, if
   * any.
   */
  Optional<TokenRecord> findByName(String name);

  /**
   * The record of {@code tenant} (null: without a tenant) whose {@link TokenRecord#nameKey()}
   * equals {@link TokenRecord#nameKey(String, String)} of both, if any. The default answers for
   * {@code null} only; the shipped stores answer for every tenant.
   *
   * @throws UnsupportedOperationException from the default, for a tenant
   */
  default Optional<TokenRecord> findByName(@Nullable String tenant, String name) {
    if (tenant == null) {
      return findByName(name);
    }
    throw new UnsupportedOperationException("this store does not look up names within a tenant");
  }

  /**
   * Replaces the stored record that has the same id, if its version equals {@code
   * updated.version()}. The stored record gets version {@code updated.version() + 1}, and keeps the
   * later of the stored and the given {@code lastUsedAt}.
   *
   * @return the record as now stored
   * @throws StaleTokenException if the token does not exist or its version differs
   * @throws DuplicateTokenException if the new name key belongs to another token
   */
  TokenRecord update(TokenRecord updated);

  /**
   * Deletes the record with this id.
   *
   * @return whether a record was deleted
   */
  boolean delete(TokenId id);

  /**
   * One page of the records matching {@code filter}, in ascending id order, starting after the
   * record whose id is {@code cursor}. Paging is stable under concurrent writes: a record that
   * exists, unchanged, for the whole walk is returned exactly once, and no record is returned
   * twice.
   *
   * @param filter the criteria
   * @param cursor null for the first page, else a value from {@link TokenPage#nextCursor()}
   * @param limit the maximum page size, 1 to {@value #MAX_PAGE_SIZE}
   * @throws IllegalArgumentException for a null filter, a malformed cursor or a limit out of range
   */
  TokenPage list(TokenFilter filter, @Nullable String cursor, int limit);

  /**
   * Checks {@link #list} arguments the way the contract requires, for implementations to call
   * first.
   *
   * @throws IllegalArgumentException for a null filter, a state criterion without an instant, a
   *     cursor that is not a token id, or a limit outside 1 to {@value #MAX_PAGE_SIZE}
   */
  static void checkListArguments(@Nullable TokenFilter filter, @Nullable String cursor, int limit) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE_SIZE + ", was " + limit);
    }
    if (cursor != null && !TokenId.isValid(cursor)) {
      throw new IllegalArgumentException("cursor is malformed");
    }
    if (filter.state().isPresent() && filter.asOf().isEmpty()) {
      throw new IllegalArgumentException("a state filter needs the instant to evaluate it at");
    }
  }

  /**
   * Uses one of a token's remaining uses at {@code now}, atomically: of any number of concurrent
   * calls, on any number of nodes, against a token with {@code n} uses left, exactly {@code n}
   * succeed. A token with a {@link UseRefill} whose period has ended starts the period holding
   * {@code now} first (its remaining uses set to {@link UseRefill#uses()} again). A successful use
   * increments {@link TokenRecord#version()}, so an edit of the token read before it fails as stale
   * and is retried: the count is never lost or overwritten.
   *
   * <p>The default implementation does a find and a compare-and-set {@link #update}, retrying on a
   * race; stores should override it with one conditional write (the memory store under its lock,
   * the JDBC store with one {@code UPDATE ... WHERE id = ? AND (remaining_uses > 0 OR the refill is
   * due)}). A caching store must not answer from its cache.
   *
   * @return the uses left after this one (0 after the last one); -1 if none were left (nothing
   *     changed); empty if there is no such token or its use is unlimited
   * @throws IllegalArgumentException if {@code id} or {@code now} is null
   */
  default OptionalLong consumeUse(@Nullable TokenId id, @Nullable Instant now) {
    if (id == null || now == null) {
      throw new IllegalArgumentException("id and now must not be null");
    }
    while (true) {
      TokenRecord current = find(id).orElse(null);
      if (current == null || current.remainingUses().isEmpty()) {
        return OptionalLong.empty();
      }
      TokenRecord.Builder next = current.toBuilder();
      long left = current.remainingUses().getAsLong();
      UseRefill refill = current.usesRefill().orElse(null);
      if (refill != null && !now.isBefore(refill.nextRefill())) {
        left = refill.uses();
        next.usesRefill(refill.at(now));
      }
      if (left <= 0) {
        return OptionalLong.of(-1);
      }
      try {
        update(next.remainingUses(left - 1).build());
        return OptionalLong.of(left - 1);
      } catch (StaleTokenException raced) {
        // Re-read and retry: another use or an edit came first.
      }
    }
  }

  /**
   * Records the latest successful use of several tokens at once. For each entry, sets {@code
   * lastUsedAt} to the given instant unless the stored one is already later; unknown ids are
   * skipped. Whether this increments {@link TokenRecord#version()} is up to the implementation.
   *
   * <p>The default implementation does a find and a compare-and-set update per entry; stores should
   * override it with one batched write.
   *
   * @throws IllegalArgumentException if {@code usage} is null or holds null keys or values
   */
  default void recordUsage(Map<TokenId, Instant> usage) {
    if (usage == null) {
      throw new IllegalArgumentException("usage must not be null");
    }
    for (Map.Entry<TokenId, Instant> e : usage.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("usage must not contain null keys or values");
      }
    }
    for (Map.Entry<TokenId, Instant> e : usage.entrySet()) {
      while (true) {
        Optional<TokenRecord> current = find(e.getKey());
        if (current.isEmpty()
            || current.get().lastUsedAt().map(t -> !t.isBefore(e.getValue())).orElse(false)) {
          break;
        }
        try {
          update(current.get().toBuilder().lastUsedAt(e.getValue()).build());
          break;
        } catch (StaleTokenException raced) {
          // Re-read and retry: the record changed between find and update.
        }
      }
    }
  }

  /**
   * The argument checks of {@link #claimOnce}, for implementations.
   *
   * @throws IllegalArgumentException as {@link #claimOnce} documents
   */
  static void checkOneTimeValue(@Nullable String value, @Nullable Instant expiresAt) {
    if (value == null || value.isEmpty() || value.length() > MAX_ONE_TIME_VALUE) {
      throw new IllegalArgumentException(
          "value must be 1 to " + MAX_ONE_TIME_VALUE + " characters");
    }
    if (expiresAt == null) {
      throw new IllegalArgumentException("expiresAt must not be null");
    }
  }

  /**
   * Records a one-time value, such as a signed request's signature or nonce, until {@code
   * expiresAt}, and tells whether it is new: true for the first claim of {@code value}, false for
   * every later claim while it is recorded. Of several concurrent claims of one value, on any
   * number of nodes sharing the store, exactly one returns true. A store that supports this keeps
   * the value at least until {@code expiresAt} (it may drop it later, for example in {@link
   * #deleteExpired}). Token services use it only when the host opts in to a replay cache shared
   * across nodes.
   *
   * <p>The default implementation does not support it.
   *
   * @param value 1 to {@value #MAX_ONE_TIME_VALUE} characters
   * @throws IllegalArgumentException if {@code value} is null, empty or longer than 256 characters,
   *     or {@code expiresAt} is null
   * @throws UnsupportedOperationException if the store cannot share one-time values
   * @throws TokenStoreException if the store failed
   */
  default boolean claimOnce(String value, Instant expiresAt) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot record one-time values");
  }

  /**
   * Deletes every record whose expiry is at or before {@code now}. Hosts call this on their own
   * schedule; the library starts no threads.
   *
   * <p>The default implementation walks {@link #list} and deletes page by page.
   *
   * @return the number of records deleted
   * @throws IllegalArgumentException if {@code now} is null
   */
  default int deleteExpired(Instant now) {
    if (now == null) {
      throw new IllegalArgumentException("now must not be null");
    }
    int deleted = 0;
    @Nullable String cursor = null;
    do {
      TokenPage page = list(TokenFilter.all(), cursor, MAX_PAGE_SIZE);
      for (TokenRecord r : page.items()) {
        if (r.isExpiredAt(now) && delete(r.id())) {
          deleted++;
        }
      }
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    return deleted;
  }
}

package dev.tokenkit.store.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.TokenStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CachingTokenStore#reload}: changes made elsewhere, read again in one store call. */
@Timeout(30)
class CacheReloadTest {

  private final AtomicLong nanos = new AtomicLong();
  private final ObservedStore backing = new ObservedStore(MemoryTokenStore.create());
  private final CachingTokenStore cache =
      CachingTokenStore.builder().ttl(Duration.ofSeconds(10)).ticker(nanos::get).wrap(backing);

  private static TokenRecord record(int n) {
    return TokenRecord.builder()
        .id(TokenId.of(String.format("tok%09d", n)))
        .kind(TokenKind.API)
        .name("n" + n)
        .secret(HashedSecret.of(1, new byte[32]))
        .createdAt(Instant.EPOCH)
        .build();
  }

  private TokenRecord cached(int n) {
    TokenRecord r = backing.create(record(n));
    assertThat(cache.find(r.id())).contains(r);
    return r;
  }

  /** Another node's write: straight to the shared store, past this cache. */
  private TokenRecord revokedElsewhere(TokenRecord r) {
    return backing.update(
        backing.find(r.id()).orElseThrow().toBuilder().revokedAt(Instant.EPOCH).build());
  }

  @Test
  void cachedCopiesAreReplacedByOneReadAndServedWithoutALookup() {
    TokenRecord a = cached(1);
    TokenRecord b = cached(2);
    TokenRecord c = cached(3);
    TokenRecord revokedA = revokedElsewhere(a);
    TokenRecord editedB =
        backing.update(backing.find(b.id()).orElseThrow().toBuilder().description("x").build());
    TokenId notCached = record(4).id();
    int finds = backing.finds.get();

    assertThat(cache.reload(List.of(a.id(), b.id(), notCached))).isEqualTo(2);

    assertThat(backing.batches).containsExactly(List.of(a.id(), b.id())); // only what it holds
    assertThat(cache.find(a.id())).contains(revokedA);
    assertThat(cache.find(b.id())).contains(editedB);
    assertThat(cache.find(c.id())).contains(c);
    assertThat(backing.finds.get()).isEqualTo(finds);
  }

  @Test
  void aTokenTheStoreNoLongerHasIsCachedAsNotFound() {
    TokenRecord a = cached(1);
    backing.delete(a.id());
    int finds = backing.finds.get();
    assertThat(cache.reload(List.of(a.id()))).isEqualTo(1);
    assertThat(cache.find(a.id())).isEmpty();
    assertThat(backing.finds.get()).isEqualTo(finds);
  }

  @Test
  void aCachedNotFoundBecomesTheTokenCreatedElsewhere() {
    TokenId id = record(1).id();
    assertThat(cache.find(id)).isEmpty();
    TokenRecord created = backing.create(record(1));
    int finds = backing.finds.get();
    assertThat(cache.reload(List.of(id))).isEqualTo(1);
    assertThat(cache.find(id)).contains(created);
    assertThat(backing.finds.get()).isEqualTo(finds);
  }

  @Test
  void whenTheStoreFailsTheChangedCopiesAreDroppedNotServed() {
    TokenRecord a = cached(1);
    TokenRecord b = cached(2);
    TokenRecord revokedA = revokedElsewhere(a);
    backing.failing = true;
    assertThat(cache.reload(List.of(a.id()))).isZero(); // returns normally
    backing.failing = false;
    assertThat(cache.find(a.id())).contains(revokedA);
    assertThat(cache.find(b.id())).contains(b); // untouched
  }

  @Test
  void aReloadedCopyLivesAFullTtlFromTheReload() {
    TokenRecord a = cached(1);
    nanos.addAndGet(Duration.ofSeconds(9).toNanos());
    TokenRecord revoked = revokedElsewhere(a);
    cache.reload(List.of(a.id()));
    nanos.addAndGet(Duration.ofSeconds(9).toNanos()); // 18 s after the lookup, 9 after the reload
    int finds = backing.finds.get();
    assertThat(cache.find(a.id())).contains(revoked);
    assertThat(backing.finds.get()).isEqualTo(finds);
  }

  @Test
  void moreThanAPageOfCachedIdsIsReadAPageAtATime() {
    List<TokenId> ids = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      ids.add(cached(i).id());
    }
    assertThat(cache.reload(ids)).isEqualTo(2_500);
    assertThat(backing.batches).extracting(List::size).containsExactly(1000, 1000, 500);
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingIsDropped() {
    TokenRecord a = cached(1);
    assertThatThrownBy(() -> cache.reload(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids");
    assertThatThrownBy(() -> cache.reload(Arrays.asList(a.id(), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids");
    assertThat(cache.reload(List.of())).isZero();
    int finds = backing.finds.get();
    assertThat(cache.find(a.id())).contains(a);
    assertThat(backing.finds.get()).isEqualTo(finds);
    assertThat(backing.batches).isEmpty();
  }

  @Test
  void whileTheReadIsUnderWayTheChangedCopyIsNotServed() throws Exception {
    TokenRecord a = cached(1);
    TokenRecord revoked = revokedElsewhere(a);
    backing.batchGate.hold();
    CompletableFuture<Integer> reload =
        CompletableFuture.supplyAsync(() -> cache.reload(List.of(a.id())));
    backing.batchGate.reached.await(10, TimeUnit.SECONDS);

    assertThat(cache.find(a.id())).contains(revoked); // asked the store itself

    backing.batchGate.release();
    assertThat(reload.get(10, TimeUnit.SECONDS)).isZero(); // its copy no longer needed
    assertThat(cache.find(a.id())).contains(revoked);
  }

  @Test
  void aWriteHereDuringTheReadIsNotOverwrittenByTheOlderCopy() throws Exception {
    TokenRecord a = cached(1);
    revokedElsewhere(a);
    backing.batchGate.hold();
    CompletableFuture<Integer> reload =
        CompletableFuture.supplyAsync(() -> cache.reload(List.of(a.id())));
    backing.batchGate.reached.await(10, TimeUnit.SECONDS); // it has read the revoked copy

    TokenRecord mine =
        cache.update(backing.find(a.id()).orElseThrow().toBuilder().description("mine").build());
    assertThat(cache.find(a.id())).contains(mine);

    backing.batchGate.release();
    assertThat(reload.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(cache.find(a.id())).contains(mine);
  }

  /** An edit through the cache, held after the store wrote it and before the cache caches it. */
  private CompletableFuture<TokenRecord> editHereHeldBeforeCaching(TokenRecord r)
      throws InterruptedException {
    backing.updateGate.hold();
    CompletableFuture<TokenRecord> edit =
        CompletableFuture.supplyAsync(
            () -> cache.update(r.toBuilder().description("mine").build()));
    backing.updateGate.reached.await(10, TimeUnit.SECONDS);
    return edit;
  }

  @Test
  void aWriteHereDoesNotReplaceALaterVersionLookedUpMeanwhile() throws Exception {
    TokenRecord a = cached(1);
    CompletableFuture<TokenRecord> mine = editHereHeldBeforeCaching(a);
    TokenRecord later = revokedElsewhere(a);
    cache.invalidate(a.id()); // announced; looked up again
    assertThat(cache.find(a.id())).contains(later);

    backing.updateGate.release();
    assertThat(mine.get(10, TimeUnit.SECONDS).version()).isLessThan(later.version());
    assertThat(cache.find(a.id())).contains(later);
  }

  @Test
  void anEntryAWriteHereLeavesAloneKeepsItsTtlFromItsLookup() throws Exception {
    TokenRecord a = cached(1);
    CompletableFuture<TokenRecord> mine = editHereHeldBeforeCaching(a);
    TokenRecord later = revokedElsewhere(a);
    cache.invalidate(a.id()); // announced; looked up again now
    assertThat(cache.find(a.id())).contains(later);

    nanos.addAndGet(Duration.ofSeconds(9).toNanos());
    backing.updateGate.release();
    mine.get(10, TimeUnit.SECONDS); // leaves the later copy as it is
    nanos.addAndGet(Duration.ofSeconds(1).toNanos()); // the TTL since the lookup is over
    int finds = backing.finds.get();
    assertThat(cache.find(a.id())).isPresent();
    assertThat(backing.finds.get()).as("looked up again after the TTL").isEqualTo(finds + 1);
  }

  @Test
  void aLaterChangeElsewhereReplacesAWriteHereCachedDuringTheRead() throws Exception {
    TokenRecord a = cached(1);
    CompletableFuture<TokenRecord> mine = editHereHeldBeforeCaching(a);
    TokenRecord later = revokedElsewhere(a);
    backing.batchGate.hold();
    CompletableFuture<Integer> reload =
        CompletableFuture.supplyAsync(() -> cache.reload(List.of(a.id())));
    backing.batchGate.reached.await(10, TimeUnit.SECONDS); // marked, and read the later copy

    backing.updateGate.release();
    mine.get(10, TimeUnit.SECONDS); // leaves the marked entry as it is
    backing.batchGate.release();
    assertThat(reload.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(cache.find(a.id())).contains(later);
  }

  @Test
  void aLookupUnderWayWhenANotCachedIdIsAnnouncedIsDroppedOnceItCompletes() throws Exception {
    TokenRecord a = backing.create(record(1));
    CompletableFuture<Optional<TokenRecord>> lookup = lookupHeldAfterReading(a);
    TokenRecord revoked = revokedElsewhere(a);

    AtomicInteger reloaded = new AtomicInteger(-1);
    waitingForTheLookup(() -> reloaded.set(cache.reload(List.of(a.id()))));
    assertThat(lookup.get(10, TimeUnit.SECONDS)).contains(a);
    assertThat(reloaded).hasValue(0);

    assertThat(cache.find(a.id())).contains(revoked);
  }

  @Test
  void aLookupUnderWayDuringAWriteHereIsDroppedOnceItCompletes() throws Exception {
    TokenRecord a = backing.create(record(1));
    CompletableFuture<Optional<TokenRecord>> lookup = lookupHeldAfterReading(a);

    AtomicReference<TokenRecord> mine = new AtomicReference<>();
    waitingForTheLookup(() -> mine.set(cache.update(a.toBuilder().description("m").build())));
    assertThat(lookup.get(10, TimeUnit.SECONDS)).contains(a);

    assertThat(cache.find(a.id())).contains(mine.get());
  }

  /** A lookup through the cache, held after it read {@code r} from the store. */
  private CompletableFuture<Optional<TokenRecord>> lookupHeldAfterReading(TokenRecord r)
      throws InterruptedException {
    backing.findGate.hold();
    CompletableFuture<Optional<TokenRecord>> lookup =
        CompletableFuture.supplyAsync(() -> cache.find(r.id()));
    backing.findGate.reached.await(10, TimeUnit.SECONDS);
    return lookup;
  }

  /**
   * Runs {@code action} on a thread of its own, which must wait for the held lookup rather than
   * pass it; then lets the lookup finish, and waits for the action.
   */
  private void waitingForTheLookup(Runnable action) throws InterruptedException {
    Thread t = new Thread(action);
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.BLOCKED && t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime() - deadline).as("waiting for the lookup").isNegative();
      Thread.onSpinWait();
    }
    backing.findGate.release();
    t.join();
  }

  /** Records batch reads, can fail, and can hold a call after it has done its work. */
  static final class ObservedStore extends ForwardingTokenStore {
    final AtomicInteger finds = new AtomicInteger();
    final List<List<TokenId>> batches = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    final Gate findGate = new Gate();
    final Gate updateGate = new Gate();
    final Gate batchGate = new Gate();

    ObservedStore(TokenStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<TokenRecord> find(TokenId id) {
      finds.incrementAndGet();
      return findGate.pass(super.find(id));
    }

    @Override
    public TokenRecord update(TokenRecord updated) {
      return updateGate.pass(super.update(updated));
    }

    @Override
    public Map<TokenId, TokenRecord> findByIds(Collection<TokenId> ids) {
      if (failing) {
        throw new TokenStoreException("down", new java.io.IOException("refused"));
      }
      batches.add(List.copyOf(ids));
      return batchGate.pass(super.findByIds(ids));
    }
  }

  /** Holds the first call to pass after {@link #hold} until {@link #release}. */
  static final class Gate {
    /** Counted down when the held call has done its work and waits at the gate. */
    final CountDownLatch reached = new CountDownLatch(1);

    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean armed = new AtomicBoolean();

    void hold() {
      armed.set(true);
    }

    void release() {
      released.countDown();
    }

    <T> T pass(T result) {
      if (armed.compareAndSet(true, false)) {
        reached.countDown();
        try {
          released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return result;
    }
  }
}

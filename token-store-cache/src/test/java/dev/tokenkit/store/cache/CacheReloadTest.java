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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
    backing.holdBatches();
    CompletableFuture<Integer> reload =
        CompletableFuture.supplyAsync(() -> cache.reload(List.of(a.id())));
    backing.batchStarted.await(10, TimeUnit.SECONDS);

    assertThat(cache.find(a.id())).contains(revoked); // asked the store itself

    backing.releaseBatches();
    assertThat(reload.get(10, TimeUnit.SECONDS)).isZero(); // its copy no longer needed
    assertThat(cache.find(a.id())).contains(revoked);
  }

  @Test
  void aWriteHereDuringTheReadIsNotOverwrittenByTheOlderCopy() throws Exception {
    TokenRecord a = cached(1);
    revokedElsewhere(a);
    backing.holdBatches();
    CompletableFuture<Integer> reload =
        CompletableFuture.supplyAsync(() -> cache.reload(List.of(a.id())));
    backing.batchStarted.await(10, TimeUnit.SECONDS); // it has read the revoked copy

    TokenRecord mine =
        cache.update(backing.find(a.id()).orElseThrow().toBuilder().description("mine").build());
    assertThat(cache.find(a.id())).contains(mine);

    backing.releaseBatches();
    assertThat(reload.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(cache.find(a.id())).contains(mine);
  }

  @Test
  void aWriteHereDoesNotReplaceALaterVersionLookedUpMeanwhile() throws Exception {
    TokenRecord a = cached(1);
    backing.holdUpdates();
    CompletableFuture<TokenRecord> mine =
        CompletableFuture.supplyAsync(
            () -> cache.update(a.toBuilder().description("mine").build()));
    backing.updateDone.await(10, TimeUnit.SECONDS); // stored, not yet cached
    TokenRecord later = revokedElsewhere(a);
    cache.invalidate(a.id()); // announced; looked up again
    assertThat(cache.find(a.id())).contains(later);

    backing.releaseUpdates();
    assertThat(mine.get(10, TimeUnit.SECONDS).version()).isLessThan(later.version());
    assertThat(cache.find(a.id())).contains(later);
  }

  @Test
  void aLaterChangeElsewhereReplacesAWriteHereCachedDuringTheRead() throws Exception {
    TokenRecord a = cached(1);
    backing.holdUpdates();
    CompletableFuture<TokenRecord> mine =
        CompletableFuture.supplyAsync(
            () -> cache.update(a.toBuilder().description("mine").build()));
    backing.updateDone.await(10, TimeUnit.SECONDS); // stored, not yet cached
    TokenRecord later = revokedElsewhere(a);
    backing.holdBatches();
    CompletableFuture<Integer> reload =
        CompletableFuture.supplyAsync(() -> cache.reload(List.of(a.id())));
    backing.batchStarted.await(10, TimeUnit.SECONDS); // marked, and read the later copy

    backing.releaseUpdates();
    mine.get(10, TimeUnit.SECONDS); // cached over the marked entry
    backing.releaseBatches();
    assertThat(reload.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(cache.find(a.id())).contains(later);
  }

  @Test
  void aLookupUnderWayWhenANotCachedIdIsAnnouncedIsDroppedOnceItCompletes() throws Exception {
    TokenRecord a = backing.create(record(1));
    backing.holdFinds();
    CompletableFuture<Optional<TokenRecord>> lookup =
        CompletableFuture.supplyAsync(() -> cache.find(a.id()));
    backing.findStarted.await(10, TimeUnit.SECONDS); // it has read the copy before the write
    TokenRecord revoked = revokedElsewhere(a);

    AtomicInteger reloaded = new AtomicInteger(-1);
    Thread reload = new Thread(() -> reloaded.set(cache.reload(List.of(a.id()))));
    reload.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reload.getState() != Thread.State.BLOCKED && reload.getState() != Thread.State.WAITING) {
      // It must wait for the lookup under way, not read past it.
      assertThat(System.nanoTime() - deadline).as("reload waiting for the lookup").isNegative();
      Thread.onSpinWait();
    }
    backing.releaseFinds();
    assertThat(lookup.get(10, TimeUnit.SECONDS)).contains(a);
    reload.join();
    assertThat(reloaded).hasValue(0);

    assertThat(cache.find(a.id())).contains(revoked);
  }

  /** Records batch reads, can fail, and can hold a read after it has read until released. */
  static final class ObservedStore extends ForwardingTokenStore {
    final AtomicInteger finds = new AtomicInteger();
    final List<List<TokenId>> batches = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    final CountDownLatch batchStarted = new CountDownLatch(1);
    final CountDownLatch findStarted = new CountDownLatch(1);
    private volatile CountDownLatch batchGate = new CountDownLatch(0);
    private volatile CountDownLatch findGate = new CountDownLatch(0);
    private final CountDownLatch heldFind = new CountDownLatch(1);
    final CountDownLatch updateDone = new CountDownLatch(1);
    private volatile CountDownLatch updateGate = new CountDownLatch(0);
    private final CountDownLatch heldUpdate = new CountDownLatch(1);

    ObservedStore(TokenStore delegate) {
      super(delegate);
    }

    void holdBatches() {
      batchGate = new CountDownLatch(1);
    }

    void releaseBatches() {
      batchGate.countDown();
    }

    void holdUpdates() {
      updateGate = heldUpdate;
    }

    void releaseUpdates() {
      heldUpdate.countDown();
    }

    void holdFinds() {
      findGate = heldFind;
    }

    void releaseFinds() {
      heldFind.countDown();
    }

    @Override
    public Optional<TokenRecord> find(TokenId id) {
      finds.incrementAndGet();
      Optional<TokenRecord> found = super.find(id);
      CountDownLatch gate = findGate;
      findGate = new CountDownLatch(0); // holds the first read only
      findStarted.countDown();
      await(gate);
      return found;
    }

    @Override
    public TokenRecord update(TokenRecord updated) {
      TokenRecord stored = super.update(updated);
      CountDownLatch gate = updateGate;
      updateGate = new CountDownLatch(0); // holds the first write only
      updateDone.countDown();
      await(gate);
      return stored;
    }

    @Override
    public Map<TokenId, TokenRecord> findByIds(Collection<TokenId> ids) {
      if (failing) {
        throw new TokenStoreException("down", new java.io.IOException("refused"));
      }
      batches.add(List.copyOf(ids));
      Map<TokenId, TokenRecord> found = super.findByIds(ids);
      batchStarted.countDown();
      await(batchGate);
      return found;
    }

    private static void await(CountDownLatch gate) {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

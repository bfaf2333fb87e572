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
import dev.tokenkit.store.tck.TokenStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CachingTokenStoreTest {

  /** The cache keeps every promise of the SPI (it invalidates on its own writes). */
  @Nested
  class Contract extends TokenStoreContract {
    @Override
    protected TokenStore newStore() {
      return CachingTokenStore.builder().wrap(MemoryTokenStore.create());
    }
  }

  private final AtomicLong nanos = new AtomicLong();
  private final CountingStore backing = new CountingStore(MemoryTokenStore.create());
  private final CachingTokenStore cache =
      CachingTokenStore.builder().ttl(Duration.ofSeconds(10)).ticker(nanos::get).wrap(backing);

  private static TokenRecord record(String id) {
    return TokenRecord.builder()
        .id(TokenId.of(id))
        .kind(TokenKind.API)
        .name("n" + id)
        .secret(HashedSecret.of(1, new byte[32]))
        .createdAt(Instant.EPOCH)
        .build();
  }

  @Test
  void statisticsCountHitsMissesAndEvictionsWhenAskedFor() {
    CachingTokenStore counted =
        CachingTokenStore.builder().maximumSize(1).recordStats(true).wrap(backing);
    TokenRecord a = backing.create(record("aaaaaaaaaaaa"));
    TokenRecord b = backing.create(record("bbbbbbbbbbbb"));
    counted.find(a.id()); // miss
    counted.find(a.id()); // hit
    counted.find(b.id()); // miss, and a is evicted (size 1)
    assertThat(counted.hitCount()).isEqualTo(1);
    assertThat(counted.missCount()).isEqualTo(2);
    assertThat(counted.evictionCount()).isEqualTo(1);
    assertThat(counted.estimatedSize()).isEqualTo(1);
    // Off by default: nothing is counted, the size still is.
    cache.find(backing.create(record("cccccccccccc")).id());
    assertThat(cache.hitCount() + cache.missCount() + cache.evictionCount()).isZero();
    assertThat(cache.estimatedSize()).isEqualTo(1);
  }

  @Test
  void repeatedLookupsHitTheCacheUntilTheTtl() {
    TokenRecord r = backing.create(record("aaaaaaaaaaaa"));
    for (int i = 0; i < 10; i++) {
      assertThat(cache.find(r.id())).contains(r);
    }
    assertThat(backing.finds.get()).isEqualTo(1);
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(cache.find(r.id())).contains(r);
    assertThat(backing.finds.get()).isEqualTo(2);
  }

  @Test
  void negativeLookupsAreCachedAndCreateInvalidatesThem() {
    TokenId id = TokenId.of("bbbbbbbbbbbb");
    assertThat(cache.find(id)).isEmpty();
    assertThat(cache.find(id)).isEmpty();
    assertThat(backing.finds.get()).isEqualTo(1);
    TokenRecord r = cache.create(record("bbbbbbbbbbbb"));
    assertThat(cache.find(id)).contains(r);
  }

  @Test
  void otherNodesWritesAreSeenWithinTheTtlAndOwnWritesAtOnce() {
    TokenRecord r = cache.create(record("cccccccccccc"));
    assertThat(cache.find(r.id())).contains(r);
    // Another node revokes through the shared store, bypassing this cache.
    TokenRecord revoked = backing.update(r.toBuilder().revokedAt(Instant.EPOCH).build());
    assertThat(cache.find(r.id())).contains(r);
    nanos.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(cache.find(r.id())).contains(revoked);
    TokenRecord own = cache.update(revoked.toBuilder().description("mine").build());
    assertThat(cache.find(r.id())).contains(own);
    cache.delete(r.id());
    assertThat(cache.find(r.id())).isEmpty();
  }

  @Test
  void ownWritesAreCachedAsStoredWithoutALookupAndAFailedOneDropsTheEntry() {
    TokenId id = TokenId.of("jjjjjjjjjjjj");
    assertThat(cache.find(id)).isEmpty(); // a cached "not found"
    TokenRecord created = cache.create(record("jjjjjjjjjjjj"));
    assertThat(cache.find(id)).contains(created);
    TokenRecord edited = cache.update(created.toBuilder().description("edited").build());
    assertThat(edited.version()).isEqualTo(created.version() + 1);
    assertThat(cache.find(id)).contains(edited);
    assertThat(backing.finds.get()).isEqualTo(1);

    TokenRecord elsewhere = backing.update(edited.toBuilder().description("elsewhere").build());
    assertThatThrownBy(() -> cache.update(edited.toBuilder().description("lost").build()))
        .isInstanceOf(dev.tokenkit.store.spi.StaleTokenException.class);
    assertThat(cache.find(id)).contains(elsewhere); // looked up again
    assertThat(backing.finds.get()).isEqualTo(2);
  }

  @Test
  void recordedUsageIsSetInTheCachedCopyWithoutALookupOrALongerLife() {
    TokenRecord r = backing.create(record("ffffffffffff"));
    cache.find(r.id());
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    Instant used = Instant.parse("2026-05-01T00:00:00Z");
    cache.recordUsage(java.util.Map.of(r.id(), used));
    assertThat(cache.find(r.id()).orElseThrow().lastUsedAt()).contains(used);
    // An older use noted later does not move it back.
    cache.recordUsage(java.util.Map.of(r.id(), used.minusSeconds(60)));
    assertThat(cache.find(r.id()).orElseThrow().lastUsedAt()).contains(used);
    assertThat(backing.finds.get()).isEqualTo(1);
    // Still expires 10 s after the lookup, not after the usage flush.
    TokenRecord revoked =
        backing.update(backing.find(r.id()).orElseThrow().toBuilder().revokedAt(used).build());
    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(cache.find(r.id())).contains(revoked);
    // Tokens not cached stay out of the cache.
    cache.recordUsage(java.util.Map.of(TokenId.of("gggggggggggg"), used));
    assertThat(cache.estimatedSize()).isEqualTo(1);
  }

  @Test
  void invalidateDropsOneLookupAndInvalidateAllEvery() {
    TokenRecord a = cache.create(record("hhhhhhhhhhhh"));
    TokenRecord b = cache.create(record("iiiiiiiiiiii"));
    cache.find(a.id());
    cache.find(b.id());
    TokenRecord revokedA = backing.update(a.toBuilder().revokedAt(Instant.EPOCH).build());
    TokenRecord revokedB = backing.update(b.toBuilder().revokedAt(Instant.EPOCH).build());
    cache.invalidate(a.id());
    assertThat(cache.find(a.id())).contains(revokedA);
    assertThat(cache.find(b.id())).contains(b);
    cache.invalidateAll();
    assertThat(cache.find(b.id())).contains(revokedB);
    assertThatThrownBy(() -> cache.invalidate(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
  }

  @Test
  void failuresAreNotCached() {
    TokenRecord r = cache.create(record("dddddddddddd"));
    backing.failing = true;
    assertThatThrownBy(() -> cache.find(TokenId.of("eeeeeeeeeeee")))
        .isInstanceOf(TokenStoreException.class);
    backing.failing = false;
    assertThat(cache.find(TokenId.of("eeeeeeeeeeee"))).isEmpty();
    assertThat(cache.find(r.id())).contains(r);
  }

  @Test
  void builderRefusesBadSettings() {
    assertThatThrownBy(() -> CachingTokenStore.builder().ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachingTokenStore.builder().ttl(Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachingTokenStore.builder().maximumSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachingTokenStore.builder().wrap(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CachingTokenStore.builder().wrap(MemoryTokenStore.create()).ttl())
        .isEqualTo(Duration.ofSeconds(10));
  }

  /** Counts lookups and can fail, for the tests above. */
  static final class CountingStore extends ForwardingTokenStore {
    final AtomicInteger finds = new AtomicInteger();
    volatile boolean failing;

    CountingStore(TokenStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<TokenRecord> find(TokenId id) {
      if (failing) {
        throw new TokenStoreException("down", new java.io.IOException("refused"));
      }
      finds.incrementAndGet();
      return super.find(id);
    }
  }
}

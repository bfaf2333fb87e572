package dev.tokenkit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TokenStore#consumeUse}: of many concurrent uses of a token with {@code n}
 * uses left, exactly {@code n} succeed, the count is read from the store (never a cache), and an
 * edit read before a use cannot overwrite it. Part of {@link TokenStoreContract}.
 */
public interface UseLimitContract {

  /** The store under test. */
  TokenStore storeUnderTest();

  @Test
  default void usesAreCountedDownToZeroAndThenRefused() {
    TokenStore store = storeUnderTest();
    TokenRecord limited =
        store.create(
            TokenStoreContract.record(TokenStoreContract.id(1), "three uses").toBuilder()
                .remainingUses(3L)
                .build());
    assertThat(store.find(limited.id()).orElseThrow().remainingUses()).hasValue(3);
    assertThat(store.consumeUse(limited.id())).hasValue(2);
    assertThat(store.consumeUse(limited.id())).hasValue(1);
    assertThat(store.consumeUse(limited.id())).hasValue(0);
    assertThat(store.consumeUse(limited.id())).hasValue(-1);
    assertThat(store.find(limited.id()).orElseThrow().remainingUses()).hasValue(0);
    TokenRecord unlimited =
        store.create(TokenStoreContract.record(TokenStoreContract.id(2), "unlimited"));
    assertThat(store.consumeUse(unlimited.id())).isEmpty();
    assertThat(store.find(unlimited.id()).orElseThrow().version())
        .isEqualTo(unlimited.version()); // nothing written
    assertThat(store.consumeUse(TokenStoreContract.id(3))).isEmpty();
    assertThatThrownBy(() -> store.consumeUse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void anEditReadBeforeAUseCannotOverwriteTheCount() {
    TokenStore store = storeUnderTest();
    TokenRecord read =
        store.create(
            TokenStoreContract.record(TokenStoreContract.id(1), "edited").toBuilder()
                .remainingUses(5L)
                .build());
    assertThat(store.consumeUse(read.id())).hasValue(4);
    assertThatThrownBy(() -> store.update(read.toBuilder().description("late edit").build()))
        .isInstanceOf(StaleTokenException.class);
    TokenRecord fresh = store.find(read.id()).orElseThrow();
    TokenRecord edited = store.update(fresh.toBuilder().remainingUses(10L).build());
    assertThat(edited.remainingUses()).hasValue(10);
    assertThat(store.consumeUse(read.id())).hasValue(9);
  }

  @Test
  default void concurrentUsesNeverExceedTheCount() throws Exception {
    TokenStore store = storeUnderTest();
    int uses = 40;
    TokenRecord limited =
        store.create(
            TokenStoreContract.record(TokenStoreContract.id(1), "contended").toBuilder()
                .remainingUses((long) uses)
                .build());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger granted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Long> left = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 10; i++) {
                    OptionalLong answer = store.consumeUse(limited.id());
                    if (answer.orElseThrow() >= 0) {
                      granted.incrementAndGet();
                      left.add(answer.getAsLong());
                    } else {
                      refused.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> run : runs) {
        run.get(60, TimeUnit.SECONDS);
      }
      assertThat(granted.get()).isEqualTo(uses);
      assertThat(refused.get()).isEqualTo(80 - uses);
      // Each remaining count was handed out once: no two uses saw the same one.
      assertThat(left).doesNotHaveDuplicates().hasSize(uses);
      assertThat(store.find(limited.id()).orElseThrow().remainingUses()).hasValue(0);
    } finally {
      threads.shutdownNow();
    }
  }
}

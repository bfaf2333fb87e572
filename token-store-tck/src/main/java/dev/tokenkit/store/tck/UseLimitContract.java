package dev.tokenkit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.UseRefill;
import java.time.Duration;
import java.time.Instant;
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
    assertThat(store.consumeUse(limited.id(), TokenStoreContract.NOW)).hasValue(2);
    assertThat(store.consumeUse(limited.id(), TokenStoreContract.NOW)).hasValue(1);
    assertThat(store.consumeUse(limited.id(), TokenStoreContract.NOW)).hasValue(0);
    assertThat(store.consumeUse(limited.id(), TokenStoreContract.NOW)).hasValue(-1);
    assertThat(store.find(limited.id()).orElseThrow().remainingUses()).hasValue(0);
    TokenRecord unlimited =
        store.create(TokenStoreContract.record(TokenStoreContract.id(2), "unlimited"));
    assertThat(store.consumeUse(unlimited.id(), TokenStoreContract.NOW)).isEmpty();
    assertThat(store.find(unlimited.id()).orElseThrow().version())
        .isEqualTo(unlimited.version()); // nothing written
    assertThat(store.consumeUse(TokenStoreContract.id(3), TokenStoreContract.NOW)).isEmpty();
    assertThatThrownBy(() -> store.consumeUse(null, TokenStoreContract.NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void anEditReadBeforeAUseCannotOverwriteTheCount() {
    TokenStore store = storeUnderTest();
    TokenRecord read =
        store.create(
            TokenStoreContract.record(TokenStoreContract.id(1), "edited").toBuilder()
                .remainingUses(5L)
                .build());
    assertThat(store.consumeUse(read.id(), TokenStoreContract.NOW)).hasValue(4);
    assertThatThrownBy(() -> store.update(read.toBuilder().description("late edit").build()))
        .isInstanceOf(StaleTokenException.class);
    TokenRecord fresh = store.find(read.id()).orElseThrow();
    TokenRecord edited = store.update(fresh.toBuilder().remainingUses(10L).build());
    assertThat(edited.remainingUses()).hasValue(10);
    assertThat(store.consumeUse(read.id(), TokenStoreContract.NOW)).hasValue(9);
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
                    OptionalLong answer = store.consumeUse(limited.id(), TokenStoreContract.NOW);
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

  @Test
  default void aRefillStartsEachPeriodWithItsUsesAgain() {
    TokenStore store = storeUnderTest();
    Instant now = TokenStoreContract.NOW;
    TokenRecord limited =
        store.create(
            TokenStoreContract.record(TokenStoreContract.id(1), "two an hour").toBuilder()
                .remainingUses(2L)
                .usesRefill(UseRefill.of(2, Duration.ofHours(1), now))
                .build());
    assertThat(store.consumeUse(limited.id(), now)).hasValue(1);
    assertThat(store.consumeUse(limited.id(), now.plusSeconds(60))).hasValue(0);
    assertThat(store.consumeUse(limited.id(), now.plusSeconds(3599))).hasValue(-1);
    // The next period: two again (this use takes one); unused ones never carry over.
    assertThat(store.consumeUse(limited.id(), now.plusSeconds(3600))).hasValue(1);
    TokenRecord read = store.find(limited.id()).orElseThrow();
    assertThat(read.usesRefill().orElseThrow().periodStart()).isEqualTo(now.plusSeconds(3600));
    // Hours later: the period that holds now, in whole periods from the first.
    assertThat(store.consumeUse(limited.id(), now.plus(Duration.ofMinutes(330)))).hasValue(1);
    assertThat(store.find(limited.id()).orElseThrow().usesRefill().orElseThrow().periodStart())
        .isEqualTo(now.plus(Duration.ofHours(5)));
    assertThat(store.find(limited.id()).orElseThrow().remainingUses()).hasValue(1);
  }
}

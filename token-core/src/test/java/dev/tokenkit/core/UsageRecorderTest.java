package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UsageRecorderTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.service();

  @Test
  void usagesAreCoalescedAndFlushedInOneBatchWithTheLatestTime() {
    IssuedToken a = service.create(f.admin, CreateTokenRequest.named("a").build());
    IssuedToken b = service.create(f.admin, CreateTokenRequest.named("b").build());
    for (int i = 0; i < 50; i++) {
      f.clock.advance(Duration.ofSeconds(1));
      service.authenticate(a.token(), null);
    }
    service.authenticate(b.token(), null);
    service.authenticate("garbage", null);
    assertThat(service.usage().pending()).isEqualTo(2);
    assertThat(f.store.usageBatches).isEmpty();

    assertThat(service.usage().flush()).isEqualTo(2);
    assertThat(f.store.usageBatches).hasSize(1);
    assertThat(f.store.usageBatches.get(0))
        .isEqualTo(Map.of(a.id(), f.clock.instant(), b.id(), f.clock.instant()));
    assertThat(service.get(f.admin, a.id()).orElseThrow().lastUsedAt()).contains(f.clock.instant());
    assertThat(service.usage().pending()).isZero();
    assertThat(service.usage().flush()).isZero();
    assertThat(f.store.usageBatches).hasSize(1);
  }

  @Test
  void usageIsKeptToTheSecond() {
    IssuedToken a = service.create(f.admin, CreateTokenRequest.named("a").build());
    f.clock.advance(Duration.ofMillis(200));
    Instant first = f.clock.instant();
    service.authenticate(a.token(), null);
    f.clock.advance(Duration.ofMillis(700)); // same second: not noted again
    service.authenticate(a.token(), null);
    service.usage().flush();
    assertThat(service.get(f.admin, a.id()).orElseThrow().lastUsedAt()).contains(first);

    f.clock.advance(Duration.ofMillis(200)); // the next second
    Instant later = f.clock.instant();
    service.authenticate(a.token(), null);
    service.usage().flush();
    assertThat(service.get(f.admin, a.id()).orElseThrow().lastUsedAt()).contains(later);
  }

  @Test
  void aFailedFlushKeepsTheBatchForTheNextOne() {
    IssuedToken a = service.create(f.admin, CreateTokenRequest.named("a").build());
    service.authenticate(a.token(), null);
    f.store.failing = true;
    assertThatThrownBy(() -> service.usage().flush()).isInstanceOf(TokenStoreException.class);
    assertThat(service.usage().pending()).isEqualTo(1);
    f.store.failing = false;
    assertThat(service.usage().flush()).isEqualTo(1);
    assertThat(service.get(f.admin, a.id()).orElseThrow().lastUsedAt()).contains(Fixtures.T0);
  }

  @Test
  void concurrentAuthenticationsLoseNoUsage() throws Exception {
    List<IssuedToken> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tokens.add(service.create(f.admin, CreateTokenRequest.named("t" + i).build()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 200; round++) {
                    for (IssuedToken token : tokens) {
                      service.authenticate(token.token(), null);
                    }
                    if (round % 50 == 0) {
                      service.usage().flush();
                    }
                  }
                }));
      }
      for (Future<?> r : runs) {
        r.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    service.usage().flush();
    for (IssuedToken token : tokens) {
      assertThat(service.get(f.admin, token.id()).orElseThrow().lastUsedAt()).contains(Fixtures.T0);
    }
  }

  @Test
  void scheduleFlushRunsOnTheHostsExecutor() throws Exception {
    IssuedToken a = service.create(f.admin, CreateTokenRequest.named("a").build());
    service.authenticate(a.token(), null);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      ScheduledFuture<?> task = service.usage().scheduleFlush(executor, Duration.ofMillis(10));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // Poll the store, not pending(): a flush empties the buffer before its batch is written.
      while (service.get(f.admin, a.id()).orElseThrow().lastUsedAt().isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      task.cancel(false);
      assertThat(service.get(f.admin, a.id()).orElseThrow().lastUsedAt()).contains(Fixtures.T0);
    } finally {
      executor.shutdownNow();
    }
    assertThatThrownBy(() -> service.usage().scheduleFlush(null, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.usage().scheduleFlush(executor, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.usage().scheduleFlush(executor, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usageOfADeletedTokenIsSkipped() {
    IssuedToken a = service.create(f.admin, CreateTokenRequest.named("a").build());
    service.authenticate(a.token(), null);
    service.delete(f.admin, a.id());
    assertThat(service.usage().flush()).isEqualTo(1);
    assertThat(service.get(f.admin, a.id())).isEmpty();
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenStore;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class UsageBufferTest {

  private static final long T0 = Instant.parse("2026-03-01T12:00:00Z").getEpochSecond();

  /** A store that only records usage batches. */
  private static TokenStore recording(List<Map<TokenId, Instant>> batches) {
    return (TokenStore)
        Proxy.newProxyInstance(
            TokenStore.class.getClassLoader(),
            new Class<?>[] {TokenStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("recordUsage")) {
                @SuppressWarnings("unchecked")
                Map<TokenId, Instant> batch = (Map<TokenId, Instant>) args[0];
                batches.add(Map.copyOf(batch));
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static TokenId id(int n) {
    return TokenId.of(String.format("%012d", n));
  }

  /**
   * Against a map model: a note counts when the token is new or its second is later than the noted
   * one; a flush writes exactly the noted tokens and empties the buffer. Ids 0..299 force growth;
   * times move both ways.
   */
  @Test
  void behavesLikeTheModel() {
    qt().withExamples(200)
        .forAll(
            lists()
                .of(integers().between(-1, 299))
                .ofSizeBetween(0, 600), // -1 is a flush, else a token
            lists().of(integers().between(0, 5_000)).ofSize(600))
        .checkAssert(
            (ops, millis) -> {
              List<Map<TokenId, Instant>> batches = new ArrayList<>();
              UsageBuffer buffer = new UsageBuffer(recording(batches));
              Map<TokenId, Instant> model = new HashMap<>();
              List<Map<TokenId, Instant>> expected = new ArrayList<>();
              for (int k = 0; k < ops.size(); k++) {
                int op = ops.get(k);
                if (op < 0) {
                  int written = buffer.flush();
                  assertThat(written).isEqualTo(model.size());
                  if (!model.isEmpty()) {
                    expected.add(Map.copyOf(model));
                  }
                  model.clear();
                  continue;
                }
                TokenId id = id(op);
                Instant at = Instant.ofEpochSecond(T0).plusMillis(millis.get(k));
                Instant seen = model.get(id);
                if (seen == null || seen.getEpochSecond() < at.getEpochSecond()) {
                  model.put(id, at);
                }
                buffer.note(id, at);
                assertThat(buffer.pending()).isEqualTo(model.size());
              }
              assertThat(batches).isEqualTo(expected);
            });
  }

  /**
   * Four threads note 200 tokens with their own clocks moving forward while another flushes: the
   * flushed batches together hold, per token, the latest second any thread noted.
   */
  @Test
  void concurrentNotesAndFlushesLoseNoLatestSecond() throws InterruptedException {
    List<Map<TokenId, Instant>> batches = new CopyOnWriteArrayList<>();
    UsageBuffer buffer = new UsageBuffer(recording(batches));
    Map<TokenId, Long> latestNoted = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                awaitQuietly(start);
                for (int round = 0; round < 300; round++) {
                  long second = T0 + round * 2L + (thread & 1);
                  for (int n = 0; n < 200; n++) {
                    buffer.note(id(n), Instant.ofEpochSecond(second, thread));
                    latestNoted.merge(id(n), second, Math::max);
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    Thread flusher =
        new Thread(
            () -> {
              while (threads.stream().anyMatch(Thread::isAlive)) {
                buffer.flush();
              }
            });
    flusher.start();
    for (Thread t : threads) {
      t.join();
    }
    flusher.join();
    buffer.flush();
    Map<TokenId, Long> latestFlushed = new HashMap<>();
    for (Map<TokenId, Instant> batch : batches) {
      batch.forEach((id, at) -> latestFlushed.merge(id, at.getEpochSecond(), Math::max));
    }
    assertThat(latestFlushed).isEqualTo(latestNoted);
    assertThat(buffer.pending()).isZero();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

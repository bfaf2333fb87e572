package dev.tokenkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadCacheTest {

  /** Stands in for virtual threads on JDK 17: threads named "pooled-…" use the pool. */
  private static boolean namedPooled(Thread thread) {
    return thread.getName().startsWith("pooled-");
  }

  private static <T> T onThread(String name, java.util.function.Supplier<T> work)
      throws InterruptedException {
    AtomicReference<T> result = new AtomicReference<>();
    Thread thread = new Thread(() -> result.set(work.get()), name);
    thread.start();
    thread.join();
    return result.get();
  }

  @Test
  void aPlatformThreadKeepsItsOwnInstanceAndAnotherThreadGetsAnother() throws Exception {
    AtomicInteger built = new AtomicInteger();
    ThreadCache<Object> cache = ThreadCache.of(() -> built.incrementAndGet());
    Object first = cache.acquire();
    cache.release(first);
    assertThat(cache.acquire()).isSameAs(first);
    assertThat(onThread("platform-1", cache::acquire)).isNotEqualTo(first);
    assertThat(built).hasValue(2);
    assertThat(cache.spareCount()).isZero();
  }

  @Test
  void onThisJdkTheCurrentThreadIsNotVirtual() {
    assertThat(ThreadCache.isVirtual(Thread.currentThread())).isFalse();
  }

  @Test
  void aNewPooledThreadReusesWhatAnEarlierOneReleased() throws Exception {
    AtomicInteger built = new AtomicInteger();
    ThreadCache<Integer> cache =
        ThreadCache.pooling(built::incrementAndGet, ThreadCacheTest::namedPooled);
    for (int i = 0; i < 100; i++) {
      onThread(
          "pooled-" + i,
          () -> {
            Integer instance = cache.acquire();
            cache.release(instance);
            return instance;
          });
    }
    assertThat(built).hasValue(1);
    assertThat(cache.spareCount()).isEqualTo(1);
  }

  @Test
  void pooledInstancesAreNeverSharedByThreadsAtOnceAndThePoolStaysBounded() throws Exception {
    AtomicInteger built = new AtomicInteger();
    ThreadCache<Integer> cache =
        ThreadCache.pooling(built::incrementAndGet, ThreadCacheTest::namedPooled);
    Set<Integer> inUse = ConcurrentHashMap.newKeySet();
    AtomicInteger clashes = new AtomicInteger();
    int threads = 64;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 2_000; i++) {
                  Integer instance = cache.acquire();
                  if (!inUse.add(instance)) {
                    clashes.incrementAndGet();
                  }
                  for (int spin = 0; spin < 50; spin++) {
                    Thread.onSpinWait(); // hold it a moment, so that others try to take it
                  }
                  inUse.remove(instance);
                  cache.release(instance);
                }
              },
              "pooled-" + t);
      thread.start();
      started.add(thread);
    }
    start.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    assertThat(clashes).hasValue(0);
    int slots = Integer.highestOneBit(Math.max(16, Runtime.getRuntime().availableProcessors() * 4));
    assertThat(cache.spareCount()).isBetween(1, slots);
  }
}

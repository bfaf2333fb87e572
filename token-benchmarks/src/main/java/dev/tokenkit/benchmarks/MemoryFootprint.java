package dev.tokenkit.benchmarks;

import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenStore;
import java.util.Locale;

/**
 * Fills a memory store with tokens and prints the retained heap per token, measured after GC.
 * Usage: {@code java -Xmx4g -cp benchmarks.jar dev.tokenkit.benchmarks.MemoryFootprint [count]}.
 */
public final class MemoryFootprint {

  private MemoryFootprint() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long before = usedAfterGc();
    TokenStore store = MemoryTokenStore.create();
    TokenService service = Fixture.service(store);
    Fixture.createTokens(service, count).clear();
    long after = usedAfterGc();
    double perToken = (after - before) / (double) count;
    System.out.printf(
        Locale.ROOT,
        "tokens=%d retained=%d bytes per_token=%.1f bytes%n",
        count,
        after - before,
        perToken);
    if (store.find(dev.tokenkit.store.spi.TokenId.of("000000000000")).isPresent()) {
      System.out.println(); // keeps the store reachable until after the measurement
    }
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}

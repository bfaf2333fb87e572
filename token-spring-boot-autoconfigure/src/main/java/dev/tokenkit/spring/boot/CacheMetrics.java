package dev.tokenkit.spring.boot;

import dev.tokenkit.store.cache.CachingTokenStore;
import dev.tokenkit.store.spi.TokenStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The token cache's meters: {@code tokenkit.cache.size}, {@code tokenkit.cache.gets} tagged {@code
 * result} ({@code hit}, {@code miss}) and {@code tokenkit.cache.evictions}. Kept apart so that the
 * cache module's classes load only when it is present.
 */
final class CacheMetrics {

  private CacheMetrics() {}

  static void bind(TokenStore store, MeterRegistry registry) {
    if (!(store instanceof CachingTokenStore cache)) {
      return;
    }
    Gauge.builder("tokenkit.cache.size", cache, CachingTokenStore::estimatedSize)
        .description("Tokens in the lookup cache (about)")
        .register(registry);
    FunctionCounter.builder("tokenkit.cache.gets", cache, CachingTokenStore::hitCount)
        .description("Token lookups answered by the cache (hit) or the store (miss)")
        .tag("result", "hit")
        .register(registry);
    FunctionCounter.builder("tokenkit.cache.gets", cache, CachingTokenStore::missCount)
        .description("Token lookups answered by the cache (hit) or the store (miss)")
        .tag("result", "miss")
        .register(registry);
    FunctionCounter.builder("tokenkit.cache.evictions", cache, CachingTokenStore::evictionCount)
        .description("Tokens dropped from the cache to keep its size bound")
        .register(registry);
  }
}

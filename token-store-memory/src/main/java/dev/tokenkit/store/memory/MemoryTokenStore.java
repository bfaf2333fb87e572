package dev.tokenkit.store.memory;

import dev.tokenkit.store.memory.internal.ConcurrentMapStore;
import dev.tokenkit.store.spi.TokenStore;

/**
 * Creates in-memory token stores, for tests, demos and single-node hosts that can lose their tokens
 * on restart.
 *
 * <p>The store is thread-safe: reads ({@code find}, {@code findByName}, {@code list}) take no lock;
 * writes are serialised by one lock so that id and name uniqueness and compare-and-set updates are
 * atomic. Paging walks ids in order and is stable under concurrent inserts and deletes.
 */
public final class MemoryTokenStore {

  private MemoryTokenStore() {}

  /** A new, empty store. */
  public static TokenStore create() {
    return new ConcurrentMapStore();
  }
}

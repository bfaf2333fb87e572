package dev.tokenkit.store.memory;

import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.tck.TokenStoreContract;

/** The memory store against the full conformance kit. */
class MemoryTokenStoreTest extends TokenStoreContract {

  @Override
  protected TokenStore newStore() {
    return MemoryTokenStore.create();
  }
}

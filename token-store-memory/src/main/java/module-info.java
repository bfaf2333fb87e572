/** A thread-safe in-memory {@link dev.tokenkit.store.spi.TokenStore}. */
module dev.tokenkit.store.memory {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.store.spi;

  exports dev.tokenkit.store.memory;
}

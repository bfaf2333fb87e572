/** A caching {@link dev.tokenkit.store.spi.TokenStore} decorator on Caffeine. */
module dev.tokenkit.store.cache {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.store.spi;
  requires com.github.benmanes.caffeine;

  exports dev.tokenkit.store.cache;
}

/**
 * The conformance kit for {@link dev.tokenkit.store.spi.TokenStore} implementations: extend {@link
 * dev.tokenkit.store.tck.TokenStoreContract} in a JUnit Jupiter test.
 */
module dev.tokenkit.store.tck {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.store.spi;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires quicktheories;

  exports dev.tokenkit.store.tck;
}

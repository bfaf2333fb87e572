/**
 * The tokenkit storage SPI: the {@link dev.tokenkit.store.spi.TokenStore} interface that hosts
 * implement (or take ready-made) and the immutable value types it persists. This module has no
 * dependencies.
 */
module dev.tokenkit.store.spi {
  requires static transitive org.jspecify;

  exports dev.tokenkit.store.spi;
}

/**
 * tokenkit core: token format, secret hashing, the lifecycle service and authentication. Only
 * {@code dev.tokenkit.core} is API; {@code dev.tokenkit.core.internal} is not exported.
 */
module dev.tokenkit.core {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.store.spi;
  requires org.slf4j;

  exports dev.tokenkit.core;
}

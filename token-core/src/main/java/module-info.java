/**
 * tokenkit core: token format, secret hashing, the lifecycle service and authentication, in one
 * package: its public types are the API, and the implementation beside them is package-private.
 */
@SuppressWarnings("module") // the qualified export names a module built after this one
module dev.tokenkit.core {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.store.spi;
  requires org.slf4j;

  exports dev.tokenkit.core;
  exports dev.tokenkit.core.internal to
      dev.tokenkit.jwt;
}

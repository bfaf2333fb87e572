/**
 * tokenkit JWT: long-term HS512 JWTs for server tokens, a hardened verifier (RFC 8725). Only {@code
 * dev.tokenkit.jwt} is API.
 */
module dev.tokenkit.jwt {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.core;

  exports dev.tokenkit.jwt;
}

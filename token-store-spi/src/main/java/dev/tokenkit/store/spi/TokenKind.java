package dev.tokenkit.store.spi;

/** The kinds of token. */
public enum TokenKind {
  /** A bearer token sent as {@code Authorization: Bearer ...}. */
  API,
  /** A public key plus a secret, used to sign requests or obtain a long-term JWT. */
  SERVER,
  /** A public key embedded in web pages and bound to host patterns; it has no secret. */
  BROWSER
}

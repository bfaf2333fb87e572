package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;

/** A management operation named a token id that does not exist. */
public final class TokenNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String tokenId;

  /**
   * @param tokenId the missing token
   */
  public TokenNotFoundException(TokenId tokenId) {
    super("no token with id " + tokenId);
    this.tokenId = tokenId.value();
  }

  /** The missing token. */
  public TokenId tokenId() {
    return TokenId.of(tokenId);
  }
}

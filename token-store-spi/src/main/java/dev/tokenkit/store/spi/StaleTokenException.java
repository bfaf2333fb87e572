package dev.tokenkit.store.spi;

/**
 * Thrown by {@link TokenStore#update} when the stored record's version differs from the version of
 * the record passed in (another writer got there first), or when the token no longer exists.
 * Nothing was written; re-read the token and try again.
 */
public final class StaleTokenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String tokenId;

  /**
   * @param tokenId the token whose update lost
   * @param expectedVersion the version the caller based its update on
   */
  public StaleTokenException(TokenId tokenId, long expectedVersion) {
    super(
        "token "
            + tokenId
            + " was changed or deleted concurrently (update was based on version "
            + expectedVersion
            + ")");
    this.tokenId = tokenId.value();
  }

  /** The token whose update lost. */
  public TokenId tokenId() {
    return TokenId.of(tokenId);
  }
}

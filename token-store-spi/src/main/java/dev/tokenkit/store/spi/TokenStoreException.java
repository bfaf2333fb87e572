package dev.tokenkit.store.spi;

/**
 * The store failed (connection lost, I/O error, ...). Messages never contain secret material. A
 * failed write leaves either the whole change or nothing.
 */
public class TokenStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, without secret material
   * @param cause the underlying failure
   */
  public TokenStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

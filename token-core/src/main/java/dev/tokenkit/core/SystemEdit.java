package dev.tokenkit.core;

import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An edit of one token that no actor makes (a leak report's revocation, an expiry notice): written
 * with the store's compare-and-set, and when another write came first, the token is read again and
 * the edit decides again. Stateless.
 */
final class SystemEdit {

  private static final int ATTEMPTS = 3;

  private SystemEdit() {}

  /**
   * Stores {@code edit} of {@code found}: the token as stored, or null when the edit answered null
   * (nothing to do, as the token is now) or the token is gone.
   *
   * @throws StaleTokenException if every attempt lost its race
   */
  static @Nullable TokenRecord apply(
      TokenStore store, TokenRecord found, Function<TokenRecord, @Nullable TokenRecord> edit) {
    TokenRecord current = found;
    for (int attempt = 1; ; attempt++) {
      TokenRecord next = edit.apply(current);
      if (next == null) {
        return null;
      }
      try {
        return store.update(next);
      } catch (StaleTokenException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        TokenRecord reread = store.find(found.id()).orElse(null);
        if (reread == null) {
          return null;
        }
        current = reread;
      }
    }
  }
}

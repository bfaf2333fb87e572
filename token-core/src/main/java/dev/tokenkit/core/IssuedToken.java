package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import org.jspecify.annotations.Nullable;

/**
 * A token just created or regenerated: the stored record plus the plaintext token string. The
 * plaintext exists only here: show it to the user once and drop it; the store keeps only a hash.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the token string.
 */
public final class IssuedToken {

  private final TokenRecord record;
  private final String token;

  private IssuedToken(TokenRecord record, String token) {
    this.record = record;
    this.token = token;
  }

  /**
   * The issued token of {@code record}, with its plaintext {@code token}.
   *
   * @throws IllegalArgumentException if either argument is null
   */
  public static IssuedToken of(@Nullable TokenRecord record, @Nullable String token) {
    if (record == null || token == null) {
      throw new IllegalArgumentException("record and token are required");
    }
    return new IssuedToken(record, token);
  }

  /** The token's public id. */
  public TokenId id() {
    return record.id();
  }

  /** The record as stored (no plaintext secret). */
  public TokenRecord record() {
    return record;
  }

  /** The plaintext token string to hand to the user, once. */
  public String token() {
    return token;
  }

  @Override
  public String toString() {
    return "IssuedToken[id=" + record.id() + ", name=" + record.name() + ", token=redacted]";
  }
}

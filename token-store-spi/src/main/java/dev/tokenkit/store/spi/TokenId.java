package dev.tokenkit.store.spi;

import org.jspecify.annotations.Nullable;

/**
 * The public identifier of a token: exactly {@value #LENGTH} base62 characters ({@code 0-9}, {@code
 * A-Z}, {@code a-z}). It is the primary key, safe to show in lists and logs, and is ordered by its
 * string value (ASCII order), which stores use for cursor paging.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenId implements Comparable<TokenId> {

  /** The number of characters in every token id. */
  public static final int LENGTH = 12;

  private final String value;

  private TokenId(String value) {
    this.value = value;
  }

  /**
   * Parses a token id.
   *
   * @throws IllegalArgumentException if {@code value} is null or not exactly {@value #LENGTH}
   *     base62 characters
   */
  public static TokenId of(@Nullable String value) {
    if (value == null || !isValid(value)) {
      throw new IllegalArgumentException(
          "token id must be exactly " + LENGTH + " characters of [0-9A-Za-z]");
    }
    return new TokenId(value);
  }

  /** Whether {@code value} is a well-formed token id. Never throws. */
  public static boolean isValid(@Nullable String value) {
    if (value == null || value.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (!isBase62(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} is one of the 62 characters {@code 0-9A-Za-z}. */
  public static boolean isBase62(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  /** The id as a string. */
  public String value() {
    return value;
  }

  @Override
  public int compareTo(TokenId other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenId other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** The id itself: ids are public. */
  @Override
  public String toString() {
    return value;
  }
}

package dev.tokenkit.store.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * The prefix of the store's table names (and of its PostgreSQL channel): empty, or a lower-case
 * letter followed by up to 30 of {@code [a-z0-9_]}, so that it is safe inside SQL text.
 */
final class TablePrefix {

  static final String DEFAULT = "tokenkit_";

  private TablePrefix() {}

  /**
   * {@code prefix} if well formed.
   *
   * @throws IllegalArgumentException if null or malformed
   */
  static String check(@Nullable String prefix) {
    if (prefix == null || !prefix.matches("([a-z][a-z0-9_]{0,30})?")) {
      throw new IllegalArgumentException("tablePrefix must be empty or [a-z][a-z0-9_]{0,30}");
    }
    return prefix;
  }
}

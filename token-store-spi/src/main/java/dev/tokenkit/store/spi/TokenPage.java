package dev.tokenkit.store.spi;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@link TokenStore#list} results, ordered by token id, and the cursor for the next
 * page. Immutable and thread-safe.
 */
public final class TokenPage {

  private final List<TokenRecord> items;
  private final @Nullable String nextCursor;

  private TokenPage(List<TokenRecord> items, @Nullable String nextCursor) {
    this.items = items;
    this.nextCursor = nextCursor;
  }

  /**
   * A page.
   *
   * @param items the records of this page, in id order
   * @param nextCursor the cursor of the next page, or null if this is the last page
   * @throws IllegalArgumentException if {@code items} is null or contains null
   */
  public static TokenPage of(@Nullable List<TokenRecord> items, @Nullable String nextCursor) {
    if (items == null) {
      throw new IllegalArgumentException("items must not be null");
    }
    try {
      return new TokenPage(List.copyOf(items), nextCursor);
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("items must not contain null", e);
    }
  }

  /** The records of this page, ordered by id. */
  public List<TokenRecord> items() {
    return items;
  }

  /** The cursor to pass to {@link TokenStore#list} for the next page; empty on the last page. */
  public Optional<String> nextCursor() {
    return Optional.ofNullable(nextCursor);
  }

  @Override
  public String toString() {
    return "TokenPage[" + items.size() + " items, nextCursor=" + nextCursor + "]";
  }
}

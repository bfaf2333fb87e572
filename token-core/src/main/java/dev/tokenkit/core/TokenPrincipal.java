package dev.tokenkit.core;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Who a successfully authenticated request acts as: the token and its owner. Immutable and
 * thread-safe; holds no secret material.
 */
public final class TokenPrincipal {

  private final TokenId tokenId;
  private final TokenKind kind;
  private final String name;
  private final @Nullable String ownerId;
  private final AccessMode accessMode;

  private TokenPrincipal(TokenRecord record) {
    this.tokenId = record.id();
    this.kind = record.kind();
    this.name = record.name();
    this.ownerId = record.ownerId().orElse(null);
    this.accessMode = record.accessMode();
  }

  /**
   * The principal of {@code record}.
   *
   * @throws IllegalArgumentException if {@code record} is null
   */
  public static TokenPrincipal of(@Nullable TokenRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("record is required");
    }
    return new TokenPrincipal(record);
  }

  public TokenId tokenId() {
    return tokenId;
  }

  public TokenKind kind() {
    return kind;
  }

  /** The token's display name. */
  public String name() {
    return name;
  }

  /** The owner whose permissions bound the token, if it has one. */
  public Optional<String> ownerId() {
    return Optional.ofNullable(ownerId);
  }

  public AccessMode accessMode() {
    return accessMode;
  }

  @Override
  public String toString() {
    return "TokenPrincipal[tokenId=" + tokenId + ", kind=" + kind + ", ownerId=" + ownerId + "]";
  }
}

package dev.tokenkit.spring.boot;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Spring application event: a token expires soon. Published once per token and expiry (across all
 * nodes) by the starter's scheduled expiry notices ({@code tokenkit.expiry-notices.*}), so that the
 * application can tell the owner, by e-mail say, with an {@code @EventListener}. Carries no secret.
 * Immutable and thread-safe.
 *
 * @param tokenId the token's public id
 * @param name its name
 * @param kind its kind
 * @param ownerId its owner (a user or group id), if it has one
 * @param tenant its tenant, if it has one
 * @param expiresAt when it expires
 */
public record TokenExpiringEvent(
    TokenId tokenId,
    String name,
    TokenKind kind,
    @Nullable String ownerId,
    @Nullable String tenant,
    Instant expiresAt) {

  /** The event for a token as the notice stored it. */
  static TokenExpiringEvent of(TokenRecord record) {
    return new TokenExpiringEvent(
        record.id(),
        record.name(),
        record.kind(),
        record.ownerId().orElse(null),
        record.tenant().orElse(null),
        record.expiresAt().orElseThrow());
  }

  /** The owner, if any. */
  public Optional<String> owner() {
    return Optional.ofNullable(ownerId);
  }
}

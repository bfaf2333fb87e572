package dev.tokenkit.spring.boot;

import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The token store's health for Actuator ({@code /actuator/health/tokenkit}): UP when it answers a
 * one-token list, DOWN with the store's reason when it does not. The list goes past any cache to
 * the store itself. Never names a Java class.
 */
final class TokenStoreHealthIndicator implements HealthIndicator {

  private final TokenStore store;

  TokenStoreHealthIndicator(TokenStore store) {
    this.store = store;
  }

  @Override
  public Health health() {
    try {
      store.list(TokenFilter.builder().build(), null, 1);
      return Health.up().build();
    } catch (RuntimeException e) {
      String reason = e.getMessage();
      return Health.down()
          .withDetail("error", reason == null || reason.isBlank() ? "the store failed" : reason)
          .build();
    }
  }
}

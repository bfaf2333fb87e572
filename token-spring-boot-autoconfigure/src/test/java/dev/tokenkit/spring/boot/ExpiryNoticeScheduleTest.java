package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

/** The starter looks for tokens about to expire on its schedule and publishes one event each. */
class ExpiryNoticeScheduleTest {

  @Test
  void eachTokenAboutToExpireIsPublishedOnce() throws Exception {
    TokenStore store = MemoryTokenStore.create();
    List<TokenExpiringEvent> events = new CopyOnWriteArrayList<>();
    ApplicationListener<PayloadApplicationEvent<TokenExpiringEvent>> listener =
        event -> events.add(event.getPayload());
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues(
            "tokenkit.expiry-notices.interval=50ms", "tokenkit.expiry-notices.notice-before=3d")
        .withBean(TokenStore.class, () -> store)
        .withBean("expiryListener", ApplicationListener.class, () -> listener)
        .run(
            context -> {
              TokenService tokens = context.getBean(TokenService.class);
              IssuedToken soon =
                  tokens.create(
                      TokenkitAutoConfigurationTest.ADMIN,
                      CreateTokenRequest.named("soon")
                          .lifetime(Lifetime.until(Instant.now().plus(Duration.ofDays(2))))
                          .build());
              tokens.create(
                  TokenkitAutoConfigurationTest.ADMIN,
                  CreateTokenRequest.named("later").lifetime(Lifetime.NINETY_DAYS).build());
              long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
              while (events.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
              }
              Thread.sleep(300); // several more runs: nothing is noticed twice
              assertThat(events).hasSize(1);
              TokenExpiringEvent event = events.get(0);
              assertThat(event.tokenId()).isEqualTo(soon.id());
              assertThat(event.name()).isEqualTo("soon");
              assertThat(event.owner()).contains("alice");
              assertThat(event.expiresAt()).isEqualTo(soon.record().expiresAt().orElseThrow());
              assertThat(event.toString()).doesNotContain(soon.token());
            });
  }

  @Test
  void noticesCanBeTurnedOffAndTheirSettingsAreChecked() {
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues("tokenkit.expiry-notices.notice-before=400d")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("tokenkit.expiry-notices.notice-before"));
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues("tokenkit.expiry-notices.interval=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("tokenkit.expiry-notices.interval"));
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues(
            "tokenkit.expiry-notices.enabled=false", "tokenkit.expiry-notices.interval=0s")
        .run(context -> assertThat(context).hasNotFailed());
  }
}

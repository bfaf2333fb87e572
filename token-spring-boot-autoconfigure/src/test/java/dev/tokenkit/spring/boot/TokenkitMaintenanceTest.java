package dev.tokenkit.spring.boot;

import static dev.tokenkit.spring.boot.TokenkitAutoConfigurationTest.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

class TokenkitMaintenanceTest {

  @Test
  void notedUsesAreWrittenOnGracefulShutdown() {
    TokenStore store = MemoryTokenStore.create();
    IssuedToken[] issued = new IssuedToken[1];
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues("tokenkit.usage.flush-interval=1h") // only the shutdown flush
        .withBean(TokenStore.class, () -> store)
        .run(
            context -> {
              TokenService tokens = context.getBean(TokenService.class);
              issued[0] = tokens.create(ADMIN, CreateTokenRequest.named("ci").build());
              assertThat(
                      tokens
                          .authenticate(issued[0].token(), RequestContext.empty())
                          .isAuthenticated())
                  .isTrue();
              assertThat(store.find(issued[0].id()).orElseThrow().lastUsedAt()).isEmpty();
            });
    assertThat(store.find(issued[0].id()).orElseThrow().lastUsedAt()).isPresent();
  }

  @Test
  void usesAreFlushedOnTheScheduleWithoutAnApplicationScheduler() throws Exception {
    TokenStore store = MemoryTokenStore.create();
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues("tokenkit.usage.flush-interval=50ms")
        .withBean(TokenStore.class, () -> store)
        .run(
            context -> {
              TokenService tokens = context.getBean(TokenService.class);
              IssuedToken issued = tokens.create(ADMIN, CreateTokenRequest.named("ci").build());
              tokens.authenticate(issued.token(), RequestContext.empty());
              long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
              while (store.find(issued.id()).orElseThrow().lastUsedAt().isEmpty()
                  && System.nanoTime() < deadline) {
                Thread.sleep(20);
              }
              assertThat(store.find(issued.id()).orElseThrow().lastUsedAt()).isPresent();
            });
  }

  /** Records what is scheduled on it, and runs nothing. */
  static final class RecordingScheduler extends ThreadPoolTaskScheduler {
    private static final long serialVersionUID = 1L;
    final transient List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable task, Instant startTime, Duration delay) {
      delays.add(delay);
      return super.scheduleWithFixedDelay(task, startTime, delay);
    }
  }

  @Test
  void theApplicationsSchedulerIsUsedWhenItHasOne() {
    RecordingScheduler scheduler = new RecordingScheduler();
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues("tokenkit.usage.flush-interval=2m", "tokenkit.purge.interval=3h")
        .withBean(TaskScheduler.class, () -> scheduler)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(scheduler.delays) // flush, purge, expiry notices
                  .containsExactly(Duration.ofMinutes(2), Duration.ofHours(3), Duration.ofDays(1));
              context.getBean(TokenkitMaintenance.class).stop();
              assertThat(scheduler.getScheduledExecutor().isShutdown()).isFalse(); // not ours
            });
  }

  @Test
  void purgeCanBeTurnedOff() {
    RecordingScheduler scheduler = new RecordingScheduler();
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues("tokenkit.purge.enabled=false")
        .withBean(TaskScheduler.class, () -> scheduler)
        .run(
            context ->
                assertThat(scheduler.delays)
                    .containsExactly(Duration.ofMinutes(1), Duration.ofDays(1)));
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void purgeDeletesTokensWhoseExpiryHasPassed() {
    MovableClock clock = new MovableClock();
    TokenkitAutoConfigurationTest.runner()
        .withBean(Clock.class, () -> clock)
        .run(
            context -> {
              TokenService tokens = context.getBean(TokenService.class);
              TokenStore store = context.getBean(TokenStore.class);
              IssuedToken week =
                  tokens.create(
                      ADMIN,
                      CreateTokenRequest.named("week").lifetime(Lifetime.SEVEN_DAYS).build());
              IssuedToken forever =
                  tokens.create(
                      ADMIN,
                      CreateTokenRequest.named("forever").lifetime(Lifetime.UNLIMITED).build());
              TokenkitMaintenance maintenance = context.getBean(TokenkitMaintenance.class);
              maintenance.purge();
              assertThat(store.find(week.id())).isPresent();
              clock.now = clock.now.plus(Duration.ofDays(8));
              maintenance.purge();
              assertThat(store.find(week.id())).isEmpty();
              assertThat(store.find(forever.id())).isPresent();
            });
  }
}

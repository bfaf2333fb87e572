package dev.tokenkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.RateDecision;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-node limiter, with time moved by hand. */
class LocalRateLimiterTest {

  static final TokenId ID = TokenId.of("abcdefghijkl");
  static final TokenId OTHER = TokenId.of("mnopqrstuvwx");

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final LocalRateLimiter limiter = LocalRateLimiter.builder().clock(clock).build();

  static List<RateLimit> limits(String... texts) {
    List<RateLimit> out = new ArrayList<>();
    for (String text : texts) {
      out.add(RateLimit.parse(text));
    }
    return List.copyOf(out);
  }

  @Test
  void aFullBucketPassesItsLimitThenRefillsOneRequestEverySixHundredthOfTheLimit() {
    List<RateLimit> perMinute = limits("100/1m");
    for (int i = 99; i >= 0; i--) {
      RateDecision passed = limiter.tryConsume(ID, perMinute);
      assertThat(passed.allowed()).isTrue();
      assertThat(passed.remaining(0)).isEqualTo(i);
    }
    RateDecision refused = limiter.tryConsume(ID, perMinute);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(600));
    assertThat(refused.headers()).containsEntry("Retry-After", "1");
    clock.advance(Duration.ofMillis(599));
    assertThat(limiter.tryConsume(ID, perMinute).retryAfter()).isEqualTo(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.tryConsume(ID, perMinute).allowed()).isTrue();
    assertThat(limiter.tryConsume(ID, perMinute).allowed()).isFalse();
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.tryConsume(ID, perMinute).allowed()).isTrue();
    }
    assertThat(limiter.tryConsume(ID, perMinute).allowed()).isFalse();
    // Each token counts on its own.
    assertThat(limiter.tryConsume(OTHER, perMinute).allowed()).isTrue();
  }

  @Test
  void twoLimitsAtOnceAndARefusedRequestTakesFromNeither() {
    List<RateLimit> both = limits("2/1s", "3/1m");
    assertThat(limiter.tryConsume(ID, both).allowed()).isTrue();
    assertThat(limiter.tryConsume(ID, both).allowed()).isTrue();
    RateDecision perSecond = limiter.tryConsume(ID, both);
    assertThat(perSecond.allowed()).isFalse();
    assertThat(perSecond.retryAfter()).isEqualTo(Duration.ofMillis(500));
    assertThat(perSecond.remaining(0)).isZero();
    assertThat(perSecond.remaining(1)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    RateDecision third = limiter.tryConsume(ID, both);
    assertThat(third.allowed()).isTrue();
    assertThat(third.remaining(1)).isZero();
    RateDecision perMinute = limiter.tryConsume(ID, both);
    assertThat(perMinute.allowed()).isFalse();
    // The minute refills one request per 20 s; one second of it has passed.
    assertThat(perMinute.retryAfter()).isEqualTo(Duration.ofSeconds(19));
    assertThat(perMinute.remaining(0)).isEqualTo(1); // the refused request took nothing
    assertThat(perMinute.headers())
        .containsEntry("RateLimit-Policy", "\"1s\";q=2;w=1, \"1m\";q=3;w=60")
        .containsEntry("RateLimit", "\"1m\";r=0;t=19")
        .containsEntry("Retry-After", "19");
  }

  @Test
  void manyThreadsNeverGetMoreThroughThanTheLimit() throws Exception {
    List<RateLimit> thousand = limits("1000/1d");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> accepted = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      accepted.add(
          pool.submit(
              () -> {
                start.await();
                int passed = 0;
                for (int i = 0; i < 500; i++) {
                  if (limiter.tryConsume(ID, thousand).allowed()) {
                    passed++;
                  }
                }
                return passed;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : accepted) {
      total += f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(total).isEqualTo(1000);
  }

  @Test
  void givingBackReturnsOneRequestAndEditedLimitsStartAfresh() {
    List<RateLimit> one = limits("1/1h");
    assertThat(limiter.tryConsume(ID, one).allowed()).isTrue();
    assertThat(limiter.tryConsume(ID, one).allowed()).isFalse();
    limiter.giveBack(ID, one);
    assertThat(limiter.tryConsume(ID, one).allowed()).isTrue();
    limiter.giveBack(ID, limits("5/1h")); // not the limits it counts under: nothing
    assertThat(limiter.tryConsume(ID, one).allowed()).isFalse();
    limiter.giveBack(OTHER, one); // no bucket: nothing
    assertThat(limiter.tryConsume(ID, limits("2/1h")).allowed()).isTrue();
  }

  @Test
  void bucketsFullAgainAreDroppedAndTheirNumberIsBounded() {
    limiter.tryConsume(ID, limits("1/1s", "10/1h"));
    limiter.tryConsume(OTHER, limits("1/1m"));
    assertThat(limiter.size()).isEqualTo(2);
    assertThat(limiter.removeExpired()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(limiter.removeExpired()).isEqualTo(1); // OTHER's minute has refilled
    assertThat(limiter.size()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    assertThat(limiter.removeExpired()).isEqualTo(1);
    assertThat(limiter.size()).isZero();
    // A dropped bucket was full: the token has all its requests, as it would have had.
    assertThat(limiter.tryConsume(ID, limits("1/1s", "10/1h")).remaining(1)).isEqualTo(9);

    LocalRateLimiter small = LocalRateLimiter.builder().clock(clock).maximumTokens(10).build();
    List<TokenId> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      TokenId id = TokenId.of(String.format("token%07d", i));
      ids.add(id);
      assertThat(small.tryConsume(id, limits("1/1d")).allowed()).isTrue();
      assertThat(small.size()).isLessThanOrEqualTo(10);
    }
    // The most recent tokens keep their counts.
    assertThat(small.tryConsume(ids.get(99), limits("1/1d")).allowed()).isFalse();
  }

  @Test
  void badSettingsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> LocalRateLimiter.builder().clock(null).build())
        .hasMessage("clock must not be null");
    assertThatThrownBy(() -> LocalRateLimiter.builder().maximumTokens(0))
        .hasMessage("maximumTokens must be 1 to 100000000");
    assertThatThrownBy(() -> LocalRateLimiter.builder().maximumTokens(Long.MAX_VALUE))
        .hasMessageStartingWith("maximumTokens");
    assertThat(LocalRateLimiter.create().tryConsume(ID, limits("1/1s")).allowed()).isTrue();
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Check 9: a token's rate limits, as counted by the service's {@link RateLimiter}. */
class RateLimitTest {

  private static final List<RateLimit> TWO_PER_MINUTE = List.of(RateLimit.parse("2/1m"));

  /** Lets {@code room} requests through, then refuses with a 1.5 s wait; counts its calls. */
  static final class CountingLimiter implements RateLimiter {
    final AtomicInteger room;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger givenBack = new AtomicInteger();
    volatile RuntimeException failure;

    CountingLimiter(int room) {
      this.room = new AtomicInteger(room);
    }

    @Override
    public RateDecision tryConsume(dev.tokenkit.store.spi.TokenId id, List<RateLimit> limits) {
      calls.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      int left = room.decrementAndGet();
      if (left < 0) {
        room.incrementAndGet();
        return RateDecision.refused(limits, new long[limits.size()], Duration.ofMillis(1500));
      }
      long[] remaining = new long[limits.size()];
      java.util.Arrays.fill(remaining, left);
      return RateDecision.allowed(limits, remaining);
    }

    @Override
    public void giveBack(dev.tokenkit.store.spi.TokenId id, List<RateLimit> limits) {
      givenBack.incrementAndGet();
      room.incrementAndGet();
    }
  }

  private final Fixtures f = new Fixtures();
  private final CountingLimiter limiter = new CountingLimiter(2);
  private final TokenService service = f.builder().rateLimiter(limiter).build();

  private IssuedToken limited(CreateTokenRequest.Builder request) {
    return service.create(
        f.admin, request.access(TokenAccess.fullAccess().withRateLimits(TWO_PER_MINUTE)).build());
  }

  @Test
  void overTheLimitIsRefusedWith429AndWhenToRetry() {
    IssuedToken token = limited(CreateTokenRequest.named("limited"));
    assertThat(token.record().access().rateLimits()).isEqualTo(TWO_PER_MINUTE);
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    AuthResult refused = service.authenticate(token.token(), null);
    assertThat(refused.httpStatus()).isEqualTo(429);
    AuthResult.Rejected rejected = (AuthResult.Rejected) refused;
    assertThat(rejected.reason()).isEqualTo(RejectionReason.RATE_LIMITED);
    assertThat(rejected.error()).isEqualTo("rate_limited");
    assertThat(rejected.wwwAuthenticate()).isEmpty();
    RateDecision decision = rejected.rateLimit().orElseThrow();
    assertThat(decision.retryAfterSeconds()).isEqualTo(2);
    assertThat(decision.headers())
        .containsEntry("Retry-After", "2")
        .containsEntry("RateLimit-Policy", "\"1m\";q=2;w=60")
        .containsEntry("RateLimit", "\"1m\";r=0;t=2");
    assertThat(AuthResult.rejected(RejectionReason.RATE_LIMITED).rateLimit()).isEmpty();
    assertThat(f.events)
        .filteredOn(e -> e.type() == AuditEvent.Type.REJECTED)
        .extracting(e -> e.reason().orElseThrow())
        .containsExactly(RejectionReason.RATE_LIMITED);
  }

  @Test
  void aRequestRefusedByAnEarlierCheckIsNotCounted() {
    IssuedToken token =
        service.create(
            f.admin,
            CreateTokenRequest.named("bound")
                .access(
                    TokenAccess.fullAccess()
                        .withRateLimits(TWO_PER_MINUTE)
                        .withAllowedCidrs(List.of("10.0.0.0/8")))
                .build());
    RequestContext outside = RequestContext.builder().clientAddress("192.0.2.1").build();
    for (int i = 0; i < 5; i++) {
      assertThat(TokenLifecycleTest.rejection(service.authenticate(token.token(), outside)))
          .isEqualTo(RejectionReason.CLIENT_NOT_ALLOWED);
    }
    assertThat(service.authenticate(token.token() + "x", null).isAuthenticated()).isFalse();
    assertThat(limiter.calls).hasValue(0);
  }

  @Test
  void usedUpTokensGiveBackWhatTheLimitTookAndLimitedOnesUseNoCredit() {
    IssuedToken token = limited(CreateTokenRequest.named("both").uses(1));
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(TokenLifecycleTest.rejection(service.authenticate(token.token(), null)))
        .isEqualTo(RejectionReason.USAGE_EXCEEDED);
    assertThat(limiter.givenBack).hasValue(1);
    assertThat(limiter.room).hasValue(1);

    IssuedToken other = limited(CreateTokenRequest.named("credits").uses(5));
    limiter.room.set(0);
    assertThat(TokenLifecycleTest.rejection(service.authenticate(other.token(), null)))
        .isEqualTo(RejectionReason.RATE_LIMITED);
    assertThat(service.get(f.admin, other.record().id()).orElseThrow().remainingUses()).hasValue(5);
  }

  @Test
  void aFailingLimiterRefusesAsUnavailable() {
    IssuedToken token = limited(CreateTokenRequest.named("failing"));
    limiter.failure = new IllegalStateException("backend down");
    assertThat(TokenLifecycleTest.rejection(service.authenticate(token.token(), null)))
        .isEqualTo(RejectionReason.UNAVAILABLE);
  }

  @Test
  void tokensWithoutLimitsNeverCallTheLimiter() {
    IssuedToken token = service.create(f.admin, CreateTokenRequest.named("free").build());
    for (int i = 0; i < 5; i++) {
      assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    }
    assertThat(limiter.calls).hasValue(0);
  }

  @Test
  void withoutALimiterLimitsCannotBeSetAndStoredOnesAreNotWaived() {
    TokenService plain = f.service();
    assertThatThrownBy(
            () ->
                plain.create(
                    f.admin,
                    CreateTokenRequest.named("x")
                        .access(TokenAccess.fullAccess().withRateLimits(TWO_PER_MINUTE))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rateLimits need a RateLimiter");
    IssuedToken token = limited(CreateTokenRequest.named("made elsewhere"));
    assertThat(TokenLifecycleTest.rejection(plain.authenticate(token.token(), null)))
        .isEqualTo(RejectionReason.UNAVAILABLE);
    // An unrelated edit of such a token still works without a limiter.
    TokenRecord renamed =
        plain.update(f.admin, token.record().id(), TokenUpdate.builder().name("renamed").build());
    assertThat(renamed.access().rateLimits()).isEqualTo(TWO_PER_MINUTE);
  }

  @Test
  void limitsAreEditedLiftedAndAudited() {
    IssuedToken token = limited(CreateTokenRequest.named("edited"));
    List<RateLimit> two = List.of(RateLimit.parse("5000/1d"), RateLimit.parse("100/1m"));
    TokenRecord edited =
        service.update(
            f.admin,
            token.record().id(),
            TokenUpdate.builder().access(a -> a.withRateLimits(two)).build());
    assertThat(edited.access().rateLimits())
        .extracting(RateLimit::toString)
        .containsExactly("100/1m", "5000/1d");
    TokenRecord lifted =
        service.update(
            f.admin,
            token.record().id(),
            TokenUpdate.builder().access(a -> a.withRateLimits(List.of())).build());
    assertThat(lifted.access().rateLimits()).isEmpty();
    assertThat(f.events)
        .filteredOn(e -> e.type() == AuditEvent.Type.UPDATED)
        .flatExtracting(AuditEvent::changes)
        .contains(
            AuditEvent.Change.of("rateLimits", "[2/1m]", "[100/1m, 5000/1d]"),
            AuditEvent.Change.of("rateLimits", "[100/1m, 5000/1d]", "[]"));
  }

  @Test
  void decisionsCheckTheirArgumentsAndNameTheTightestLimit() {
    List<RateLimit> limits = List.of(RateLimit.parse("10/1s"), RateLimit.parse("100/1h"));
    RateDecision allowed = RateDecision.allowed(limits, new long[] {9, 5});
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.retryAfter()).isZero();
    assertThat(allowed.retryAfterSeconds()).isZero();
    assertThat(allowed.headers())
        .containsOnlyKeys("RateLimit-Policy", "RateLimit")
        .containsEntry("RateLimit-Policy", "\"1s\";q=10;w=1, \"1h\";q=100;w=3600")
        // 5 of 100 left is the tightest; 95 missing at 36 s each: 3420 s until full
        .containsEntry("RateLimit", "\"1h\";r=5;t=3420");
    assertThat(allowed.remaining(0)).isEqualTo(9);
    assertThatThrownBy(() -> RateDecision.allowed(limits, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateDecision.allowed(null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateDecision.allowed(limits, new long[] {1, -1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateDecision.refused(limits, new long[] {0, 0}, Duration.ZERO))
        .hasMessage("retryAfter must be positive");
    assertThatThrownBy(() -> RateDecision.refused(limits, new long[] {0, 0}, null))
        .hasMessage("retryAfter must be positive");
    RateDecision refused = RateDecision.refused(limits, new long[] {0, 40}, Duration.ofMillis(100));
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.headers()).containsEntry("RateLimit", "\"1s\";r=0;t=1");
  }
}

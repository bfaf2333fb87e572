package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tokenkit.store.spi.TokenFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every numeric, instant and duration input of the Java API, over the whole range of its type,
 * gives a result or an {@link IllegalArgumentException}: never another unchecked exception (which
 * an HTTP layer would answer with 500).
 */
class ExtremeInputsTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.service();
  private final IssuedToken token = service.create(f.admin, CreateTokenRequest.named("t").build());

  private static void typed(Supplier<?> call) {
    try {
      Object unused = call.get();
    } catch (IllegalArgumentException | TokenAccessDeniedException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** Seconds and nanoseconds spread over the whole long range, the edges more often. */
  private static Instant instant(long seconds, int nanos) {
    long clamped =
        Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds));
    return Instant.ofEpochSecond(clamped, Math.floorMod(nanos, 1_000_000_000));
  }

  @Test
  void expiryInstantsOfAnyValue() {
    qt().withExamples(2000)
        .forAll(longs().all(), integers().all())
        .checkAssert(
            (seconds, nanos) -> {
              Instant at = instant(seconds, nanos);
              typed(
                  () ->
                      service.create(
                          f.admin,
                          CreateTokenRequest.named("at " + seconds + " " + nanos)
                              .lifetime(Lifetime.until(at))
                              .build()));
              typed(
                  () ->
                      service.update(
                          f.admin,
                          token.id(),
                          TokenUpdate.builder().lifetime(Lifetime.until(at)).build()));
            });
  }

  @Test
  void durationsOfAnyValue() {
    qt().withExamples(2000)
        .forAll(longs().all(), integers().all())
        .checkAssert(
            (seconds, nanos) -> {
              Duration d = Duration.ofSeconds(seconds, Math.floorMod(nanos, 1_000_000_000));
              typed(() -> service.regenerate(f.admin, token.id(), d));
              typed(() -> TokenPolicy.builder().maxLifetime(d).build());
              typed(() -> TokenPolicy.builder().maxGracePeriod(d).build());
              typed(() -> f.builder().signatureWindow(d));
            });
  }

  @Test
  void pageSizesAndCacheSizesOfAnyValue() {
    qt().withExamples(2000)
        .forAll(integers().all())
        .checkAssert(
            n -> {
              typed(() -> service.list(f.admin, TokenFilter.all(), null, n));
              typed(() -> f.builder().replayCacheSize(n));
            });
  }

  @Test
  void aPolicyAtItsLimitsStillCreatesTokens() {
    TokenService longest =
        f.builder()
            .policy(
                TokenPolicy.builder()
                    .maxLifetime(Duration.ofDays(3_652_500))
                    .maxGracePeriod(Duration.ofDays(3_652_500))
                    .allowUnlimited(false)
                    .defaultLifetime(Lifetime.until(Lifetime.LATEST_EXPIRY))
                    .build())
            .build();
    IssuedToken t = longest.create(f.admin, CreateTokenRequest.named("longest").build());
    assertThat(t.record().expiresAt()).contains(Lifetime.LATEST_EXPIRY);
    assertThat(longest.regenerate(f.admin, t.id(), Duration.ofDays(3_652_500)).secret())
        .isNotEmpty();
  }
}

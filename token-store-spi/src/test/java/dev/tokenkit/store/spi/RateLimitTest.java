package dev.tokenkit.store.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {

  @Test
  void everyLimitReadsBackFromItsText() {
    qt().forAll(
            longs().between(1, RateLimit.MAX_REQUESTS),
            longs().between(1, RateLimit.MAX_PERIOD.toSeconds()))
        .checkAssert(
            (requests, seconds) -> {
              RateLimit limit = RateLimit.of(requests, Duration.ofSeconds(seconds));
              assertThat(RateLimit.parse(limit.toString())).isEqualTo(limit);
              assertThat(limit.toString()).startsWith(requests + "/");
            });
  }

  @Test
  void periodsAreWrittenInTheirLargestWholeUnit() {
    assertThat(RateLimit.parse("100/60s")).hasToString("100/1m");
    assertThat(RateLimit.parse("5000/24h")).hasToString("5000/1d");
    assertThat(RateLimit.parse("1/90s")).hasToString("1/90s");
    assertThat(RateLimit.parse("7/366d").period()).isEqualTo(Duration.ofDays(366));
    assertThat(RateLimit.parse("1000000000/1s").requests()).isEqualTo(RateLimit.MAX_REQUESTS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "100",
        "100/",
        "/1m",
        "0/1m",
        "-1/1m",
        "100/0s",
        "100/1w",
        "100/1M",
        "100 /1m",
        "100/1m ",
        "1000000001/1s",
        "1/367d",
        "1/8785h",
        "99999999999/1s",
        "1/999999999d",
        "１/1m",
        "100/1m,5/1s"
      })
  void malformedOrOutOfRangeTextIsRefusedNamingTheField(String text) {
    assertThatThrownBy(() -> RateLimit.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rateLimits");
  }

  @Test
  void valuesOutOfRangeAreRefused() {
    assertThatThrownBy(() -> RateLimit.parse(null)).hasMessageStartingWith("rateLimits");
    assertThatThrownBy(() -> RateLimit.of(1, null)).hasMessageStartingWith("rateLimits period");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ofMillis(1500)))
        .hasMessageStartingWith("rateLimits period");
    assertThatThrownBy(() -> RateLimit.of(0, Duration.ofMinutes(1)))
        .hasMessageStartingWith("rateLimits requests");
    assertThatThrownBy(() -> RateLimit.of(Long.MAX_VALUE, Duration.ofMinutes(1)))
        .hasMessageStartingWith("rateLimits requests");
    assertThatThrownBy(() -> RateLimit.of(1, Duration.ofSeconds(Long.MAX_VALUE)))
        .hasMessageStartingWith("rateLimits period");
  }

  @Test
  void aTokenCarriesAFewLimitsWithDistinctPeriodsShortestFirst() {
    TokenAccess access =
        TokenAccess.readOnly()
            .withRateLimits(List.of(RateLimit.parse("5000/1d"), RateLimit.parse("100/1m")));
    assertThat(access.rateLimits())
        .extracting(RateLimit::toString)
        .containsExactly("100/1m", "5000/1d");
    assertThat(access).isNotEqualTo(TokenAccess.readOnly());
    assertThat(access.withRateLimits(List.of())).isSameAs(TokenAccess.readOnly());
    assertThat(access.toString()).contains("rateLimits=[100/1m, 5000/1d]");
    assertThatThrownBy(() -> access.rateLimits().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(
            () ->
                TokenAccess.fullAccess()
                    .withRateLimits(List.of(RateLimit.parse("1/1m"), RateLimit.parse("2/60s"))))
        .hasMessage("rateLimits must not repeat a period: 1m");
    List<RateLimit> five = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      five.add(RateLimit.of(10, Duration.ofMinutes(i)));
    }
    assertThatThrownBy(() -> TokenAccess.fullAccess().withRateLimits(five))
        .hasMessage("rateLimits must be at most 4");
    assertThatThrownBy(() -> TokenAccess.fullAccess().withRateLimits(null))
        .hasMessage("rateLimits must not be null");
    List<RateLimit> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> TokenAccess.fullAccess().withRateLimits(withNull))
        .hasMessage("rateLimits must not contain null");
  }
}

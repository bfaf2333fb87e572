package dev.tokenkit.ratelimit;

import dev.tokenkit.core.RateDecision;
import dev.tokenkit.store.spi.RateLimit;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.VerboseResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What both limiters share: a token's limits as one Bucket4j bucket (one greedy bandwidth per
 * limit, full at first, so a request passes only if every limit has room and a refused one takes
 * from none), Bucket4j's answer as a {@link RateDecision}, and a {@link Clock} as Bucket4j's time.
 */
final class Buckets {

  private Buckets() {}

  static BucketConfiguration configuration(List<RateLimit> limits) {
    ConfigurationBuilder builder = BucketConfiguration.builder();
    for (RateLimit limit : limits) {
      builder.addLimit(
          bandwidth ->
              bandwidth.capacity(limit.requests()).refillGreedy(limit.requests(), limit.period()));
    }
    return builder.build();
  }

  static RateDecision decision(List<RateLimit> limits, VerboseResult<ConsumptionProbe> result) {
    return decision(
        limits,
        result.getValue(),
        result.getDiagnostics().getAvailableTokensPerEachBandwidth().clone());
  }

  /**
   * The decision for {@code probe}, with what each limit has left; {@code remaining} is the
   * caller's own array, clamped at zero in place.
   */
  static RateDecision decision(List<RateLimit> limits, ConsumptionProbe probe, long[] remaining) {
    for (int i = 0; i < remaining.length; i++) {
      remaining[i] = Math.max(0, remaining[i]);
    }
    if (probe.isConsumed()) {
      return RateDecision.allowed(limits, remaining);
    }
    return RateDecision.refused(
        limits, remaining, Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill())));
  }

  /** {@code clock} as Bucket4j's time source: wall-clock nanoseconds since the epoch. */
  static TimeMeter time(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }
}

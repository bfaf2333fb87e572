package dev.tokenkit.store.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One rate limit of a token: at most {@link #requests()} requests per {@link #period()}, as a token
 * bucket that holds that many requests and refills continuously at that rate (a client that waited
 * a whole period has them all again). Written {@code 100/1m}, {@code 5000/1d}: requests, a slash,
 * and a period in whole seconds ({@code s}), minutes ({@code m}), hours ({@code h}) or days ({@code
 * d}). Immutable and thread-safe; equal limits are equal values.
 */
public final class RateLimit {

  /** The most requests per period. */
  public static final long MAX_REQUESTS = 1_000_000_000L;

  /** The shortest period. */
  public static final Duration MIN_PERIOD = Duration.ofSeconds(1);

  /** The longest period (as for {@link UseRefill}). */
  public static final Duration MAX_PERIOD = UseRefill.MAX_PERIOD;

  private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
  private static final char[] UNITS = {'d', 'h', 'm', 's'};

  private final long requests;
  private final Duration period;

  private RateLimit(long requests, Duration period) {
    this.requests = requests;
    this.period = period;
  }

  /**
   * {@code requests} per {@code period}.
   *
   * @throws IllegalArgumentException if {@code requests} is not 1 to {@value #MAX_REQUESTS}, or the
   *     period is null or not whole seconds from 1 second to 366 days
   */
  public static RateLimit of(long requests, @Nullable Duration period) {
    if (requests < 1 || requests > MAX_REQUESTS) {
      throw new IllegalArgumentException(
          "rateLimits requests must be 1 to " + MAX_REQUESTS + " per period");
    }
    if (period == null
        || period.compareTo(MIN_PERIOD) < 0
        || period.compareTo(MAX_PERIOD) > 0
        || period.toNanosPart() != 0) {
      throw new IllegalArgumentException(
          "rateLimits period must be whole seconds, 1 second to 366 days");
    }
    return new RateLimit(requests, period);
  }

  /**
   * The limit written as {@link #toString()} gives it, e.g. {@code 100/1m} or {@code 5000/1d}.
   *
   * @throws IllegalArgumentException if the text is null or not of that form, or the limit is out
   *     of range
   */
  public static RateLimit parse(@Nullable String text) {
    String problem = "rateLimits must be written as requests/period, e.g. 100/1m or 5000/1d";
    if (text == null || text.length() > 24 || !text.matches("[0-9]{1,10}/[0-9]{1,8}[smhd]")) {
      throw new IllegalArgumentException(problem);
    }
    int slash = text.indexOf('/');
    long requests = Long.parseLong(text.substring(0, slash));
    long amount = Long.parseLong(text.substring(slash + 1, text.length() - 1));
    char unit = text.charAt(text.length() - 1);
    long seconds = 0;
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i] == unit) {
        seconds = amount * UNIT_SECONDS[i]; // at most 99 999 999 days: no overflow
      }
    }
    return of(requests, Duration.ofSeconds(seconds));
  }

  /** The requests allowed per period (and the most at once, after a quiet period). */
  public long requests() {
    return requests;
  }

  /** The period. */
  public Duration period() {
    return period;
  }

  /** The period in the largest unit that divides it, e.g. {@code 1m}, {@code 90s}, {@code 1d}. */
  public String periodText() {
    long seconds = period.toSeconds();
    for (int i = 0; i < UNITS.length; i++) {
      if (seconds % UNIT_SECONDS[i] == 0) {
        return (seconds / UNIT_SECONDS[i]) + String.valueOf(UNITS[i]);
      }
    }
    throw new AssertionError(seconds); // 1 second divides every period
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RateLimit r && r.requests == requests && r.period.equals(period);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(requests) * 31 + period.hashCode();
  }

  /** The limit as {@link #parse} reads it, e.g. {@code 100/1m}. */
  @Override
  public String toString() {
    return requests + "/" + periodText();
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.RateLimit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RateLimiter} decided for one request: whether it passes, what each limit has left,
 * and when a refused request would pass. Carries the HTTP headers that tell a client so ({@link
 * #headers()}). Immutable and thread-safe.
 */
public final class RateDecision {

  private final boolean allowed;
  private final List<RateLimit> limits;
  private final long[] remaining;
  private final Duration retryAfter;

  private RateDecision(
      boolean allowed, List<RateLimit> limits, long[] remaining, Duration retryAfter) {
    this.allowed = allowed;
    this.limits = List.copyOf(limits);
    this.remaining = remaining.clone();
    this.retryAfter = retryAfter;
  }

  /**
   * A request that passed; {@code remaining[i]} requests are left under {@code limits.get(i)}.
   *
   * @throws IllegalArgumentException if the arrays do not match or a count is negative
   */
  public static RateDecision allowed(
      @Nullable List<RateLimit> limits, long @Nullable [] remaining) {
    return of(true, limits, remaining, Duration.ZERO);
  }

  /**
   * A refused request that would pass after {@code retryAfter} (positive).
   *
   * @throws IllegalArgumentException if the arrays do not match, a count is negative or {@code
   *     retryAfter} is not positive
   */
  public static RateDecision refused(
      @Nullable List<RateLimit> limits,
      long @Nullable [] remaining,
      @Nullable Duration retryAfter) {
    if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
      throw new IllegalArgumentException("retryAfter must be positive");
    }
    return of(false, limits, remaining, retryAfter);
  }

  private static RateDecision of(
      boolean allowed,
      @Nullable List<RateLimit> limits,
      long @Nullable [] remaining,
      Duration retryAfter) {
    if (limits == null || remaining == null || limits.size() != remaining.length) {
      throw new IllegalArgumentException("one remaining count per limit is required");
    }
    for (long left : remaining) {
      if (left < 0) {
        throw new IllegalArgumentException("remaining counts must not be negative");
      }
    }
    return new RateDecision(allowed, limits, remaining, retryAfter);
  }

  /** Whether the request passes (and was counted). */
  public boolean allowed() {
    return allowed;
  }

  /** The limits decided on, shortest period first. */
  public List<RateLimit> limits() {
    return limits;
  }

  /** The requests left under the {@code i}-th limit after this one. */
  public long remaining(int i) {
    return remaining[i];
  }

  /** How long until a refused request would pass; zero when allowed. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** {@link #retryAfter()} in whole seconds, rounded up (at least 1 when refused). */
  public long retryAfterSeconds() {
    long seconds = retryAfter.toSeconds();
    return retryAfter.toNanosPart() == 0 ? seconds : seconds + 1;
  }

  /**
   * The response headers that describe this decision, after draft-ietf-httpapi-ratelimit-headers:
   * {@code RateLimit-Policy} lists every limit ({@code "1m";q=100;w=60, "1d";q=5000;w=86400}),
   * {@code RateLimit} the one with the least room left ({@code "1m";r=0;t=1}: requests left and
   * seconds until it has room again, or is full again when it has room), and, when refused, {@code
   * Retry-After} in seconds. Names in the order sent.
   */
  public Map<String, String> headers() {
    StringBuilder policy = new StringBuilder();
    int tightest = 0;
    for (int i = 0; i < limits.size(); i++) {
      RateLimit limit = limits.get(i);
      if (i > 0) {
        policy.append(", ");
      }
      policy
          .append('"')
          .append(limit.periodText())
          .append("\";q=")
          .append(limit.requests())
          .append(";w=")
          .append(limit.period().toSeconds());
      if (share(i) < share(tightest)) {
        tightest = i;
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("RateLimit-Policy", policy.toString());
    if (!limits.isEmpty()) {
      RateLimit limit = limits.get(tightest);
      long reset = allowed ? secondsUntilFull(limit, remaining[tightest]) : retryAfterSeconds();
      headers.put(
          "RateLimit", "\"" + limit.periodText() + "\";r=" + remaining[tightest] + ";t=" + reset);
    }
    if (!allowed) {
      headers.put("Retry-After", Long.toString(retryAfterSeconds()));
    }
    return headers;
  }

  private double share(int i) {
    return (double) remaining[i] / limits.get(i).requests();
  }

  /** Seconds until a bucket with {@code left} requests refills to its limit (it refills evenly). */
  private static long secondsUntilFull(RateLimit limit, long left) {
    long missing = Math.max(0, limit.requests() - left);
    double seconds = (double) missing * limit.period().toSeconds() / limit.requests();
    return (long) Math.ceil(seconds);
  }

  @Override
  public String toString() {
    return (allowed ? "RateDecision[allowed " : "RateDecision[refused, retry after " + retryAfter)
        + (allowed ? "" : ", ")
        + headers().getOrDefault("RateLimit", "")
        + "]";
  }
}

package dev.tokenkit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How long a token lives: 7, 30 or 90 days from creation, unlimited, or until a fixed instant. A
 * {@link TokenPolicy} may cap the lifetime or forbid unlimited tokens.
 *
 * <p>Immutable and thread-safe.
 */
public final class Lifetime {

  /** Seven days from creation (or from the edit that sets it). */
  public static final Lifetime SEVEN_DAYS = new Lifetime(Duration.ofDays(7), null);

  /** Thirty days; the default. */
  public static final Lifetime THIRTY_DAYS = new Lifetime(Duration.ofDays(30), null);

  /** Ninety days. */
  public static final Lifetime NINETY_DAYS = new Lifetime(Duration.ofDays(90), null);

  /** Never expires (unless the policy forbids it). */
  public static final Lifetime UNLIMITED = new Lifetime(null, null);

  /** The earliest fixed expiry accepted: the Unix epoch. */
  public static final Instant EARLIEST_EXPIRY = Instant.EPOCH;

  /**
   * The latest fixed expiry accepted: the last second of year 9999, the end of the range every
   * database and ISO-8601 printer handles without a sign.
   */
  public static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

  private final @Nullable Duration duration;
  private final @Nullable Instant until;

  private Lifetime(@Nullable Duration duration, @Nullable Instant until) {
    this.duration = duration;
    this.until = until;
  }

  /**
   * Expires at {@code instant}, which must lie in the future when the lifetime is applied.
   *
   * @throws IllegalArgumentException naming {@code expiresAt} if {@code instant} is null or outside
   *     {@link #EARLIEST_EXPIRY} to {@link #LATEST_EXPIRY}
   */
  public static Lifetime until(@Nullable Instant instant) {
    if (instant == null) {
      throw new IllegalArgumentException("expiresAt is required");
    }
    if (instant.isBefore(EARLIEST_EXPIRY) || instant.isAfter(LATEST_EXPIRY)) {
      throw new IllegalArgumentException(
          "expiresAt must be between " + EARLIEST_EXPIRY + " and " + LATEST_EXPIRY);
    }
    return new Lifetime(null, instant);
  }

  /** Whether the token never expires. */
  public boolean isUnlimited() {
    return duration == null && until == null;
  }

  /** The expiry for a token created or edited at {@code now}; empty when unlimited. */
  public Optional<Instant> expiryFrom(Instant now) {
    if (until != null) {
      return Optional.of(until);
    }
    return duration == null ? Optional.empty() : Optional.of(now.plus(duration));
  }

  /** The fixed duration of the presets; null for unlimited and fixed instants. */
  @Nullable Duration duration() {
    return duration;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Lifetime l
        && Objects.equals(l.duration, duration)
        && Objects.equals(l.until, until);
  }

  @Override
  public int hashCode() {
    return Objects.hash(duration, until);
  }

  @Override
  public String toString() {
    if (until != null) {
      return "Lifetime[until " + until + "]";
    }
    return duration == null ? "Lifetime[unlimited]" : "Lifetime[" + duration.toDays() + " days]";
  }
}

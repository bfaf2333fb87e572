package dev.tokenkit.store.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A token's uses coming back each period: at the end of every {@link #period()} counted from {@link
 * #periodStart()}, its remaining uses are set to {@link #uses()} again (not added: unused ones do
 * not carry over). Immutable and thread-safe.
 */
public final class UseRefill {

  /** The most uses per period. */
  public static final long MAX_USES = 1_000_000_000_000L;

  /** The shortest period. */
  public static final Duration MIN_PERIOD = Duration.ofMinutes(1);

  /** The longest period. */
  public static final Duration MAX_PERIOD = Duration.ofDays(366);

  private final long uses;
  private final Duration period;
  private final Instant periodStart;

  private UseRefill(long uses, Duration period, Instant periodStart) {
    this.uses = uses;
    this.period = period;
    this.periodStart = periodStart;
  }

  /**
   * {@code uses} each {@code period}, the current period starting at {@code periodStart}.
   *
   * @throws IllegalArgumentException if {@code uses} is not 1 to {@value #MAX_USES}, the period is
   *     not whole seconds from 1 minute to 366 days, or an argument is null
   */
  public static UseRefill of(long uses, @Nullable Duration period, @Nullable Instant periodStart) {
    if (uses < 1 || uses > MAX_USES) {
      throw new IllegalArgumentException("uses must be 1 to " + MAX_USES);
    }
    if (period == null
        || period.compareTo(MIN_PERIOD) < 0
        || period.compareTo(MAX_PERIOD) > 0
        || period.toNanosPart() != 0) {
      throw new IllegalArgumentException("usesRefill must be whole seconds, 1 minute to 366 days");
    }
    if (periodStart == null) {
      throw new IllegalArgumentException("periodStart must not be null");
    }
    return new UseRefill(uses, period, periodStart);
  }

  /** The uses each period starts with. */
  public long uses() {
    return uses;
  }

  public Duration period() {
    return period;
  }

  /** When the current period started. */
  public Instant periodStart() {
    return periodStart;
  }

  /** When the current period ends and the uses come back. */
  public Instant nextRefill() {
    return periodStart.plus(period);
  }

  /**
   * This refill with its period moved on to the one that holds {@code now} (whole periods from the
   * start), or this one if {@code now} is still within it.
   */
  UseRefill at(Instant now) {
    if (now.isBefore(nextRefill())) {
      return this;
    }
    long periods = Duration.between(periodStart, now).toNanos() / period.toNanos();
    return new UseRefill(uses, period, periodStart.plus(period.multipliedBy(periods)));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof UseRefill r
        && r.uses == uses
        && r.period.equals(period)
        && r.periodStart.equals(periodStart);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uses, period, periodStart);
  }

  @Override
  public String toString() {
    return "UseRefill[" + uses + " per " + period + " from " + periodStart + "]";
  }
}

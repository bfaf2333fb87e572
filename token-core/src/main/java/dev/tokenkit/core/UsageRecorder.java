package dev.tokenkit.core;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces {@code lastUsedAt} updates in memory so that authentication never writes to the store.
 * Each successful authentication notes the token and time; {@link #flush()} writes the latest time
 * of every noted token in one {@link dev.tokenkit.store.spi.TokenStore#recordUsage} batch. So the
 * store sees at most one write per token per flush, however many requests there were. The time is
 * kept to the second: further uses within the same second as the noted one are not noted again.
 *
 * <p>The library starts no threads: call {@link #flush()} from the host's scheduler (every minute
 * is a good default), or use {@link #scheduleFlush} with an executor the host owns, and flush once
 * more on shutdown. Usage noted since the last flush is lost if the process dies. Thread-safe.
 */
public interface UsageRecorder {

  /**
   * Writes all usage noted so far in one batch and forgets it. If the store fails, the batch is
   * kept for the next flush and the failure is rethrown.
   *
   * @return the number of tokens written
   * @throws dev.tokenkit.store.spi.TokenStoreException if the store failed
   */
  int flush();

  /** The number of tokens with usage not yet flushed. */
  int pending();

  /**
   * Runs {@link #flush()} on {@code executor} every {@code interval}. Failures are logged and the
   * next run retries; cancel the returned future (and flush once more) to stop.
   *
   * @throws IllegalArgumentException if an argument is null or the interval is not positive
   */
  ScheduledFuture<?> scheduleFlush(
      @Nullable ScheduledExecutorService executor, @Nullable Duration interval);
}

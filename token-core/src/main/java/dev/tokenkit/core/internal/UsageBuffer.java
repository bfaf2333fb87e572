package dev.tokenkit.core.internal;

import dev.tokenkit.core.UsageRecorder;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The in-memory usage buffer behind {@link UsageRecorder}. */
final class UsageBuffer implements UsageRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

  private final TokenStore store;
  private final ConcurrentHashMap<TokenId, Instant> pending = new ConcurrentHashMap<>();

  UsageBuffer(TokenStore store) {
    this.store = store;
  }

  /**
   * Notes a use; keeps the latest instant per token, to the second: a use in the same second as the
   * noted one changes nothing, so a busy token costs a read here, not a locked map update.
   */
  void note(TokenId id, Instant at) {
    Instant seen = pending.get(id);
    if (seen == null || seen.getEpochSecond() < at.getEpochSecond()) {
      pending.merge(id, at, UsageBuffer::later);
    }
  }

  @Override
  public int flush() {
    if (pending.isEmpty()) {
      return 0;
    }
    Map<TokenId, Instant> batch = new HashMap<>();
    for (TokenId id : pending.keySet()) {
      Instant at = pending.remove(id);
      if (at != null) {
        batch.put(id, at);
      }
    }
    if (batch.isEmpty()) {
      return 0;
    }
    try {
      store.recordUsage(batch);
    } catch (RuntimeException e) {
      // Keep the batch for the next flush; uses noted meanwhile merge with it.
      batch.forEach((id, at) -> pending.merge(id, at, UsageBuffer::later));
      throw e;
    }
    return batch.size();
  }

  @Override
  public int pending() {
    return pending.size();
  }

  @Override
  public ScheduledFuture<?> scheduleFlush(
      @Nullable ScheduledExecutorService executor, @Nullable Duration interval) {
    if (executor == null || interval == null || interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("an executor and a positive interval are required");
    }
    long millis = interval.toMillis();
    return executor.scheduleWithFixedDelay(
        this::flushLogged, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void flushLogged() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("usage flush failed; {} tokens kept for the next flush", pending.size(), e);
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

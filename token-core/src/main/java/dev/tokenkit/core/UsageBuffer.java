package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenStore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory usage buffer behind {@link UsageRecorder}: per token, the latest use to the second.
 *
 * <p>Tokens sit in an open-addressed table whose key and time live inline in one {@code long[]}, so
 * the common case, a token already noted in this second, is one lock-free read of one slot (a
 * {@link java.util.concurrent.ConcurrentHashMap} also loads the id object, its node and the
 * instant). Everything that writes (a new token, a new second, growth, the flush swapping in an
 * empty table) holds {@link #lock}: at most once per token per second. Slots are claimed with a
 * release write of their tag after key and time, and a claimed slot's key never changes.
 */
final class UsageBuffer implements UsageRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
  private static final int MIN_CAPACITY = 64;

  private final TokenStore store;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Slots slots = new Slots(MIN_CAPACITY);

  UsageBuffer(TokenStore store) {
    this.store = store;
  }

  /**
   * Notes a use; keeps the latest instant per token, to the second: a use in the same second as the
   * noted one changes nothing.
   */
  void note(TokenId id, Instant at) {
    if (notedAt(id, at)) {
      return;
    }
    lock.lock();
    try {
      put(id, at.getEpochSecond(), at.getNano());
    } finally {
      lock.unlock();
    }
  }

  /** Whether a use of {@code id} in the second of {@code at} (or later) is already noted. */
  boolean notedAt(TokenId id, Instant at) {
    return slots.notedSince(id, at.getEpochSecond());
  }

  /** Keeps the later of the noted time and this one. Caller holds the lock. */
  private void put(TokenId id, long second, int nano) {
    Slots s = slots;
    if (!s.put(id, second, nano)) {
      s = s.grown();
      s.put(id, second, nano);
      slots = s;
    }
  }

  @Override
  public int flush() {
    Slots taken;
    lock.lock();
    try {
      taken = slots;
      if (taken.size == 0) {
        return 0;
      }
      // Writers use the new table from now on, so the taken one no longer changes.
      slots = new Slots(Slots.capacityFor(taken.size));
    } finally {
      lock.unlock();
    }
    Map<TokenId, Instant> batch = taken.toMap();
    try {
      store.recordUsage(batch);
    } catch (RuntimeException e) {
      // Keep the batch for the next flush; uses noted meanwhile merge with it.
      lock.lock();
      try {
        batch.forEach((id, at) -> put(id, at.getEpochSecond(), at.getNano()));
      } finally {
        lock.unlock();
      }
      throw e;
    }
    return batch.size();
  }

  @Override
  public int pending() {
    lock.lock();
    try {
      return slots.size;
    } finally {
      lock.unlock();
    }
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
      LOG.warn("usage flush failed; {} tokens kept for the next flush", pending(), e);
    }
  }

  /** One table: per slot the id's two packed longs, the epoch second and nano + 1 (0: free). */
  private static final class Slots {
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 4;

    private final long[] cells;
    private final TokenId[] ids; // the id objects, read only by the flush
    private final int mask;
    private int size; // written under the lock

    Slots(int capacity) {
      this.cells = new long[capacity * STRIDE];
      this.ids = new TokenId[capacity];
      this.mask = capacity - 1;
    }

    /** A power of two with room for {@code count} tokens at most half full. */
    static int capacityFor(int count) {
      int capacity = MIN_CAPACITY;
      while (capacity < 2 * count) {
        capacity <<= 1;
      }
      return capacity;
    }

    /** Whether {@code id} is noted at {@code second} or later. Lock-free. */
    boolean notedSince(TokenId id, long second) {
      long high = id.packedHigh();
      long low = id.packedLow();
      for (int i = home(id) & mask; ; i = (i + 1) & mask) {
        int at = i * STRIDE;
        if ((long) CELLS.getAcquire(cells, at + 3) == 0) {
          return false;
        }
        if (cells[at] == high && cells[at + 1] == low) {
          return (long) CELLS.getOpaque(cells, at + 2) >= second;
        }
      }
    }

    /** Notes the later of the held time and this one; false if a new token needs a bigger table. */
    boolean put(TokenId id, long second, int nano) {
      long high = id.packedHigh();
      long low = id.packedLow();
      for (int i = home(id) & mask; ; i = (i + 1) & mask) {
        int at = i * STRIDE;
        if (cells[at + 3] == 0) {
          if (2 * (size + 1) > ids.length) {
            return false;
          }
          ids[i] = id;
          cells[at] = high;
          cells[at + 1] = low;
          CELLS.setOpaque(cells, at + 2, second);
          CELLS.setRelease(cells, at + 3, nano + 1L);
          size++;
          return true;
        }
        if (cells[at] == high && cells[at + 1] == low) {
          long heldSecond = cells[at + 2];
          if (second > heldSecond || (second == heldSecond && nano + 1L > cells[at + 3])) {
            CELLS.setRelease(cells, at + 3, nano + 1L);
            CELLS.setOpaque(cells, at + 2, second);
          }
          return true;
        }
      }
    }

    /** A table twice the size holding the same tokens. */
    Slots grown() {
      Slots bigger = new Slots(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        TokenId id = ids[i];
        if (id != null) {
          bigger.put(id, cells[i * STRIDE + 2], (int) (cells[i * STRIDE + 3] - 1));
        }
      }
      return bigger;
    }

    Map<TokenId, Instant> toMap() {
      Map<TokenId, Instant> map = new HashMap<>();
      for (int i = 0; i < ids.length; i++) {
        TokenId id = ids[i];
        if (id != null) {
          map.put(id, Instant.ofEpochSecond(cells[i * STRIDE + 2], cells[i * STRIDE + 3] - 1));
        }
      }
      return map;
    }

    private static int home(TokenId id) {
      int h = id.hashCode(); // already mixes both packed halves
      return h ^ (h >>> 16);
    }
  }
}

package dev.tokenkit.store.memory.internal;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Records by id in one open-addressed array (linear probing). A lookup loads the array slot and the
 * record and nothing else: a {@link java.util.concurrent.ConcurrentHashMap} also loads its node and
 * the key object, two more cache misses per authentication when the tokens do not fit in cache.
 *
 * <p>One writer at a time: callers of {@link #put} and {@link #remove} hold the store's write lock.
 * {@link #get} never locks. Every slot changes by one release write and is read with acquire, and a
 * resized array is filled before it is published, so a reader sees each record wholly before or
 * wholly after a write. Removal leaves a marker so that probe chains stay intact; markers are
 * reused by later inserts and dropped when the array is rebuilt.
 */
final class RecordTable {

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final Object REMOVED = new Object();
  private static final int MIN_CAPACITY = 16;

  // Occupied slots (records and markers) stay at most half the array, so every probe ends at a
  // null.
  private volatile Object[] slots = new Object[MIN_CAPACITY];
  // Written by the one writer; read without the lock only as an estimate (toString, list sizing).
  private int size;
  private int occupied;

  /** The record with {@code id}, or null. Lock-free. */
  @Nullable TokenRecord get(TokenId id) {
    Object[] s = slots;
    int mask = s.length - 1;
    for (int i = home(id, mask); ; i = (i + 1) & mask) {
      Object slot = SLOTS.getAcquire(s, i);
      if (slot == null) {
        return null;
      }
      if (slot != REMOVED && ((TokenRecord) slot).hasId(id)) {
        return (TokenRecord) slot;
      }
    }
  }

  /** Inserts or replaces the record with {@code record.id()}. Caller holds the write lock. */
  void put(TokenRecord record) {
    Object[] s = slots;
    int mask = s.length - 1;
    int reusable = -1;
    int i = home(record.id(), mask);
    for (; ; i = (i + 1) & mask) {
      Object slot = s[i];
      if (slot == null) {
        break;
      }
      if (slot == REMOVED) {
        if (reusable < 0) {
          reusable = i;
        }
      } else if (((TokenRecord) slot).hasId(record.id())) {
        SLOTS.setRelease(s, i, record);
        return;
      }
    }
    size++;
    if (reusable >= 0) {
      SLOTS.setRelease(s, reusable, record);
      return;
    }
    if (2 * (occupied + 1) > s.length) {
      rebuild(record);
      return;
    }
    occupied++;
    SLOTS.setRelease(s, i, record);
  }

  /** Removes the record with {@code id}; whether there was one. Caller holds the write lock. */
  boolean remove(TokenId id) {
    Object[] s = slots;
    int mask = s.length - 1;
    for (int i = home(id, mask); ; i = (i + 1) & mask) {
      Object slot = s[i];
      if (slot == null) {
        return false;
      }
      if (slot != REMOVED && ((TokenRecord) slot).hasId(id)) {
        SLOTS.setRelease(s, i, REMOVED);
        size--;
        return true;
      }
    }
  }

  /** The number of records: exact under the write lock, an estimate without it. */
  int size() {
    return size;
  }

  /** A snapshot of the records, in no particular order. */
  List<TokenRecord> records() {
    Object[] s = slots;
    List<TokenRecord> records = new ArrayList<>(size);
    for (int i = 0; i < s.length; i++) {
      Object slot = SLOTS.getAcquire(s, i);
      if (slot != null && slot != REMOVED) {
        records.add((TokenRecord) slot);
      }
    }
    return records;
  }

  /** A new array a quarter full of the live records plus {@code added}, then published. */
  private void rebuild(TokenRecord added) {
    Object[] old = slots;
    int capacity = MIN_CAPACITY;
    while (capacity < 4 * size) {
      capacity <<= 1;
    }
    Object[] fresh = new Object[capacity];
    int mask = capacity - 1;
    int count = 0;
    for (Object slot : old) {
      if (slot != null && slot != REMOVED) {
        place(fresh, mask, (TokenRecord) slot);
        count++;
      }
    }
    place(fresh, mask, added);
    occupied = count + 1;
    slots = fresh; // the volatile write publishes the filled array
  }

  private static void place(Object[] s, int mask, TokenRecord record) {
    int i = home(record.id(), mask);
    while (s[i] != null) {
      i = (i + 1) & mask;
    }
    s[i] = record;
  }

  private static int home(TokenId id, int mask) {
    int h = id.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }
}

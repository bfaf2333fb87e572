package dev.tokenkit.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reusable instances of something costly to build and not thread-safe (a {@code Mac}, a {@code
 * Cipher}, digest states): one per platform thread, kept in a {@link ThreadLocal}, and for virtual
 * threads a small shared pool. A server that runs each request on a new virtual thread would
 * otherwise build a fresh instance for every request, several times the cost of using one.
 *
 * <p>Callers {@link #acquire} an instance, use it on the calling thread only, and {@link #release}
 * it in a {@code finally}; for a platform thread release does nothing. An instance must not carry
 * anything from one use to the next that the next use does not reset (a {@code Mac} is
 * re-initialised with each call's key). Not part of tokenkit's API: exported to tokenkit's own
 * modules only.
 *
 * <p>Thread-safe.
 *
 * @param <T> the kind of instance
 */
public final class ThreadCache<T> {

  // Thread.isVirtual() exists from JDK 21; the target is 17, so it is looked up once. A static
  // final MethodHandle is a constant to the JIT: the check costs a field read.
  private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

  private final Supplier<T> factory;
  private final @Nullable Predicate<Thread> pooledForTest;
  private final ThreadLocal<T> perPlatformThread;
  private final AtomicReferenceArray<@Nullable T> spares;
  private final int mask;

  private ThreadCache(Supplier<T> factory, @Nullable Predicate<Thread> pooledForTest) {
    this.factory = factory;
    this.pooledForTest = pooledForTest;
    this.perPlatformThread = ThreadLocal.withInitial(factory);
    // Virtual threads run on one carrier per core, so about that many instances are in use at once.
    int slots = Integer.highestOneBit(Math.max(16, Runtime.getRuntime().availableProcessors() * 4));
    this.spares = new AtomicReferenceArray<>(slots);
    this.mask = slots - 1;
  }

  /** A cache that builds its instances with {@code factory}. */
  public static <T> ThreadCache<T> of(Supplier<T> factory) {
    return new ThreadCache<>(factory, null);
  }

  /** A cache that pools for the threads {@code pooled} names, so JDK 17 tests reach the pool. */
  static <T> ThreadCache<T> pooling(Supplier<T> factory, Predicate<Thread> pooled) {
    return new ThreadCache<>(factory, pooled);
  }

  /** An instance for the calling thread's exclusive use until it {@link #release}s it. */
  public T acquire() {
    Thread thread = Thread.currentThread();
    if (!pooled(thread)) {
      return perPlatformThread.get();
    }
    int start = slot(thread);
    for (int i = 0; i <= mask; i++) {
      int index = (start + i) & mask;
      T spare = spares.get(index);
      if (spare != null && spares.compareAndSet(index, spare, null)) {
        return spare;
      }
    }
    return factory.get();
  }

  /**
   * Gives back an instance from {@link #acquire}, on the same thread. A virtual thread's instance
   * goes back to the pool, or is dropped if the pool is full.
   */
  public void release(T instance) {
    Thread thread = Thread.currentThread();
    if (!pooled(thread)) {
      return;
    }
    int start = slot(thread);
    for (int i = 0; i <= mask; i++) {
      int index = (start + i) & mask;
      if (spares.get(index) == null && spares.compareAndSet(index, null, instance)) {
        return;
      }
    }
  }

  /** The instances pooled for virtual threads now, for tests. */
  int spareCount() {
    int count = 0;
    for (int i = 0; i <= mask; i++) {
      count += spares.get(i) == null ? 0 : 1;
    }
    return count;
  }

  private int slot(Thread thread) {
    return (int) ((thread.getId() * 0x9E3779B97F4A7C15L) >>> 32) & mask;
  }

  private boolean pooled(Thread thread) {
    Predicate<Thread> test = pooledForTest;
    return test == null ? isVirtual(thread) : test.test(thread);
  }

  static boolean isVirtual(Thread thread) {
    MethodHandle isVirtual = IS_VIRTUAL;
    if (isVirtual == null) {
      return false;
    }
    try {
      return (boolean) isVirtual.invokeExact(thread);
    } catch (Throwable e) {
      throw new IllegalStateException("Thread.isVirtual failed", e);
    }
  }

  private static @Nullable MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // before JDK 21: no virtual threads
    }
  }
}

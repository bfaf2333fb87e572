package dev.tokenkit.benchmarks;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** Latencies in microsecond buckets up to 100 ms (the last bucket holds longer ones). */
final class Latencies {
  private final AtomicLong[] buckets = new AtomicLong[100_001];

  Latencies() {
    Arrays.setAll(buckets, i -> new AtomicLong());
  }

  void add(long nanos) {
    buckets[(int) Math.min(100_000, nanos / 1_000)].incrementAndGet();
  }

  void merge(Latencies other) {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i].addAndGet(other.buckets[i].get());
    }
  }

  /** The percentile in nanoseconds (bucket's upper bound). */
  long percentile(double p) {
    long total = 0;
    for (AtomicLong b : buckets) {
      total += b.get();
    }
    long rank = (long) Math.ceil(total * p / 100.0);
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += buckets[i].get();
      if (seen >= rank && rank > 0) {
        return (i + 1) * 1_000L;
      }
    }
    return 0;
  }
}

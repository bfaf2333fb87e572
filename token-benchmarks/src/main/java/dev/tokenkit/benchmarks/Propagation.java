package dev.tokenkit.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Revokes hot tokens cached on every node and times until all of them refuse each. */
final class Propagation {
  private final List<Long> delays = new ArrayList<>();
  private int next;

  void probe(ScaleLoad load, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      measureOne(load);
      Thread.sleep(200);
    }
  }

  /** The delay in nanoseconds, or -1 if a node still accepted it after ten seconds. */
  long measureOne(ScaleLoad load) throws InterruptedException {
    int i = ScaleLoad.victim(next++);
    List<ScaleLoad.Node> nodes = load.nodes();
    for (ScaleLoad.Node node : nodes) {
      node.accepts(i); // cached everywhere
    }
    ScaleLoad.Node revoker = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
    revoker.managing.set(true); // its statements count as management's
    try {
      revoker.service.revoke(Fixture.ADMIN, load.id(i));
    } catch (RuntimeException e) {
      return -1;
    } finally {
      revoker.managing.set(false);
    }
    long revoked = System.nanoTime();
    boolean[] refused = new boolean[nodes.size()];
    int left = nodes.size();
    while (left > 0) {
      if (System.nanoTime() - revoked > 10_000_000_000L) {
        delays.add(Long.MAX_VALUE);
        return -1;
      }
      for (int n = 0; n < nodes.size(); n++) {
        if (!refused[n] && !nodes.get(n).accepts(i)) {
          refused[n] = true;
          left--;
        }
      }
      Thread.sleep(1);
    }
    long delay = System.nanoTime() - revoked;
    delays.add(delay);
    return delay;
  }

  @Override
  public String toString() {
    long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return "none measured";
    }
    return String.format(
        Locale.ROOT,
        "%d revocations, p50 %.0f ms, p99 %.0f ms, max %s",
        sorted.length,
        sorted[sorted.length / 2] / 1e6,
        sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6,
        sorted[sorted.length - 1] == Long.MAX_VALUE
            ? "over 10 s"
            : String.format(Locale.ROOT, "%.0f ms", sorted[sorted.length - 1] / 1e6));
  }
}

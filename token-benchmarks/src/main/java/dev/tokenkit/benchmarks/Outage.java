package dev.tokenkit.benchmarks;

import dev.tokenkit.core.RequestContext;
import java.util.List;
import java.util.Locale;

/**
 * The database stopped for 10 s under load, just after a revocation, then started again: counts the
 * answers meanwhile, any success for the revoked token, and how long the nodes take to authenticate
 * again and to listen again, by themselves.
 */
final class Outage {

  private final ScaleLoad load;

  Outage(ScaleLoad load) {
    this.load = load;
  }

  void run() throws Exception {
    List<ScaleLoad.Node> nodes = load.nodes();
    int revoked = ScaleLoad.victim(1_000_000);
    int hot = 0;
    for (ScaleLoad.Node node : nodes) {
      node.accepts(revoked); // cached everywhere
    }
    long[] okBefore = nodes.stream().mapToLong(n -> n.ok.get()).toArray();
    long[] downBefore = nodes.stream().mapToLong(n -> n.unavailable.get()).toArray();
    nodes.get(0).service.revoke(Fixture.ADMIN, load.id(revoked));
    long revokedAt = System.nanoTime();
    load.stopDatabase();
    long stoppedAt = System.nanoTime();
    int acceptedRevoked = 0;
    while (System.nanoTime() - stoppedAt < 10_000_000_000L) {
      acceptedRevoked += accepted(nodes, load.token(revoked), revokedAt);
      Thread.sleep(50);
    }
    long[] okDuring = new long[nodes.size()];
    long[] downDuring = new long[nodes.size()];
    for (int n = 0; n < nodes.size(); n++) {
      okDuring[n] = nodes.get(n).ok.get() - okBefore[n];
      downDuring[n] = nodes.get(n).unavailable.get() - downBefore[n];
    }
    load.startDatabase();
    long startedAt = System.nanoTime();
    long[] recovered = new long[nodes.size()];
    long[] listening = new long[nodes.size()];
    while (System.nanoTime() - startedAt < 30_000_000_000L) {
      acceptedRevoked += accepted(nodes, load.token(revoked), revokedAt);
      boolean all = true;
      for (int n = 0; n < nodes.size(); n++) {
        ScaleLoad.Node node = nodes.get(n);
        if (recovered[n] == 0
            && node.service
                .authenticate(load.token(hot), RequestContext.empty())
                .isAuthenticated()) {
          recovered[n] = System.nanoTime() - startedAt;
        }
        if (listening[n] == 0 && node.listener.isListening()) {
          listening[n] = System.nanoTime() - startedAt;
        }
        all &= recovered[n] > 0 && listening[n] > 0;
      }
      if (all) {
        break;
      }
      Thread.sleep(20);
    }
    System.out.println();
    System.out.println("database stopped 10 s under load, just after a revocation on node 1:");
    for (int n = 0; n < nodes.size(); n++) {
      System.out.printf(
          Locale.ROOT,
          "  node %d: during the outage %d successes (answered from the cache before the"
              + " connection loss was seen), %d answered 503; after restart authenticating again"
              + " in %.1f s, listening again in %.1f s%n",
          n + 1,
          okDuring[n],
          downDuring[n],
          recovered[n] / 1e9,
          listening[n] / 1e9);
    }
    System.out.println(
        "  successes for the token revoked before the stop, later than 1 s after its revocation: "
            + acceptedRevoked);
  }

  /** How many nodes accept {@code token}, counted only from 1 s after its revocation. */
  private static int accepted(List<ScaleLoad.Node> nodes, String token, long revokedAt) {
    if (System.nanoTime() - revokedAt < 1_000_000_000L) {
      return 0;
    }
    int accepted = 0;
    for (ScaleLoad.Node node : nodes) {
      if (node.service.authenticate(token, RequestContext.empty()).isAuthenticated()) {
        accepted++;
      }
    }
    return accepted;
  }
}

package dev.tokenkit.examples;

import dev.tokenkit.core.AuditEvent;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server's audit listener: one log line per event, with the token id, the acting
 * admin token and the client address (never a secret). Rejected authentications are what an
 * attacker can produce at will, so at most {@link #REJECTIONS_PER_SECOND} of them are logged per
 * second; the rest are counted and reported in one line when the next second starts. Thread-safe.
 */
final class AuditLog {

  static final int REJECTIONS_PER_SECOND = 20;
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceServer.class);

  private final Clock clock;
  private long second = Long.MIN_VALUE;
  private int loggedThisSecond;
  private long suppressed;

  AuditLog(Clock clock) {
    this.clock = clock;
  }

  void onEvent(AuditEvent event) {
    switch (event.type()) {
      case AUTHENTICATED -> LOG.debug("{}", event);
      case REJECTED -> {
        long dropped = admitRejection();
        if (dropped > 0) {
          LOG.info("{} more rejected authentications in the last second, not logged", dropped);
        }
        if (dropped >= 0) {
          LOG.info("{}", event);
        }
      }
      default -> LOG.info("{}", event);
    }
  }

  /**
   * -1 if this rejection is over the budget (counted, not logged); else how many were suppressed in
   * the second that just ended (0 usually), to report before logging this one.
   */
  private synchronized long admitRejection() {
    long now = clock.millis() / 1000;
    long report = 0;
    if (now != second) {
      second = now;
      loggedThisSecond = 0;
      report = suppressed;
      suppressed = 0;
    }
    if (loggedThisSecond >= REJECTIONS_PER_SECOND) {
      suppressed++;
      return -1;
    }
    loggedThisSecond++;
    return report;
  }
}

package dev.tokenkit.core;

/**
 * Host SPI: receives audit events synchronously, on the thread that performed the operation. Keep
 * it fast (hand off to a queue for slow sinks). An exception thrown here is logged and never breaks
 * the operation. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AuditListener {

  /** Called once per event. */
  void onEvent(AuditEvent event);
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit emission for both halves of the service: management events with where the actor's request
 * came from, authentication outcomes with the client's address, each with the token's tenant. A
 * listener that throws is logged and never breaks the operation. Thread-safe.
 */
final class AuditTrail {

  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

  private final AuditListener[] listeners;
  private final Clock clock;

  AuditTrail(List<AuditListener> listeners, Clock clock) {
    this.listeners = listeners.toArray(new AuditListener[0]);
    this.clock = clock;
  }

  /** A management event about {@code token}, with where the actor's request came from. */
  void byActor(
      Actor actor,
      TokenRecord token,
      AuditEvent.Type type,
      Instant at,
      List<AuditEvent.Change> changes) {
    if (listeners.length == 0) {
      return;
    }
    emit(
        AuditEvent.of(type, at, token.id(), token.name(), actor.id(), changes)
            .withSource(actor.tokenId().orElse(null), actor.clientAddress().orElse(null))
            .withTenant(token.tenant().orElse(null)));
  }

  /** {@code token}, revoked because a leaked-token report proved its secret public. */
  void leaked(TokenRecord token, String source, Instant at) {
    bySystem(AuditEvent.Type.LEAKED, token, at, AuditEvent.Change.of("source", null, source));
  }

  /** {@code token} expires at {@code expiry}: its one expiry notice. */
  void expiring(TokenRecord token, Instant expiry, Instant at) {
    bySystem(
        AuditEvent.Type.EXPIRING,
        token,
        at,
        AuditEvent.Change.of("expiresAt", null, expiry.toString()));
  }

  /** An event about {@code token} that no actor caused, with what it is about as one change. */
  private void bySystem(
      AuditEvent.Type type, TokenRecord token, Instant at, AuditEvent.Change about) {
    if (listeners.length > 0) {
      emit(
          AuditEvent.of(type, at, token.id(), token.name(), null, List.of(about))
              .withTenant(token.tenant().orElse(null)));
    }
  }

  /** A successful authentication of {@code record}. */
  void authenticated(
      TokenId id, TokenRecord record, Instant now, @Nullable RequestContext context) {
    if (listeners.length > 0) {
      emit(
          AuditEvent.of(AuditEvent.Type.AUTHENTICATED, now, id, record.name(), null, List.of())
              .withSource(null, addressOf(context))
              .withTenant(record.tenant().orElse(null)));
    }
  }

  /** A rejected authentication, now. */
  void rejected(@Nullable TokenId id, RejectionReason reason, @Nullable RequestContext context) {
    if (listeners.length > 0) {
      emit(AuditEvent.rejected(clock.instant(), id, reason).withSource(null, addressOf(context)));
    }
  }

  void emit(AuditEvent event) {
    for (AuditListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "audit listener {} failed on {} event for token {}",
            listener.getClass().getName(),
            event.type(),
            event.tokenId().orElse(null),
            e);
      }
    }
  }

  private static @Nullable String addressOf(@Nullable RequestContext context) {
    return context == null ? null : context.clientAddress().orElse(null);
  }
}

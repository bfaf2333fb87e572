package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link TokenService#reportLeaked}: each reported string is checked offline (format, checksum),
 * then looked up and its secret checked as authentication would; a live token whose secret matched
 * is revoked and a {@link AuditEvent.Type#LEAKED} event names the source. Thread-safe.
 */
final class LeakReports {

  static final int MAX_CANDIDATES = 1_000;
  static final int MAX_SOURCE_LENGTH = 2_048;

  private final TokenStore store;
  private final TokenFormat format;
  private final Authenticator authenticator;
  private final Clock clock;
  private final AuditTrail trail;

  LeakReports(
      TokenStore store,
      TokenFormat format,
      Authenticator authenticator,
      Clock clock,
      AuditTrail trail) {
    this.store = store;
    this.format = format;
    this.authenticator = authenticator;
    this.clock = clock;
    this.trail = trail;
  }

  List<LeakOutcome> report(@Nullable Collection<String> candidates, @Nullable String source) {
    if (candidates == null || candidates.isEmpty() || candidates.size() > MAX_CANDIDATES) {
      throw new IllegalArgumentException(
          "candidates must hold 1 to " + MAX_CANDIDATES + " reported strings");
    }
    if (source == null || source.isBlank() || source.length() > MAX_SOURCE_LENGTH) {
      throw new IllegalArgumentException(
          "source must be 1 to " + MAX_SOURCE_LENGTH + " characters, not blank");
    }
    List<LeakOutcome> outcomes = new ArrayList<>(candidates.size());
    for (String candidate : candidates) {
      outcomes.add(one(candidate, source));
    }
    return List.copyOf(outcomes);
  }

  private LeakOutcome one(@Nullable String candidate, String source) {
    TokenFormat.Parsed parsed = format.parse(candidate);
    try {
      if (!parsed.isValid()) {
        return LeakOutcome.NOT_OURS;
      }
      TokenRecord record = store.find(parsed.id()).orElse(null);
      if (record == null || record.kind() != parsed.kind()) {
        return LeakOutcome.NOT_OURS;
      }
      if (record.kind() == TokenKind.BROWSER) {
        return LeakOutcome.NOT_SECRET;
      }
      // As authentication checks it: the current secret, or the previous one within its grace
      // period (a leaked old secret still opens the door, so the whole token goes).
      if (!authenticator.secretMatches(parsed, record, clock.instant())) {
        return LeakOutcome.NOT_OURS;
      }
      return revoke(record, source) ? LeakOutcome.REVOKED : LeakOutcome.ALREADY_REVOKED;
    } finally {
      parsed.wipe();
    }
  }

  /** Revokes the token unless it already is; false if it was (or is gone meanwhile). */
  private boolean revoke(TokenRecord found, String source) {
    Instant now = clock.instant();
    TokenRecord stored =
        SystemEdit.apply(
            store,
            found,
            current ->
                current.revokedAt().isPresent()
                    ? null
                    : current.toBuilder().revokedAt(now).updatedAt(now).build());
    if (stored == null) {
      return false;
    }
    trail.leaked(stored, source, now);
    return true;
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tokens about to expire: {@link TokenService#listExpiring} for admins, and {@link
 * TokenService#noticeExpiring} for the host's scheduler, which marks each notice in the token's
 * record with the store's compare-and-set update, so that of several nodes running it at once
 * exactly one sends each notice. Thread-safe.
 */
final class ExpiryNotices {

  /** The longest look ahead: notices are for tokens about to expire, not for every token. */
  static final Duration MAX_WINDOW = Duration.ofDays(366);

  private static final int SCAN_PAGE = 500;

  private final TokenStore store;
  private final Clock clock;
  private final AuditTrail trail;

  ExpiryNotices(TokenStore store, Clock clock, AuditTrail trail) {
    this.store = store;
    this.clock = clock;
    this.trail = trail;
  }

  static Duration requireWindow(@Nullable Duration within) {
    if (within == null
        || within.isNegative()
        || within.isZero()
        || within.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("within must be more than 0 and at most 366 days");
    }
    return within;
  }

  /** Whether {@code record} is active and expires after {@code now} and by {@code until}. */
  static boolean expiring(TokenRecord record, Instant now, Instant until) {
    Instant expiry = record.expiresAt().orElse(null);
    return expiry != null
        && expiry.isAfter(now)
        && !expiry.isAfter(until)
        && record.stateAt(now) == TokenState.ACTIVE;
  }

  /** One page of the store, filtered to the tokens expiring by {@code until}. */
  static TokenPage filter(TokenPage page, Instant now, Instant until) {
    List<TokenRecord> expiring = new ArrayList<>();
    for (TokenRecord record : page.items()) {
      if (expiring(record, now, until)) {
        expiring.add(record);
      }
    }
    return TokenPage.of(expiring, page.nextCursor().orElse(null));
  }

  List<TokenRecord> notice(@Nullable Duration within) {
    Duration window = requireWindow(within);
    Instant now = clock.instant();
    Instant until = now.plus(window);
    List<TokenRecord> noticed = new ArrayList<>();
    String cursor = null;
    do {
      TokenPage page =
          store.list(
              TokenFilter.builder().state(TokenState.ACTIVE, now).build(), cursor, SCAN_PAGE);
      for (TokenRecord record : page.items()) {
        TokenRecord marked = mark(record, now, until);
        if (marked != null) {
          noticed.add(marked);
        }
      }
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    return List.copyOf(noticed);
  }

  /**
   * Records the notice in the token if it is due, and emits its event; null if it is not due or
   * another node recorded it first (or races went on past the last attempt: the next run sends it).
   */
  private @Nullable TokenRecord mark(TokenRecord found, Instant now, Instant until) {
    TokenRecord stored;
    try {
      stored =
          SystemEdit.apply(
              store,
              found,
              current -> {
                Instant expiry = current.expiresAt().orElse(null);
                return expiry == null
                        || !expiring(current, now, until)
                        || expiry.equals(current.expiryNoticeFor().orElse(null))
                    ? null
                    : current.toBuilder().expiryNoticeFor(expiry).build();
              });
    } catch (StaleTokenException e) {
      return null;
    }
    if (stored == null) {
      return null;
    }
    trail.expiring(stored, stored.expiresAt().orElseThrow(), now);
    return stored;
  }
}

package dev.tokenkit.store.spi;

/**
 * The lifecycle state of a token at a given instant, derived from its record (see {@link
 * TokenRecord#stateAt(java.time.Instant)}). When several apply, the first in declaration order
 * after {@code ACTIVE} wins: {@code REVOKED}, then {@code DISABLED}, then {@code EXPIRED}.
 */
public enum TokenState {
  /** Usable: not revoked, enabled and not expired. */
  ACTIVE,
  /** Kept but refused until re-enabled. */
  DISABLED,
  /** Past its expiry; kept and listed until deleted. */
  EXPIRED,
  /** Permanently refused; cannot be re-enabled. */
  REVOKED
}

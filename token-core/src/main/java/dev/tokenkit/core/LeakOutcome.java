package dev.tokenkit.core;

/**
 * What {@link TokenService#reportLeaked} found for one reported string. The answer says no more
 * than this: a string whose secret does not match is {@link #NOT_OURS}, whether or not its id
 * exists, so a reporter cannot probe for ids.
 */
public enum LeakOutcome {
  /** A token of ours whose secret matched, live until now: it is revoked. */
  REVOKED,
  /** A token of ours whose secret matched, revoked before this report. */
  ALREADY_REVOKED,
  /**
   * A browser token: public by design (it sits in web pages, bound to its origins), so it is not
   * revoked.
   */
  NOT_SECRET,
  /**
   * Not a token of ours: malformed, a wrong checksum, no such token, or a secret that does not
   * match.
   */
  NOT_OURS
}

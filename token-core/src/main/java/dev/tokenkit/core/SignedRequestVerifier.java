package dev.tokenkit.core;

import org.jspecify.annotations.Nullable;

/**
 * Server side of signed requests, obtained from {@link TokenService#signedRequests()}. Verifies a
 * {@code tkn_{key}_{epoch}_{user}_{hmac}} header and answers with the same {@link AuthResult} as
 * bearer authentication. Checks, in order: syntax ({@code MALFORMED}), the key names a server token
 * ({@code UNKNOWN}), the signature, compared in constant time and hex case-insensitively ({@code
 * BAD_SECRET}), the epoch within the window ({@code STALE_SIGNATURE}), then revoked, disabled,
 * expired, owner active, the user (a restricted token accepts only its user, else {@code
 * CLIENT_NOT_ALLOWED}; an unrestricted one acts as the named user, who must be a known active user,
 * else {@code OWNER_INACTIVE}) and client binding. Never throws. Thread-safe.
 */
public interface SignedRequestVerifier {

  /**
   * Verifies a signed-request header value.
   *
   * @param header the header value; null or anything malformed gives {@code MALFORMED}
   * @param context request facts for client binding; null means {@link RequestContext#empty()}
   */
  AuthResult verify(@Nullable String header, @Nullable RequestContext context);
}

package dev.tokenkit.core;

import org.jspecify.annotations.Nullable;

/**
 * Server side of signed requests, obtained from {@link TokenService#signedRequests()}. Verifies a
 * {@code tkn_{key}_{epoch}_{user}_{hmac}} header ({@link #verify}), or an HTTP message signature
 * that binds method, target URI, body and a nonce ({@link #verifyMessage}), and answers with the
 * same {@link AuthResult} as bearer authentication. Checks, in order: syntax ({@code MALFORMED}),
 * the key names a server token ({@code UNKNOWN}), the signature, compared in constant time and hex
 * case-insensitively ({@code BAD_SECRET}), the epoch within the window ({@code STALE_SIGNATURE}),
 * then revoked, disabled, expired, owner active, the user (a restricted token accepts only its
 * user, else {@code CLIENT_NOT_ALLOWED}; an unrestricted one acts as the named user, who must be a
 * known active user, else {@code OWNER_INACTIVE}) and client binding. Never throws. Thread-safe.
 */
public interface SignedRequestVerifier {

  /**
   * Verifies a signed-request header value.
   *
   * @param header the header value; null or anything malformed gives {@code MALFORMED}
   * @param context request facts for client binding; null means {@link RequestContext#empty()}
   */
  AuthResult verify(@Nullable String header, @Nullable RequestContext context);

  /**
   * Verifies an HTTP message signature (RFC 9421) made with a server token's secret as the
   * HMAC-SHA256 key ({@link RequestSigner#signRequest} makes them). The request must carry exactly
   * one signature ({@code Signature-Input} and {@code Signature} with one label each) that covers
   * {@code "@method" "@target-uri" "@authority" "content-digest"} (and {@code "token-user"} when
   * that header is sent) with the parameters {@code created}, {@code nonce} (8 to 128 characters)
   * and {@code keyid} (the token key), optionally {@code expires} and {@code alg="hmac-sha256"}.
   * Checks, in order: those fields ({@code MALFORMED}), the key names a server token ({@code
   * UNKNOWN}), the signature over the RFC 9421 signature base and the body against {@code
   * Content-Digest} (SHA-256 or SHA-512, RFC 9530) ({@code BAD_SECRET}), {@code created} within the
   * window and {@code expires} not past ({@code STALE_SIGNATURE}), the key id and nonce not seen
   * before within the window ({@code REPLAYED}), then checks 4 to 8 with the user named by {@code
   * Token-User} as for {@link #verify}, or the token's own user when none is named. Never throws.
   *
   * @param request the request as received; null gives {@code MALFORMED}
   * @param context request facts for client binding; null means {@link RequestContext#empty()}
   */
  AuthResult verifyMessage(@Nullable HttpRequestParts request, @Nullable RequestContext context);
}

package dev.tokenkit.core;

import dev.tokenkit.core.internal.SignedRequests;
import dev.tokenkit.store.spi.TokenId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Client side of signed requests: builds the header value {@code tkn_{key}_{epoch}_{user}_{hmac}}
 * from a server token's public key and secret, where {@code hmac} is the lower-case hex
 * HMAC-SHA256, keyed by the secret, of {@code {key}_{epoch}_{user}}. Send a fresh one with every
 * request (the server accepts a few minutes of clock skew).
 *
 * <pre>{@code
 * RequestSigner signer = RequestSigner.of(key, secret);
 * request.header("X-Token-Signature", signer.sign("=alice", Instant.now()));
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never prints the secret.
 */
public final class RequestSigner {

  private final String key;
  private final String secret;

  private RequestSigner(String key, String secret) {
    this.key = key;
    this.secret = secret;
  }

  /**
   * A signer for the server token with this public key (its id) and secret.
   *
   * @throws IllegalArgumentException if the key is not a token id or the secret is not 64 base62
   *     characters
   */
  public static RequestSigner of(@Nullable String key, @Nullable String secret) {
    if (key == null || !TokenId.isValid(key)) {
      throw new IllegalArgumentException("key must be a server token's 12-character id");
    }
    if (secret == null
        || secret.length() != TokenFormat.secretLength(dev.tokenkit.store.spi.TokenKind.SERVER)
        || !secret.chars().allMatch(c -> TokenId.isBase62((char) c))) {
      throw new IllegalArgumentException("secret must be a server token's 64-character secret");
    }
    return new RequestSigner(key, secret);
  }

  /**
   * The header value for acting as {@code user} at {@code now}.
   *
   * @param user a numeric user id, or {@code =username}
   * @throws IllegalArgumentException if {@code user} is neither, or {@code now} is null or before
   *     1970
   */
  public String sign(@Nullable String user, @Nullable Instant now) {
    if (!SignedRequests.isValidUser(user) || user == null) {
      throw new IllegalArgumentException(
          "user must be a numeric id or =username (printable ASCII, at most 127 characters)");
    }
    if (now == null || now.getEpochSecond() < 0) {
      throw new IllegalArgumentException("now must be a time after 1970");
    }
    return SignedRequests.header(key, now.getEpochSecond(), user, secret);
  }

  @Override
  public String toString() {
    return "RequestSigner[key=" + key + ", secret=redacted]";
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Client side of signed requests, from a server token's public key and secret. {@link #signRequest}
 * signs a whole request as an HTTP message signature (RFC 9421: method, URI, body and a nonce;
 * recommended). {@link #sign} builds the MindTouch-compatible header value {@code
 * tkn_{key}_{epoch}_{user}_{hmac}}, where {@code hmac} is the lower-case hex HMAC-SHA256, keyed by
 * the secret, of {@code {key}_{epoch}_{user}}. Each is accepted once, within a minute of its time
 * by default: sign every request anew.
 *
 * <pre>{@code
 * RequestSigner signer = RequestSigner.of(key, secret);
 * signer.signRequest("PUT", uri, body, null, Instant.now()).forEach(request::header);
 * // or, MindTouch-compatible:
 * request.header("X-Token-Signature", signer.sign("=alice", Instant.now()));
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} never prints the secret.
 */
public final class RequestSigner {

  private static final SecureRandom RANDOM = new SecureRandom();

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

  /**
   * The header fields that sign this request as an HTTP message signature (RFC 9421, HMAC-SHA256
   * under the secret): {@code Content-Digest} (SHA-256 of the body, RFC 9530), {@code Token-User}
   * when {@code user} is given, {@code Signature-Input} and {@code Signature}, in that order. The
   * signature covers {@code "@method" "@target-uri" "@authority" "content-digest"} (and {@code
   * "token-user"}), with {@code created}, a fresh random {@code nonce} and {@code keyid} = the key.
   * Send the request exactly as described here: same method, URI and body bytes.
   *
   * @param method the request method, e.g. {@code PUT}
   * @param target the absolute URI the request is sent to
   * @param body the body bytes; null or empty for none
   * @param user for unrestricted server tokens, the user to act as (a numeric id or {@code
   *     =username}); null to act as the token's own user
   * @param now the signing time
   * @throws IllegalArgumentException if method or target are invalid, {@code user} is malformed, or
   *     {@code now} is null or before 1970
   */
  public Map<String, String> signRequest(
      @Nullable String method,
      @Nullable URI target,
      byte @Nullable [] body,
      @Nullable String user,
      @Nullable Instant now) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return signRequest(
        method,
        target,
        body,
        user,
        now,
        Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
  }

  /**
   * {@link #signRequest(String, URI, byte[], String, Instant)} with a given nonce (8 to 128
   * printable ASCII characters, never used twice with this key): for tests and reproducible
   * examples.
   *
   * @throws IllegalArgumentException also if the nonce is malformed
   */
  public Map<String, String> signRequest(
      @Nullable String method,
      @Nullable URI target,
      byte @Nullable [] body,
      @Nullable String user,
      @Nullable Instant now,
      @Nullable String nonce) {
    if (user != null && !SignedRequests.isValidUser(user)) {
      throw new IllegalArgumentException(
          "user must be a numeric id or =username (printable ASCII, at most 127 characters)");
    }
    if (now == null || now.getEpochSecond() < 0) {
      throw new IllegalArgumentException("now must be a time after 1970");
    }
    if (nonce == null
        || nonce.length() < 8
        || nonce.length() > 128
        || !nonce.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
      throw new IllegalArgumentException("nonce must be 8 to 128 printable ASCII characters");
    }
    byte[] content = body == null ? new byte[0] : body;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Digest", MessageSignatures.contentDigest(content));
    if (user != null) {
      headers.put("Token-User", user);
    }
    HttpRequestParts.Builder request =
        HttpRequestParts.builder().method(method).targetUri(target).body(content);
    headers.forEach(request::header);
    List<String> components = new ArrayList<>(MessageSignatures.REQUIRED);
    if (user != null) {
      components.add(MessageSignatures.USER_HEADER);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", now.getEpochSecond());
    params.put("nonce", nonce);
    params.put("keyid", key);
    params.put("alg", "hmac-sha256");
    String signatureParams = StructuredFields.innerList(components, params);
    String base = MessageSignatures.base(request.build(), components, signatureParams);
    if (base == null) {
      throw new IllegalStateException("signature base incomplete"); // every component is set above
    }
    byte[] signature =
        MessageSignatures.hmacSha256(secret.getBytes(StandardCharsets.US_ASCII), base);
    headers.put("Signature-Input", MessageSignatures.LABEL + "=" + signatureParams);
    headers.put(
        "Signature", MessageSignatures.LABEL + "=" + StructuredFields.byteSequence(signature));
    return Collections.unmodifiableMap(headers);
  }

  @Override
  public String toString() {
    return "RequestSigner[key=" + key + ", secret=redacted]";
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A token just created or regenerated: the stored record plus the plaintext token string. The
 * plaintext exists only here: show it to the user once and drop it; the store keeps only a hash.
 *
 * <p>Per kind: an API token is used whole as a bearer token ({@link #token()}). A server token has
 * a public {@link #key()} (its id) and a {@link #secret()} for signing requests; its {@link
 * #token()} also works as a bearer token. A browser token has no secret: its {@link #token()} is a
 * public key, safe to embed in web pages because it only works from its allowed origins.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the token string.
 */
public final class IssuedToken {

  private final TokenRecord record;
  private final String token;
  private final String secret;
  private final @Nullable String jwt;

  private IssuedToken(TokenRecord record, String token, String secret, @Nullable String jwt) {
    this.record = record;
    this.token = token;
    this.secret = secret;
    this.jwt = jwt;
  }

  /**
   * The issued token of {@code record}, with its plaintext {@code token} and the {@code secret}
   * inside it (empty for browser tokens).
   *
   * @throws IllegalArgumentException if an argument is null
   */
  static IssuedToken of(
      @Nullable TokenRecord record, @Nullable String token, @Nullable String secret) {
    if (record == null || token == null || secret == null) {
      throw new IllegalArgumentException("record, token and secret are required");
    }
    return new IssuedToken(record, token, secret, null);
  }

  /** This issued token with its long-term JWT. */
  IssuedToken withJwt(String jwt) {
    return new IssuedToken(record, token, secret, jwt);
  }

  /** The long-term JWT issued with a server token, if one was asked for. Shown once. */
  public Optional<String> jwt() {
    return Optional.ofNullable(jwt);
  }

  /** The token's public id. */
  public TokenId id() {
    return record.id();
  }

  /** The record as stored (no plaintext secret). */
  public TokenRecord record() {
    return record;
  }

  /** The public key of a server token: its id, always visible. */
  public String key() {
    return record.id().value();
  }

  /** The plaintext secret (part of {@link #token()}); empty for browser tokens. Shown once. */
  public String secret() {
    return secret;
  }

  /** The plaintext token string to hand to the user, once. */
  public String token() {
    return token;
  }

  @Override
  public String toString() {
    return "IssuedToken[id="
        + record.id()
        + ", name="
        + record.name()
        + ", token=redacted"
        + (jwt == null ? "" : ", jwt=redacted")
        + "]";
  }
}

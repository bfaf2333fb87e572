package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.util.Optional;

/**
 * The result of {@link TokenFormat#parse(String)}: either a well-formed token (kind, id and secret)
 * or the reason it is malformed. Never both.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints the secret.
 */
public final class ParsedToken {

  private final TokenKind kind;
  private final TokenId id;
  private final String secret;
  private final String problem;

  private ParsedToken(TokenKind kind, TokenId id, String secret, String problem) {
    this.kind = kind;
    this.id = id;
    this.secret = secret;
    this.problem = problem;
  }

  static ParsedToken valid(TokenKind kind, TokenId id, String secret) {
    return new ParsedToken(kind, id, secret, null);
  }

  static ParsedToken malformed(String problem) {
    return new ParsedToken(null, null, null, problem);
  }

  /** Whether the input was a well-formed token with a correct checksum. */
  public boolean isValid() {
    return problem == null;
  }

  /**
   * The kind named by the prefix.
   *
   * @throws IllegalStateException if the token is malformed
   */
  public TokenKind kind() {
    requireValid();
    return kind;
  }

  /**
   * The public token id.
   *
   * @throws IllegalStateException if the token is malformed
   */
  public TokenId id() {
    requireValid();
    return id;
  }

  /**
   * The secret part (empty for browser tokens). This is the caller's own input; it is never logged.
   *
   * @throws IllegalStateException if the token is malformed
   */
  public String secret() {
    requireValid();
    return secret;
  }

  /** Why the input is malformed (safe to log: it never quotes the input); empty when valid. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  private void requireValid() {
    if (problem != null) {
      throw new IllegalStateException("token is malformed: " + problem);
    }
  }

  @Override
  public String toString() {
    return problem == null
        ? "ParsedToken[kind=" + kind + ", id=" + id + ", secret=redacted]"
        : "ParsedToken[malformed: " + problem + "]";
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link TokenFormat#parse(String)}: either a well-formed token (kind, id and secret)
 * or the reason it is malformed. Never both.
 *
 * <p>Package-private: the service's parse of a presented token never leaves its authentication call
 * and is wiped there (the secret bytes set to zero) once hashed. Until then it never changes.
 * {@link #toString()} never prints the secret.
 */
final class ParsedToken {

  private final @Nullable TokenKind kind;
  private final @Nullable TokenId id;
  // The token's characters as the parser read them (ASCII once valid); the secret is
  // chars[secretStart, secretEnd), hashed in place on the request path.
  final byte @Nullable [] chars;
  final int secretStart;
  final int secretEnd;
  private final @Nullable String problem;

  private ParsedToken(
      @Nullable TokenKind kind,
      @Nullable TokenId id,
      byte @Nullable [] chars,
      int secretStart,
      int secretEnd,
      @Nullable String problem) {
    this.kind = kind;
    this.id = id;
    this.chars = chars;
    this.secretStart = secretStart;
    this.secretEnd = secretEnd;
    this.problem = problem;
  }

  static ParsedToken valid(
      TokenKind kind, TokenId id, byte[] chars, int secretStart, int secretEnd) {
    return new ParsedToken(kind, id, chars, secretStart, secretEnd, null);
  }

  static ParsedToken malformed(String problem) {
    return new ParsedToken(null, null, null, 0, 0, problem);
  }

  /** Whether the input was a well-formed token with a correct checksum. */
  boolean isValid() {
    return problem == null;
  }

  /**
   * The kind named by the prefix.
   *
   * @throws IllegalStateException if the token is malformed
   */
  TokenKind kind() {
    return valid(kind);
  }

  /**
   * The public token id.
   *
   * @throws IllegalStateException if the token is malformed
   */
  TokenId id() {
    return valid(id);
  }

  /**
   * The secret part (empty for browser tokens). This is the caller's own input; it is never logged.
   *
   * @throws IllegalStateException if the token is malformed
   */
  String secret() {
    return new String(
        valid(chars), secretStart, secretEnd - secretStart, StandardCharsets.US_ASCII);
  }

  /** Why the input is malformed (safe to log: it never quotes the input); empty when valid. */
  Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** Sets the secret bytes to zero; for the service's own instances, after hashing. */
  void wipe() {
    if (chars != null) {
      Arrays.fill(chars, secretStart, secretEnd, (byte) 0);
    }
  }

  private <T> T valid(@Nullable T part) {
    if (part == null) {
      throw new IllegalStateException("token is malformed: " + problem);
    }
    return part;
  }

  @Override
  public String toString() {
    return problem == null
        ? "ParsedToken[kind=" + kind + ", id=" + id + ", secret=redacted]"
        : "ParsedToken[malformed: " + problem + "]";
  }
}

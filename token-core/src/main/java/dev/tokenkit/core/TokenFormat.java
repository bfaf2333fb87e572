package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The token string format: {@code {prefix}_{id}{secret}{crc}}.
 *
 * <ul>
 *   <li>{@code prefix}: 2 to 10 characters of {@code [a-z0-9]}, one per {@link TokenKind} (defaults
 *       {@code tk}, {@code tks}, {@code tkb});
 *   <li>{@code id}: {@value TokenId#LENGTH} base62 characters;
 *   <li>{@code secret}: base62 characters, 32 for API tokens, 64 for server tokens, none for
 *       browser tokens;
 *   <li>{@code crc}: 6 base62 digits of the CRC-32 of {@code prefix + id + secret}, so typos and
 *       garbage are rejected before any store access, and secret scanners can recognise tokens.
 * </ul>
 *
 * <p>The service's parse of a presented token is strict and total: it never throws, whatever the
 * input, and rejects malformed input before any store access. Immutable and thread-safe.
 */
public final class TokenFormat {

  /** The longest presented string the service looks at; longer input is malformed. */
  public static final int MAX_LENGTH = 256;

  /** The number of checksum characters. */
  public static final int CHECKSUM_LENGTH = 6;

  private static final TokenFormat DEFAULTS = builder().build();

  private final EnumMap<TokenKind, String> prefixes;
  // The same pairs as two arrays: parse scans them without allocating an iterator.
  private final TokenKind[] kinds;
  private final String[] kindPrefixes;

  private TokenFormat(Map<TokenKind, String> prefixes) {
    this.prefixes = new EnumMap<>(prefixes);
    this.kinds = this.prefixes.keySet().toArray(new TokenKind[0]);
    this.kindPrefixes = this.prefixes.values().toArray(new String[0]);
  }

  /** The format with the default prefixes {@code tk}, {@code tks} and {@code tkb}. */
  public static TokenFormat defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the default prefixes. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of secret characters in tokens of {@code kind}. */
  static int secretLength(TokenKind kind) {
    return switch (kind) {
      case API -> 32;
      case SERVER -> 64;
      case BROWSER -> 0;
    };
  }

  /** The prefix of tokens of {@code kind}. */
  public String prefix(TokenKind kind) {
    // Every kind has a prefix: the builder starts from the defaults and only replaces them.
    return Objects.requireNonNull(prefixes.get(kind));
  }

  /**
   * A regular expression that finds tokens of {@code kind} in text, for secret scanners: the
   * prefix, {@code _}, and exactly the kind's number of base62 characters, between word boundaries.
   * It cannot check the checksum; {@link #recognize} does.
   *
   * @throws IllegalArgumentException if {@code kind} is null
   */
  public String pattern(@Nullable TokenKind kind) {
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    int length = TokenId.LENGTH + secretLength(kind) + CHECKSUM_LENGTH;
    return "\\b" + prefix(kind) + "_[0-9A-Za-z]{" + length + "}\\b";
  }

  /**
   * The kind of {@code candidate} if it is a well-formed token of this format: a known prefix, the
   * kind's exact length, base62 characters and a matching checksum. Offline (no store); never
   * throws.
   */
  public Optional<TokenKind> recognize(@Nullable String candidate) {
    Parsed parsed = parse(candidate);
    try {
      return parsed.isValid() ? Optional.of(parsed.kind()) : Optional.empty();
    } finally {
      parsed.wipe();
    }
  }

  /**
   * Builds the token string.
   *
   * @throws IllegalArgumentException if an argument is null or {@code secret} is not the kind's
   *     number of base62 characters (32 for API, 64 for server, 0 for browser tokens)
   */
  public String format(@Nullable TokenKind kind, @Nullable TokenId id, @Nullable String secret) {
    if (kind == null || id == null || secret == null) {
      throw new IllegalArgumentException("kind, id and secret are required");
    }
    if (secret.length() != secretLength(kind)) {
      throw badSecret(kind);
    }
    String prefix = prefix(kind);
    StringBuilder sb =
        new StringBuilder(prefix.length() + 1 + TokenId.LENGTH + secret.length() + CHECKSUM_LENGTH);
    sb.append(prefix).append('_').append(id.value()).append(secret);
    // Non-ASCII characters become '?', which is not base62.
    byte[] chars = sb.toString().getBytes(StandardCharsets.US_ASCII);
    if (!Base62.allBase62(chars, prefix.length() + 1, chars.length)) {
      throw badSecret(kind);
    }
    Base62.encodeFixed(checksum(chars, prefix.length(), chars.length), CHECKSUM_LENGTH, sb);
    return sb.toString();
  }

  private static IllegalArgumentException badSecret(TokenKind kind) {
    return new IllegalArgumentException(
        "secret of a " + kind + " token must be " + secretLength(kind) + " base62 characters");
  }

  /**
   * Parses a presented token. Checks, in order: not null, length at most {@value #MAX_LENGTH}, a
   * known prefix, the exact length for that kind, only base62 after the prefix, and the checksum.
   * Never throws.
   */
  Parsed parse(@Nullable String presented) {
    if (presented == null) {
      return Parsed.malformed("no token");
    }
    int length = presented.length();
    if (length == 0) {
      return Parsed.malformed("empty");
    }
    if (length > MAX_LENGTH) {
      return Parsed.malformed("longer than " + MAX_LENGTH + " characters");
    }
    TokenKind kind = kindOfPrefix(presented);
    if (kind == null) {
      return Parsed.malformed("unknown prefix");
    }
    int bodyStart = prefix(kind).length() + 1;
    int secretStart = bodyStart + TokenId.LENGTH;
    int checksumStart = secretStart + secretLength(kind);
    if (length != checksumStart + CHECKSUM_LENGTH) {
      return Parsed.malformed("wrong length for a " + kind + " token");
    }
    // One array copy (a Latin-1 string's bytes as they are; other characters become '?', which is
    // not base62) serves the character check, the checksum and later the secret's HMAC.
    byte[] chars = presented.getBytes(StandardCharsets.ISO_8859_1);
    if (!Base62.allBase62(chars, bodyStart, length)) {
      return Parsed.malformed("character outside [0-9A-Za-z]");
    }
    if (checksum(chars, bodyStart - 1, checksumStart)
        != Base62.decodeFixed(chars, checksumStart, CHECKSUM_LENGTH)) {
      return Parsed.malformed("checksum mismatch");
    }
    return Parsed.valid(
        kind, TokenId.parse(presented, bodyStart), chars, secretStart, checksumStart);
  }

  /**
   * CRC-32 ({@link CRC32}, which the JVM runs on the CPU's carry-less multiply) over the prefix and
   * the id+secret in {@code chars[0, bodyEnd)}, skipping the '_'.
   */
  private static long checksum(byte[] chars, int prefixLength, int bodyEnd) {
    int bodyStart = prefixLength + 1;
    CRC32 crc = new CRC32();
    crc.update(chars, 0, prefixLength);
    crc.update(chars, bodyStart, bodyEnd - bodyStart);
    return crc.getValue();
  }

  private @Nullable TokenKind kindOfPrefix(String presented) {
    for (int k = 0; k < kindPrefixes.length; k++) {
      String p = kindPrefixes[k];
      int n = p.length();
      if (presented.length() > n && presented.charAt(n) == '_' && presented.startsWith(p)) {
        return kinds[k];
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "TokenFormat" + prefixes;
  }

  /** Builds a {@link TokenFormat}. Not thread-safe. */
  public static final class Builder {
    private final EnumMap<TokenKind, String> prefixes = new EnumMap<>(TokenKind.class);

    private Builder() {
      prefixes.put(TokenKind.API, "tk");
      prefixes.put(TokenKind.SERVER, "tks");
      prefixes.put(TokenKind.BROWSER, "tkb");
    }

    /**
     * Sets the prefix of one kind.
     *
     * @throws IllegalArgumentException if {@code kind} is null or {@code prefix} is not 2 to 10
     *     characters of {@code [a-z0-9]}
     */
    public Builder prefix(@Nullable TokenKind kind, @Nullable String prefix) {
      if (kind == null) {
        throw new IllegalArgumentException("kind is required");
      }
      if (!isValidPrefix(prefix)) {
        throw new IllegalArgumentException("prefix must be 2 to 10 characters of [a-z0-9]");
      }
      prefixes.put(kind, prefix);
      return this;
    }

    /**
     * Builds the format.
     *
     * @throws IllegalArgumentException if two kinds share a prefix
     */
    public TokenFormat build() {
      if (prefixes.values().stream().distinct().count() != prefixes.size()) {
        throw new IllegalArgumentException("each token kind needs its own prefix: " + prefixes);
      }
      return new TokenFormat(prefixes);
    }

    private static boolean isValidPrefix(@Nullable String prefix) {
      if (prefix == null || prefix.length() < 2 || prefix.length() > 10) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        char c = prefix.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The result of {@link TokenFormat#parse(String)}: either a well-formed token (kind, id and
   * secret) or the reason it is malformed. Never both.
   *
   * <p>Package-private: the service's parse of a presented token never leaves its authentication
   * call and is wiped there (the secret bytes set to zero) once hashed. Until then it never
   * changes. {@link #toString()} never prints the secret.
   */
  static final class Parsed {

    private final @Nullable TokenKind kind;
    private final @Nullable TokenId id;
    // The token's characters as the parser read them (ASCII once valid); the secret is
    // chars[secretStart, secretEnd), hashed in place on the request path.
    final byte @Nullable [] chars;
    final int secretStart;
    final int secretEnd;
    private final @Nullable String problem;

    private Parsed(
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

    static Parsed valid(TokenKind kind, TokenId id, byte[] chars, int secretStart, int secretEnd) {
      return new Parsed(kind, id, chars, secretStart, secretEnd, null);
    }

    static Parsed malformed(String problem) {
      return new Parsed(null, null, null, 0, 0, problem);
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
     * The secret part (empty for browser tokens). This is the caller's own input; it is never
     * logged.
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
          ? "Parsed[kind=" + kind + ", id=" + id + ", secret=redacted]"
          : "Parsed[malformed: " + problem + "]";
    }
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
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
  ParsedToken parse(@Nullable String presented) {
    if (presented == null) {
      return ParsedToken.malformed("no token");
    }
    int length = presented.length();
    if (length == 0) {
      return ParsedToken.malformed("empty");
    }
    if (length > MAX_LENGTH) {
      return ParsedToken.malformed("longer than " + MAX_LENGTH + " characters");
    }
    TokenKind kind = kindOfPrefix(presented);
    if (kind == null) {
      return ParsedToken.malformed("unknown prefix");
    }
    int bodyStart = prefix(kind).length() + 1;
    int secretStart = bodyStart + TokenId.LENGTH;
    int checksumStart = secretStart + secretLength(kind);
    if (length != checksumStart + CHECKSUM_LENGTH) {
      return ParsedToken.malformed("wrong length for a " + kind + " token");
    }
    // One array copy (a Latin-1 string's bytes as they are; other characters become '?', which is
    // not base62) serves the character check, the checksum and later the secret's HMAC.
    byte[] chars = presented.getBytes(StandardCharsets.ISO_8859_1);
    if (!Base62.allBase62(chars, bodyStart, length)) {
      return ParsedToken.malformed("character outside [0-9A-Za-z]");
    }
    if (checksum(chars, bodyStart - 1, checksumStart)
        != Base62.decodeFixed(chars, checksumStart, CHECKSUM_LENGTH)) {
      return ParsedToken.malformed("checksum mismatch");
    }
    return ParsedToken.valid(
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
}

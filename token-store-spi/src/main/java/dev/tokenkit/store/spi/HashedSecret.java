package dev.tokenkit.store.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A token secret as stored: the keyed hash of the secret and the version of the pepper (hash key)
 * that produced it. The plaintext secret is never stored.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows the pepper version only.
 */
public final class HashedSecret {

  private static final int INLINE_BYTES = 32;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final int pepperVersion;
  // A 32-byte hash (HMAC-SHA256, what tokenkit writes) lives in four longs inside this object: no
  // array to load on every authentication. Hashes of any other length keep their bytes in
  // otherHash.
  private final long h0;
  private final long h1;
  private final long h2;
  private final long h3;
  private final byte @Nullable [] otherHash;

  private HashedSecret(int pepperVersion, byte[] hash) {
    this.pepperVersion = pepperVersion;
    boolean inline = hash.length == INLINE_BYTES;
    this.h0 = inline ? longAt(hash, 0) : 0;
    this.h1 = inline ? longAt(hash, 1) : 0;
    this.h2 = inline ? longAt(hash, 2) : 0;
    this.h3 = inline ? longAt(hash, 3) : 0;
    this.otherHash = inline ? null : hash;
    if (inline) {
      Arrays.fill(hash, (byte) 0); // a private copy, now held in the fields
    }
  }

  private HashedSecret(int pepperVersion, long h0, long h1, long h2, long h3) {
    this.pepperVersion = pepperVersion;
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.otherHash = null;
  }

  /** A 32-byte hash from its four longs, as {@link TokenRecord} keeps it inline. */
  static HashedSecret ofWords(int pepperVersion, long h0, long h1, long h2, long h3) {
    return new HashedSecret(pepperVersion, h0, h1, h2, h3);
  }

  /** Whether the hash is 32 bytes, held in {@link #word(int)} 0 to 3. */
  boolean isWords() {
    return otherHash == null;
  }

  /** Long {@code index} (0-3) of a 32-byte hash. */
  long word(int index) {
    return switch (index) {
      case 0 -> h0;
      case 1 -> h1;
      case 2 -> h2;
      default -> h3;
    };
  }

  private static long longAt(byte[] bytes, int index) {
    return (long) LONGS.get(bytes, index * Long.BYTES);
  }

  /**
   * A hashed secret from raw hash bytes (copied).
   *
   * @param pepperVersion the pepper version, at least 1
   * @param hash the hash bytes, non-empty
   * @throws IllegalArgumentException if the version is below 1 or the hash is null or empty
   */
  public static HashedSecret of(int pepperVersion, byte @Nullable [] hash) {
    return of(pepperVersion, SensitiveBytes.of(hash));
  }

  /**
   * A hashed secret.
   *
   * @param pepperVersion the pepper version, at least 1
   * @param hash the hash bytes
   * @throws IllegalArgumentException if the version is below 1 or the hash is null
   */
  public static HashedSecret of(int pepperVersion, @Nullable SensitiveBytes hash) {
    if (pepperVersion < 1) {
      throw new IllegalArgumentException("pepperVersion must be at least 1, was " + pepperVersion);
    }
    if (hash == null) {
      throw new IllegalArgumentException("hash must not be null");
    }
    return new HashedSecret(pepperVersion, hash.toByteArray());
  }

  /** The version of the pepper that keyed the hash. */
  public int pepperVersion() {
    return pepperVersion;
  }

  /** The hash bytes (a copy). */
  public SensitiveBytes hash() {
    byte[] bytes = bytes();
    try {
      return SensitiveBytes.of(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Constant-time comparison of the stored hash with {@code candidateHash}. */
  public boolean matches(byte @Nullable [] candidateHash) {
    if (candidateHash == null) {
      return false;
    }
    if (otherHash != null) {
      return MessageDigest.isEqual(otherHash, candidateHash);
    }
    if (candidateHash.length != INLINE_BYTES) {
      return false;
    }
    // No early exit: the time does not depend on where the bytes differ.
    long difference =
        (longAt(candidateHash, 0) ^ h0)
            | (longAt(candidateHash, 1) ^ h1)
            | (longAt(candidateHash, 2) ^ h2)
            | (longAt(candidateHash, 3) ^ h3);
    return difference == 0;
  }

  /** A new array holding the hash bytes. */
  private byte[] bytes() {
    if (otherHash != null) {
      return otherHash.clone();
    }
    byte[] bytes = new byte[INLINE_BYTES];
    LONGS.set(bytes, 0, h0);
    LONGS.set(bytes, 8, h1);
    LONGS.set(bytes, 16, h2);
    LONGS.set(bytes, 24, h3);
    return bytes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof HashedSecret h) || h.pepperVersion != pepperVersion) {
      return false;
    }
    byte[] other = h.bytes();
    try {
      return matches(other);
    } finally {
      Arrays.fill(other, (byte) 0);
    }
  }

  @Override
  public int hashCode() {
    byte[] bytes = bytes();
    try {
      return 31 * pepperVersion + Arrays.hashCode(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "HashedSecret[pepperVersion=" + pepperVersion + ", hash=redacted]";
  }
}

package dev.tokenkit.store.spi;

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

  private final int pepperVersion;
  // The bytes themselves, not a SensitiveBytes: one dependent load fewer on every authentication.
  private final byte[] hash;

  private HashedSecret(int pepperVersion, byte[] hash) {
    this.pepperVersion = pepperVersion;
    this.hash = hash;
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
    return SensitiveBytes.of(hash);
  }

  /** Constant-time comparison of the stored hash with {@code candidateHash}. */
  public boolean matches(byte @Nullable [] candidateHash) {
    return candidateHash != null && MessageDigest.isEqual(hash, candidateHash);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HashedSecret h
        && h.pepperVersion == pepperVersion
        && MessageDigest.isEqual(h.hash, hash);
  }

  @Override
  public int hashCode() {
    return 31 * pepperVersion + Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "HashedSecret[pepperVersion=" + pepperVersion + ", hash=redacted]";
  }
}

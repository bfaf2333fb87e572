package dev.tokenkit.store.spi;

import java.security.MessageDigest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An immutable byte string that holds secret-derived material (a hash, a sealed secret).
 *
 * <p>{@link #equals(Object)} compares in constant time for equal lengths, and {@link #toString()}
 * never prints the bytes. Instances are thread-safe.
 */
public final class SensitiveBytes {

  private final byte[] bytes;

  private SensitiveBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies {@code bytes} into a new instance.
   *
   * @throws IllegalArgumentException if {@code bytes} is null or empty
   */
  public static SensitiveBytes of(byte @Nullable [] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("bytes must be non-empty");
    }
    return new SensitiveBytes(bytes.clone());
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** A fresh copy of the bytes; callers may modify it freely. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * Compares these bytes with {@code other} in time that depends only on the lengths. Does not copy
   * or retain {@code other}.
   */
  public boolean contentEquals(byte @Nullable [] other) {
    return other != null && MessageDigest.isEqual(bytes, other);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SensitiveBytes other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Prints the length only, never the content. */
  @Override
  public String toString() {
    return "SensitiveBytes[" + bytes.length + " bytes, redacted]";
  }
}

package dev.tokenkit.core;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The host's peppers: secret keys for hashing token secrets, each with a version. The newest
 * (highest) version hashes new secrets; every version in the ring still verifies, so peppers rotate
 * without breaking issued tokens. Drop a version only when no stored hash uses it.
 *
 * <p>Peppers must be at least {@value #MIN_PEPPER_BYTES} random bytes; keep them outside the token
 * database (environment, secret manager). Immutable and thread-safe; {@link #toString()} prints
 * versions only.
 */
public final class PepperRing {

  /** The minimum pepper size in bytes (256 bits). */
  public static final int MIN_PEPPER_BYTES = 32;

  private final NavigableMap<Integer, byte[]> peppers;

  private PepperRing(NavigableMap<Integer, byte[]> peppers) {
    this.peppers = peppers;
  }

  /**
   * A ring holding one pepper.
   *
   * @throws IllegalArgumentException if {@code version} is below 1 or the pepper is null or shorter
   *     than {@value #MIN_PEPPER_BYTES} bytes
   */
  public static PepperRing of(int version, byte @Nullable [] pepper) {
    return builder().add(version, pepper).build();
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The version that hashes new secrets. */
  int newestVersion() {
    return peppers.lastKey();
  }

  /** Whether this ring holds {@code version}. */
  boolean contains(int version) {
    return peppers.containsKey(version);
  }

  /** The versions held, ascending. */
  int[] versions() {
    return peppers.keySet().stream().mapToInt(Integer::intValue).toArray();
  }

  /** A copy of the pepper of {@code version}, or null if the ring lacks it. */
  byte @Nullable [] pepper(int version) {
    byte[] p = peppers.get(version);
    return p == null ? null : p.clone();
  }

  @Override
  public String toString() {
    return "PepperRing[versions=" + peppers.keySet() + ", peppers=redacted]";
  }

  /** Builds a {@link PepperRing}. Not thread-safe. */
  public static final class Builder {
    private final TreeMap<Integer, byte[]> peppers = new TreeMap<>();

    private Builder() {}

    /**
     * Adds a pepper (the bytes are copied).
     *
     * @throws IllegalArgumentException if {@code version} is below 1 or already present, or the
     *     pepper is null or shorter than {@value #MIN_PEPPER_BYTES} bytes
     */
    public Builder add(int version, byte @Nullable [] pepper) {
      if (version < 1) {
        throw new IllegalArgumentException("pepper version must be at least 1, was " + version);
      }
      if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
        throw new IllegalArgumentException(
            "pepper must be at least "
                + MIN_PEPPER_BYTES
                + " bytes, was "
                + (pepper == null ? "null" : pepper.length + " bytes"));
      }
      if (peppers.containsKey(version)) {
        throw new IllegalArgumentException("pepper version " + version + " is already present");
      }
      peppers.put(version, pepper.clone());
      return this;
    }

    /**
     * Builds the ring.
     *
     * @throws IllegalArgumentException if no pepper was added
     */
    public PepperRing build() {
      if (peppers.isEmpty()) {
        throw new IllegalArgumentException("a pepper ring needs at least one pepper");
      }
      TreeMap<Integer, byte[]> copy = new TreeMap<>();
      for (Map.Entry<Integer, byte[]> e : peppers.entrySet()) {
        copy.put(e.getKey(), Arrays.copyOf(e.getValue(), e.getValue().length));
      }
      return new PepperRing(copy);
    }
  }
}

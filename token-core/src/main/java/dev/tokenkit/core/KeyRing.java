package dev.tokenkit.core;

import dev.tokenkit.store.spi.SensitiveBytes;
import dev.tokenkit.store.spi.TokenId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The host's AES-256 master keys for sealed secrets, each with a version. The newest (highest)
 * version seals; every version in the ring unseals, so keys rotate without losing sealed secrets.
 * With a key ring, the service stores a sealed copy of each secret so that admins may reveal it
 * again and server-token secrets can sign and verify; without one, secrets are unrecoverable.
 *
 * <p>Envelope: format byte {@code 1}, key version (4 bytes), a random 96-bit nonce, then the
 * AES-256-GCM ciphertext and tag. The token id is the associated data, so a sealed secret moved to
 * another token does not open. Immutable and thread-safe; {@link #toString()} prints versions only.
 */
public final class KeyRing {

  /** The size of every key: 32 bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  private static final byte FORMAT = 1;
  private static final int HEADER = 1 + 4 + AesGcm.NONCE_BYTES;

  private final NavigableMap<Integer, byte[]> keys;

  private KeyRing(NavigableMap<Integer, byte[]> keys) {
    this.keys = keys;
  }

  /**
   * A ring holding one key.
   *
   * @throws IllegalArgumentException if the version is below 1 or the key is not 32 bytes
   */
  public static KeyRing of(int version, byte @Nullable [] key) {
    return builder().add(version, key).build();
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The version that seals. */
  int newestVersion() {
    return keys.lastKey();
  }

  /**
   * Seals {@code plaintext} for token {@code id} with the newest key and a fresh nonce.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  SensitiveBytes seal(
      @Nullable TokenId id, byte @Nullable [] plaintext, @Nullable SecureRandom random) {
    if (id == null || plaintext == null || random == null) {
      throw new IllegalArgumentException("id, plaintext and random are required");
    }
    Map.Entry<Integer, byte[]> newest = keys.lastEntry();
    int version = newest.getKey();
    byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = AesGcm.encrypt(newest.getValue(), nonce, aad(id), plaintext);
    ByteBuffer envelope = ByteBuffer.allocate(HEADER + sealed.length);
    envelope.put(FORMAT).putInt(version).put(nonce).put(sealed);
    return SensitiveBytes.of(envelope.array());
  }

  /**
   * Opens an envelope sealed for token {@code id}.
   *
   * @return the plaintext (the caller should clear it after use)
   * @throws IllegalStateException if the envelope is malformed, its key version is not in the ring,
   *     or it was not sealed for this token with that key
   */
  byte[] unseal(TokenId id, SensitiveBytes envelope) {
    byte[] raw = envelope.toByteArray();
    if (raw.length < HEADER + 16 || raw[0] != FORMAT) {
      throw new IllegalStateException("sealed secret of token " + id + " is malformed");
    }
    ByteBuffer in = ByteBuffer.wrap(raw);
    in.get();
    int version = in.getInt();
    byte[] key = keys.get(version);
    if (key == null) {
      throw new IllegalStateException(
          "sealed secret of token " + id + " uses key version " + version + ", not in the ring");
    }
    byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    in.get(nonce);
    byte[] plaintext =
        AesGcm.decrypt(key, nonce, aad(id), Arrays.copyOfRange(raw, HEADER, raw.length));
    if (plaintext == null) {
      throw new IllegalStateException("sealed secret of token " + id + " does not open");
    }
    return plaintext;
  }

  private static byte[] aad(TokenId id) {
    return id.value().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "KeyRing[versions=" + keys.keySet() + ", keys=redacted]";
  }

  /** Builds a {@link KeyRing}. Not thread-safe. */
  public static final class Builder {
    private final TreeMap<Integer, byte[]> keys = new TreeMap<>();

    private Builder() {}

    /**
     * Adds a key (copied).
     *
     * @throws IllegalArgumentException if the version is below 1 or present, or the key is not 32
     *     bytes
     */
    public Builder add(int version, byte @Nullable [] key) {
      if (version < 1) {
        throw new IllegalArgumentException("key version must be at least 1, was " + version);
      }
      if (key == null || key.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "key must be exactly "
                + KEY_BYTES
                + " bytes (AES-256), was "
                + (key == null ? "null" : key.length + " bytes"));
      }
      if (keys.containsKey(version)) {
        throw new IllegalArgumentException("key version " + version + " is already present");
      }
      keys.put(version, key.clone());
      return this;
    }

    /**
     * Builds the ring.
     *
     * @throws IllegalArgumentException if no key was added
     */
    public KeyRing build() {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("a key ring needs at least one key");
      }
      TreeMap<Integer, byte[]> copy = new TreeMap<>();
      keys.forEach((v, k) -> copy.put(v, k.clone()));
      return new KeyRing(copy);
    }
  }
}

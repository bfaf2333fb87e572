package dev.tokenkit.core;

import static java.util.Objects.requireNonNull;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HMAC-SHA256 under one key (RFC 2104). Where the JDK's SHA-256 digest can be cloned, each message
 * starts from copies of the digest states after the key's inner and outer padded blocks, which
 * saves two of the four SHA-256 compressions a {@link Mac} runs per short message; otherwise it
 * uses a {@link Mac}. Same output either way.
 *
 * <p>Not thread-safe: {@link SecretHasher} keeps one per thread and pepper.
 */
final class PepperHmac {

  static final int HASH_BYTES = 32;
  private static final int BLOCK_BYTES = 64;

  private final @Nullable MessageDigest inner;
  private final @Nullable MessageDigest outer;
  private final @Nullable Mac mac;

  private PepperHmac(
      @Nullable MessageDigest inner, @Nullable MessageDigest outer, @Nullable Mac mac) {
    this.inner = inner;
    this.outer = outer;
    this.mac = mac;
  }

  /**
   * An HMAC under {@code key}, from precomputed states if {@code precompute} and the digest allows
   * it, else from a {@link Mac}. The caller keeps (and clears) {@code key}.
   *
   * @throws IllegalStateException if the JDK lacks HmacSHA256
   */
  static PepperHmac of(byte[] key, boolean precompute) {
    if (precompute) {
      PepperHmac precomputed = precomputed(key);
      if (precomputed != null) {
        return precomputed;
      }
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return new PepperHmac(null, null, mac);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  private static @Nullable PepperHmac precomputed(byte[] key) {
    byte[] block = new byte[BLOCK_BYTES];
    try {
      MessageDigest inner = MessageDigest.getInstance("SHA-256");
      MessageDigest outer = MessageDigest.getInstance("SHA-256");
      if (key.length > BLOCK_BYTES) {
        byte[] hashed = inner.digest(key); // RFC 2104: a key longer than a block is hashed first
        System.arraycopy(hashed, 0, block, 0, hashed.length);
        Arrays.fill(hashed, (byte) 0);
      } else {
        System.arraycopy(key, 0, block, 0, key.length);
      }
      xor(block, 0x36);
      inner.update(block);
      xor(block, 0x36 ^ 0x5c);
      outer.update(block);
      // Fails here, not per message, if this provider's digests cannot be cloned.
      Object unused = inner.clone();
      return new PepperHmac(inner, outer, null);
    } catch (GeneralSecurityException | CloneNotSupportedException e) {
      return null;
    } finally {
      Arrays.fill(block, (byte) 0);
    }
  }

  private static void xor(byte[] block, int pad) {
    for (int i = 0; i < block.length; i++) {
      block[i] ^= (byte) pad;
    }
  }

  /** Whether this HMAC starts from precomputed states (false: a {@link Mac}). */
  boolean isPrecomputed() {
    return inner != null;
  }

  /** Writes the HMAC of {@code in[start, start + length)} to {@code out[0, 32)}. */
  void hmac(byte[] in, int start, int length, byte[] out) {
    try {
      if (mac != null) {
        mac.update(in, start, length);
        mac.doFinal(out, 0);
        return;
      }
      MessageDigest first = (MessageDigest) requireNonNull(inner).clone();
      first.update(in, start, length);
      first.digest(out, 0, HASH_BYTES);
      MessageDigest second = (MessageDigest) requireNonNull(outer).clone();
      second.update(out, 0, HASH_BYTES);
      second.digest(out, 0, HASH_BYTES);
    } catch (CloneNotSupportedException | DigestException | ShortBufferException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
  }
}

package dev.tokenkit.core;

import dev.tokenkit.core.internal.ThreadCache;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** AES-GCM with a 128-bit tag, the one primitive behind sealed secrets. */
final class AesGcm {

  /** Nonce size in bytes (96 bits, as NIST SP 800-38D recommends). */
  public static final int NONCE_BYTES = 12;

  private static final int TAG_BITS = 128;

  // Server-token JWTs and signed requests unseal a secret on every request. A fresh Cipher costs
  // Cipher.getInstance and a first init, about 4 µs of the 4.4 a decryption took; one per thread,
  // re-initialised with each call's key and nonce, leaves about 0.4 µs. Encryption (at creation)
  // keeps a fresh Cipher: rare, and GCM refuses a repeated key and nonce on one encrypting
  // instance. Pooled for virtual threads, which a server may start for every request.
  private static final ThreadCache<Cipher> DECRYPTING = ThreadCache.of(AesGcm::newCipher);

  private AesGcm() {}

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Ciphertext with the tag appended. */
  public static byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    try {
      Cipher cipher = newCipher();
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The plaintext, or null when the tag does not verify (wrong key, nonce, AAD or data). */
  public static byte @Nullable [] decrypt(
      byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag) {
    Cipher cipher = DECRYPTING.acquire(); // init below resets whatever an earlier call left
    try {
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertextAndTag);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    } finally {
      DECRYPTING.release(cipher);
    }
  }
}

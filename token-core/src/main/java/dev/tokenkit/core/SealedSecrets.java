package dev.tokenkit.core;

import dev.tokenkit.store.spi.SensitiveBytes;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sealed copies of secrets under the host's {@link KeyRing}: which tokens get one (server tokens,
 * and API tokens only with view-again), and opening them for reveal, signatures and JWT checks.
 * Thread-safe.
 */
final class SealedSecrets {

  private final @Nullable KeyRing keyRing;
  private final SecureRandom random;
  private final boolean viewAgain;

  SealedSecrets(@Nullable KeyRing keyRing, SecureRandom random, boolean viewAgain) {
    this.keyRing = keyRing;
    this.random = random;
    this.viewAgain = viewAgain;
  }

  /** Whether the service has a key ring, so secrets can be sealed and opened. */
  boolean available() {
    return keyRing != null;
  }

  /**
   * The sealed copy of {@code secret}, or null: without a key ring or secret, and for API tokens
   * unless the host opted in to view-again (they are shown once; nothing needs their plaintext).
   */
  @Nullable SensitiveBytes seal(TokenKind kind, TokenId id, String secret) {
    if (keyRing == null || secret.isEmpty() || (kind == TokenKind.API && !viewAgain)) {
      return null;
    }
    return keyRing.seal(id, secret.getBytes(StandardCharsets.US_ASCII), random);
  }

  /**
   * The plaintext secret from the record's sealed copy.
   *
   * @throws IllegalStateException if there is no key ring, no sealed copy, or it does not open
   */
  String unseal(TokenRecord record) {
    requireSealed(record);
    byte[] plain =
        Objects.requireNonNull(keyRing).unseal(record.id(), record.sealedSecret().orElseThrow());
    try {
      return new String(plain, StandardCharsets.US_ASCII);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Throws unless the record has a sealed copy and the service a key ring to open it.
   *
   * @throws IllegalStateException naming the token
   */
  void requireSealed(TokenRecord record) {
    if (keyRing == null || record.sealedSecret().isEmpty()) {
      throw new IllegalStateException(
          "token " + record.id() + " has no sealed secret (created without a KeyRing?)");
    }
  }
}

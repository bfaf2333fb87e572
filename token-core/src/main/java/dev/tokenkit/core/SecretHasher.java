package dev.tokenkit.core;

import dev.tokenkit.core.internal.ThreadCache;
import dev.tokenkit.store.spi.HashedSecret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;

/**
 * Hashes token secrets as {@code HMAC-SHA256(pepper_v, secret)} and verifies them in constant time.
 * New hashes use the ring's newest pepper; a stored hash verifies with the pepper version it names.
 *
 * <p>A keyed fast hash is the right tool here: generated secrets carry at least 190 bits of
 * entropy, so a slow password hash (bcrypt, Argon2) would add milliseconds per request and no
 * security. The pepper, kept outside the database, makes a stolen table useless on its own.
 *
 * <p>Thread-safe. Each platform thread keeps (and virtual threads share through a {@link
 * ThreadCache}), per pepper, the SHA-256 states after the pepper's HMAC pads (two compressions
 * fewer per secret than a {@link Mac}; a {@code Mac} where the JDK's digest cannot be copied) and
 * an output buffer, and {@link #matchesSecretOf} hashes the secret from the parser's bytes:
 * checking a presented token makes no String or array of its own for the secret.
 */
final class SecretHasher {

  private static final int HASH_BYTES = PepperHmac.HASH_BYTES;

  private final PepperRing ring;
  private final int[] versions;
  private final boolean precompute;
  private final ThreadCache<State> states;

  private SecretHasher(PepperRing ring, boolean precompute) {
    this.ring = ring;
    this.versions = ring.versions();
    this.precompute = precompute;
    this.states = ThreadCache.of(() -> new State(versions.length));
    // Fail at construction, not on the first request, if the JDK lacks SHA-256 and HmacSHA256.
    newHmac(ring.newestVersion());
  }

  /**
   * A hasher keyed by the peppers of {@code ring}.
   *
   * @throws IllegalArgumentException if {@code ring} is null
   */
  public static SecretHasher of(@Nullable PepperRing ring) {
    if (ring == null) {
      throw new IllegalArgumentException("pepper ring is required");
    }
    return new SecretHasher(ring, true);
  }

  /** A hasher that always uses a {@link Mac}, for tests that the precomputed path agrees. */
  static SecretHasher withMacOnly(PepperRing ring) {
    return new SecretHasher(ring, false);
  }

  /** The ring this hasher uses. */
  public PepperRing pepperRing() {
    return ring;
  }

  /**
   * Hashes {@code secret} with the newest pepper.
   *
   * @throws IllegalArgumentException if {@code secret} is null or empty
   */
  public HashedSecret hash(@Nullable CharSequence secret) {
    if (secret == null || secret.length() == 0) {
      throw new IllegalArgumentException("secret must be non-empty");
    }
    int version = ring.newestVersion();
    byte[] in = utf8(secret);
    byte[] out = new byte[HASH_BYTES];
    State state = states.acquire();
    try {
      hmac(state, indexOf(version), version, in, 0, in.length, out);
      return HashedSecret.of(version, out);
    } finally {
      states.release(state);
      Arrays.fill(in, (byte) 0);
      Arrays.fill(out, (byte) 0);
    }
  }

  /**
   * Whether {@code secret} hashes to {@code stored}, compared in constant time. A stored hash whose
   * pepper version is not in the ring never matches. Null or empty input never matches.
   */
  public boolean matches(@Nullable CharSequence secret, @Nullable HashedSecret stored) {
    if (secret == null || secret.length() == 0) {
      return false;
    }
    byte[] in = utf8(secret);
    State state = states.acquire();
    try {
      return matches(state, in, 0, in.length, stored);
    } finally {
      states.release(state);
      Arrays.fill(in, (byte) 0);
    }
  }

  /**
   * Whether the secret of a valid parsed token hashes to {@code stored}, hashed in place from the
   * bytes the parser read (no copy). Malformed tokens and browser tokens (no secret) never match.
   */
  public boolean matchesSecretOf(
      TokenFormat.@Nullable Parsed token, @Nullable HashedSecret stored) {
    if (token == null || token.chars == null) {
      return false;
    }
    State state = states.acquire();
    try {
      return matches(state, token.chars, token.secretStart, token.secretEnd, stored);
    } finally {
      states.release(state);
    }
  }

  private boolean matches(
      State state, byte[] in, int start, int end, @Nullable HashedSecret stored) {
    if (end <= start || stored == null) {
      return false;
    }
    int index = indexOrMinusOne(stored.pepperVersion());
    if (index < 0) {
      return false;
    }
    hmac(state, index, stored.pepperVersion(), in, start, end - start, state.out);
    return stored.matches(state.out);
  }

  private void hmac(
      State state, int index, int version, byte[] in, int start, int length, byte[] out) {
    state.hmac(index, version, this).hmac(in, start, length, out);
  }

  private static byte[] utf8(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private int indexOf(int version) {
    int index = indexOrMinusOne(version);
    if (index < 0) {
      throw new IllegalStateException("pepper version " + version + " is not in the ring");
    }
    return index;
  }

  // A scan of a few ints: cheaper on the request path than the ring's sorted map and its boxing.
  private int indexOrMinusOne(int version) {
    for (int i = 0; i < versions.length; i++) {
      if (versions[i] == version) {
        return i;
      }
    }
    return -1;
  }

  private PepperHmac newHmac(int version) {
    byte[] pepper = ring.pepper(version);
    if (pepper == null) {
      throw new IllegalStateException("pepper version " + version + " is not in the ring");
    }
    try {
      return PepperHmac.of(pepper, precompute);
    } finally {
      Arrays.fill(pepper, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "SecretHasher[HmacSHA256, " + ring + "]";
  }

  private static final class State {
    final PepperHmac[] hmacs;
    final byte[] out = new byte[HASH_BYTES];

    State(int versions) {
      this.hmacs = new PepperHmac[versions];
    }

    PepperHmac hmac(int index, int version, SecretHasher hasher) {
      PepperHmac hmac = hmacs[index];
      if (hmac == null) {
        hmac = hasher.newHmac(version);
        hmacs[index] = hmac;
      }
      return hmac;
    }
  }
}

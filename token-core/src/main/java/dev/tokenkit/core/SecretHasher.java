package dev.tokenkit.core;

import dev.tokenkit.store.spi.HashedSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Hashes token secrets as {@code HMAC-SHA256(pepper_v, secret)} and verifies them in constant time.
 * New hashes use the ring's newest pepper; a stored hash verifies with the pepper version it names.
 *
 * <p>A keyed fast hash is the right tool here: generated secrets carry at least 190 bits of
 * entropy, so a slow password hash (bcrypt, Argon2) would add milliseconds per request and no
 * security. The pepper, kept outside the database, makes a stolen table useless on its own.
 *
 * <p>Thread-safe. Each thread keeps its own initialised {@link Mac} instances and buffers, so the
 * hot path allocates nothing for ASCII secrets of up to 64 characters.
 */
public final class SecretHasher {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int HASH_BYTES = 32;
  private static final int BUFFER_CHARS = 128;

  private final PepperRing ring;
  private final int[] versions;
  private final ThreadLocal<PerThread> perThread;

  private SecretHasher(PepperRing ring) {
    this.ring = ring;
    this.versions = ring.versions();
    this.perThread = ThreadLocal.withInitial(() -> new PerThread(versions.length));
    // Fail at construction, not on the first request, if the JDK lacks HmacSHA256.
    newMac(ring.newestVersion());
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
    return new SecretHasher(ring);
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
    PerThread state = perThread.get();
    byte[] out = new byte[HASH_BYTES];
    digest(state, indexOf(version), version, secret, 0, secret.length(), false, out);
    return HashedSecret.of(version, out);
  }

  /**
   * Whether {@code secret} hashes to {@code stored}, compared in constant time. A stored hash whose
   * pepper version is not in the ring never matches. Null or empty input never matches.
   */
  public boolean matches(@Nullable CharSequence secret, @Nullable HashedSecret stored) {
    return secret != null && matches(secret, 0, secret.length(), false, stored);
  }

  /**
   * Whether the secret of a valid parsed token hashes to {@code stored}, read in place from the
   * presented string (no copy). Malformed tokens and browser tokens (no secret) never match.
   */
  public boolean matchesSecretOf(@Nullable ParsedToken token, @Nullable HashedSecret stored) {
    // A valid parsed token's secret is base62, hence ASCII: no per-character check needed.
    return token != null
        && token.presented != null
        && matches(token.presented, token.secretStart, token.secretEnd, true, stored);
  }

  private boolean matches(
      CharSequence text, int start, int end, boolean knownAscii, @Nullable HashedSecret stored) {
    if (end <= start || stored == null) {
      return false;
    }
    int index = indexOrMinusOne(stored.pepperVersion());
    if (index < 0) {
      return false;
    }
    PerThread state = perThread.get();
    digest(state, index, stored.pepperVersion(), text, start, end, knownAscii, state.out);
    return stored.matches(state.out);
  }

  /** HMAC of {@code text[start, end)}, UTF-8, into {@code out}. */
  private void digest(
      PerThread state,
      int index,
      int version,
      CharSequence text,
      int start,
      int end,
      boolean knownAscii,
      byte[] out) {
    Mac mac = state.mac(index, version, this);
    int n = end - start;
    try {
      if (n <= BUFFER_CHARS && (knownAscii || isAscii(text, start, end))) {
        copyAscii(text, start, end, state.in);
        mac.update(state.in, 0, n);
      } else {
        mac.update(text.subSequence(start, end).toString().getBytes(StandardCharsets.UTF_8));
      }
      mac.doFinal(out, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("HMAC output buffer too small", e);
    }
  }

  // For a String, getBytes(int, int, byte[], int) keeps the low byte of each char (exactly right
  // for ASCII) and is a single array copy for Latin-1 strings, against a charAt loop.
  @SuppressWarnings("deprecation")
  private static void copyAscii(CharSequence text, int start, int end, byte[] out) {
    if (text instanceof String s) {
      s.getBytes(start, end, out, 0);
    } else {
      for (int i = start; i < end; i++) {
        out[i - start] = (byte) text.charAt(i);
      }
    }
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

  private Mac newMac(int version) {
    byte[] pepper = ring.pepper(version);
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(pepper, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
    } finally {
      Arrays.fill(pepper, (byte) 0);
    }
  }

  private static boolean isAscii(CharSequence s, int start, int end) {
    for (int i = start; i < end; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "SecretHasher[" + ALGORITHM + ", " + ring + "]";
  }

  private static final class PerThread {
    final Mac[] macs;
    final byte[] in = new byte[BUFFER_CHARS];
    final byte[] out = new byte[HASH_BYTES];

    PerThread(int versions) {
      this.macs = new Mac[versions];
    }

    Mac mac(int index, int version, SecretHasher hasher) {
      Mac mac = macs[index];
      if (mac == null) {
        mac = hasher.newMac(version);
        macs[index] = mac;
      }
      return mac;
    }
  }
}

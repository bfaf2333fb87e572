package dev.tokenkit.jwt;

import dev.tokenkit.core.internal.ThreadCache;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** Strict base64url decoding of compact JWS parts, and HS512 with a reused Mac. */
final class StrictJws {

  // One per platform thread, pooled for virtual threads: Mac.getInstance costs more than the HMAC.
  private static final ThreadCache<Hs512> HS512 = ThreadCache.of(Hs512::new);

  /** A Mac and the buffer that feeds it ASCII from a String. Not thread-safe. */
  private static final class Hs512 {
    final Mac mac;
    final byte[] chunk = new byte[512];

    Hs512() {
      try {
        mac = Mac.getInstance("HmacSHA512");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA512 is not available", e);
      }
    }

    /** The Mac, initialised with {@code key} (which resets whatever an earlier use left). */
    Mac keyed(byte[] key) {
      try {
        mac.init(new SecretKeySpec(key, "HmacSHA512"));
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("HS512 key refused", e);
      }
    }
  }

  private StrictJws() {}

  /**
   * Decodes canonical unpadded base64url in {@code s[from, to)}: only {@code A-Z a-z 0-9 - _}, no
   * padding or whitespace, and unused trailing bits zero. Null if not. One pass, no copies.
   */
  static byte @Nullable [] decode(String s, int from, int to) {
    int n = to - from;
    if (n <= 0 || n % 4 == 1) {
      return null;
    }
    byte[] out = new byte[n * 3 / 4];
    return decodeInto(s, from, to, out) ? out : null;
  }

  /**
   * Whether {@link #decode} would succeed, without allocating: every character in the alphabet, and
   * the unused low bits of the last one zero. No bit accumulation, so it runs at table-lookup
   * speed.
   */
  static boolean isCanonical(String s, int from, int to) {
    int n = to - from;
    if (n <= 0 || n % 4 == 1) {
      return false;
    }
    boolean valid = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      valid &= c < BASE64URL_VALUES.length && BASE64URL_VALUES[c] >= 0;
    }
    if (!valid) {
      return false;
    }
    int unusedBits = n % 4 == 2 ? 4 : n % 4 == 3 ? 2 : 0; // of the last character's 6
    return (BASE64URL_VALUES[s.charAt(to - 1)] & ((1 << unusedBits) - 1)) == 0;
  }

  private static boolean decodeInto(String s, int from, int to, byte[] out) {
    int bits = 0;
    int pending = 0;
    int o = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int value = c < BASE64URL_VALUES.length ? BASE64URL_VALUES[c] : -1;
      if (value < 0) {
        return false;
      }
      bits = bits << 6 | value;
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        out[o++] = (byte) (bits >>> pending);
      }
    }
    // Canonical: the 2 or 4 bits left over in the last character must be zero.
    return (bits & ((1 << pending) - 1)) == 0;
  }

  private static final byte[] BASE64URL_VALUES = base64UrlValues();

  private static byte[] base64UrlValues() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    byte[] values = new byte[128];
    Arrays.fill(values, (byte) -1);
    for (int i = 0; i < alphabet.length(); i++) {
      values[alphabet.charAt(i)] = (byte) i;
    }
    return values;
  }

  /** HS512 over the ASCII {@code signingInput}, with a reused Mac. */
  static byte[] hs512(byte[] key, String signingInput) {
    byte[] ascii = signingInput.getBytes(StandardCharsets.US_ASCII);
    return hs512(key, ascii, ascii.length);
  }

  /**
   * Constant-time check of an HS512 signature over {@code compact[0, signingInputEnd)}, fed to the
   * Mac through a small reused buffer (no copy of the whole input). A character outside ASCII
   * cannot be part of a signed input: false.
   */
  static boolean hs512Matches(byte[] key, String compact, int signingInputEnd, byte[] signature) {
    Hs512 state = HS512.acquire();
    try {
      Mac mac = state.keyed(key);
      byte[] chunk = state.chunk;
      boolean ascii = true;
      for (int from = 0; from < signingInputEnd; from += chunk.length) {
        int n = Math.min(chunk.length, signingInputEnd - from);
        for (int i = 0; i < n; i++) {
          char c = compact.charAt(from + i);
          ascii &= c < 0x80;
          chunk[i] = (byte) c;
        }
        mac.update(chunk, 0, n);
      }
      byte[] expected = mac.doFinal();
      return MessageDigest.isEqual(expected, signature) && ascii;
    } finally {
      HS512.release(state);
    }
  }

  /**
   * The text of strict UTF-8 {@code bytes}, or null if they are not: malformed or overlong
   * sequences, encoded surrogates and code points above U+10FFFF are refused, never replaced. ASCII
   * (the usual case) takes a fast path.
   */
  static @Nullable String utf8(byte[] bytes) {
    boolean ascii = true;
    for (byte b : bytes) {
      ascii &= b >= 0;
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * HS512 over {@code input[0, length)} with a reused Mac, in one bulk update: feeding the Mac byte
   * by byte costs more than the hash itself.
   */
  static byte[] hs512(byte[] key, byte[] input, int length) {
    Hs512 state = HS512.acquire();
    try {
      Mac mac = state.keyed(key);
      mac.update(input, 0, length);
      return mac.doFinal();
    } finally {
      HS512.release(state);
    }
  }
}

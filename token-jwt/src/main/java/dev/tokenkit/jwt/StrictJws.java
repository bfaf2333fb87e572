package dev.tokenkit.jwt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** Strict base64url decoding of compact JWS parts, and HS512 with a per-thread Mac. */
final class StrictJws {

  private static final ThreadLocal<Mac> HS512 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance("HmacSHA512");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA512 is not available", e);
            }
          });

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
    int bits = 0;
    int pending = 0;
    int o = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int value = c < BASE64URL_VALUES.length ? BASE64URL_VALUES[c] : -1;
      if (value < 0) {
        return null;
      }
      bits = bits << 6 | value;
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        out[o++] = (byte) (bits >>> pending);
      }
    }
    // Canonical: the 2 or 4 bits left over in the last character must be zero.
    return (bits & ((1 << pending) - 1)) == 0 ? out : null;
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

  /** HS512 over the ASCII {@code signingInput}, with this thread's Mac. */
  static byte[] hs512(byte[] key, String signingInput) {
    byte[] ascii = signingInput.getBytes(StandardCharsets.US_ASCII);
    return hs512(key, ascii, ascii.length);
  }

  /** Constant-time check of an HS512 signature over the ASCII signing input. */
  static boolean hs512Matches(byte[] key, String compact, int signingInputEnd, byte[] signature) {
    byte[] ascii = compact.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(hs512(key, ascii, signingInputEnd), signature);
  }

  /**
   * HS512 over {@code input[0, length)} with this thread's Mac, in one bulk update: feeding the Mac
   * byte by byte costs more than the hash itself.
   */
  static byte[] hs512(byte[] key, byte[] input, int length) {
    Mac mac = HS512.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA512"));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("HS512 key refused", e);
    }
    mac.update(input, 0, length);
    return mac.doFinal();
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/** Base62 ({@code 0-9A-Za-z}, ASCII order) encoding of random strings and fixed-width numbers. */
final class Base62 {

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private Base62() {}

  /**
   * A string of {@code length} characters drawn uniformly from the alphabet. Uses rejection
   * sampling on 6-bit values, so no character is more likely than another.
   */
  public static String random(SecureRandom random, int length) {
    char[] out = new char[length];
    byte[] buffer = new byte[length + 8];
    int filled = 0;
    while (filled < length) {
      random.nextBytes(buffer);
      for (int i = 0; i < buffer.length && filled < length; i++) {
        int sixBits = buffer[i] & 0x3F;
        if (sixBits < 62) {
          out[filled++] = ALPHABET[sixBits];
        }
      }
    }
    return new String(out);
  }

  /** {@code value} (non-negative, below 62^width) as exactly {@code width} digits. */
  public static void encodeFixed(long value, int width, StringBuilder out) {
    char[] digits = new char[width];
    long v = value;
    for (int i = width - 1; i >= 0; i--) {
      digits[i] = ALPHABET[(int) (v % 62)];
      v /= 62;
    }
    out.append(digits);
  }

  /**
   * The value of the {@code width} base62 digits at {@code offset} in {@code ascii}, which the
   * caller has checked are all base62.
   */
  public static long decodeFixed(byte[] ascii, int offset, int width) {
    long v = 0;
    for (int i = offset; i < offset + width; i++) {
      v = v * 62 + TokenId.base62Digit((char) ascii[i]);
    }
    return v;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * Whether {@code chars[from, to)} are all base62, eight bytes per step (shorter ranges byte by
   * byte): in each byte lane, adding {@code 0x80 - lo} sets the lane's high bit iff the byte is at
   * least {@code lo}, and adding {@code 0x7f - hi} iff it is above {@code hi}. Bytes below 0x80
   * never carry into the next lane; a byte of 0x80 or more clears its own lane through {@code ~x},
   * so the answer is false whatever its carries do. The last step overlaps the one before it rather
   * than falling back to a byte loop.
   */
  public static boolean allBase62(byte[] chars, int from, int to) {
    if (to - from < 8) {
      for (int i = from; i < to; i++) {
        if (!TokenId.isBase62((char) (chars[i] & 0xFF))) {
          return false;
        }
      }
      return true;
    }
    long all = HIGH_BITS;
    for (int i = from; ; i += 8) {
      int at = Math.min(i, to - 8);
      long x = (long) LONGS.get(chars, at);
      all &= ~x & (inRange(x, '0', '9') | inRange(x, 'A', 'Z') | inRange(x, 'a', 'z'));
      if (at == to - 8) {
        return all == HIGH_BITS;
      }
    }
  }

  private static long inRange(long x, char lo, char hi) {
    return (x + (0x80 - lo) * ONES) & ~(x + (0x7f - hi) * ONES);
  }
}

package dev.tokenkit.store.spi;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The public identifier of a token: exactly {@value #LENGTH} base62 characters ({@code 0-9}, {@code
 * A-Z}, {@code a-z}). It is the primary key, safe to show in lists and logs, and is ordered by its
 * string value (ASCII order), which stores use for cursor paging.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenId implements Comparable<TokenId> {

  /** The number of characters in every token id. */
  public static final int LENGTH = 12;

  private static final int HALF = LENGTH / 2;
  private static final char[] DIGITS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final byte[] DIGIT_VALUES = digitValues();

  // The characters as 6-bit ranks in ASCII order, six per long: comparing (high, low) compares the
  // strings, and equality needs no pointer chasing (ids are map keys on the request path).
  private final long high;
  private final long low;

  private TokenId(long high, long low) {
    this.high = high;
    this.low = low;
  }

  /**
   * Parses a token id.
   *
   * @throws IllegalArgumentException if {@code value} is null or not exactly {@value #LENGTH}
   *     base62 characters
   */
  public static TokenId of(@Nullable String value) {
    if (value == null || value.length() != LENGTH) {
      throw invalid();
    }
    return parse(value, 0);
  }

  /**
   * Parses the id at {@code text[offset, offset + LENGTH)} without copying it (for parsers that
   * find an id inside a longer string).
   *
   * @throws IllegalArgumentException if {@code text} is null, too short, or the characters there
   *     are not base62
   */
  public static TokenId parse(@Nullable CharSequence text, int offset) {
    if (text == null || offset < 0 || offset > text.length() - LENGTH) {
      throw invalid();
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < HALF; i++) {
      high = high << 6 | rank(text.charAt(offset + i));
      low = low << 6 | rank(text.charAt(offset + HALF + i));
    }
    return new TokenId(high, low);
  }

  private static int rank(char c) {
    int digit = base62Digit(c);
    if (digit < 0) {
      throw invalid();
    }
    return digit;
  }

  private static byte[] digitValues() {
    byte[] values = new byte[128];
    Arrays.fill(values, (byte) -1);
    for (int i = 0; i < DIGITS.length; i++) {
      values[DIGITS[i]] = (byte) i;
    }
    return values;
  }

  private static IllegalArgumentException invalid() {
    return new IllegalArgumentException(
        "token id must be exactly " + LENGTH + " characters of [0-9A-Za-z]");
  }

  /** Whether {@code value} is a well-formed token id. Never throws. */
  public static boolean isValid(@Nullable String value) {
    if (value == null || value.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (!isBase62(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} is one of the 62 characters {@code 0-9A-Za-z}. */
  public static boolean isBase62(char c) {
    return base62Digit(c) >= 0;
  }

  /**
   * The value of a base62 digit in ASCII order ({@code 0-9} are 0-9, {@code A-Z} 10-35, {@code a-z}
   * 36-61), or -1 for any other character.
   */
  public static int base62Digit(char c) {
    // A table, not range tests: the character classes of random ids defeat branch prediction.
    return c < DIGIT_VALUES.length ? DIGIT_VALUES[c] : -1;
  }

  /** The id as a string (a new string each call: ids keep only their packed form). */
  public String value() {
    char[] chars = new char[LENGTH];
    for (int i = HALF - 1, h = 0; i >= 0; i--, h += 6) {
      chars[i] = DIGITS[(int) (high >>> h) & 63];
      chars[HALF + i] = DIGITS[(int) (low >>> h) & 63];
    }
    return new String(chars);
  }

  /**
   * The first six characters as 6-bit ranks in ASCII order, packed into one long. With {@link
   * #packedLow()} it identifies the id: two ids are equal exactly when both packed halves are. For
   * hash tables that keep ids inline instead of as objects.
   */
  public long packedHigh() {
    return high;
  }

  /** The last six characters, packed like {@link #packedHigh()}. */
  public long packedLow() {
    return low;
  }

  @Override
  public int compareTo(TokenId other) {
    int byHigh = Long.compare(high, other.high);
    return byHigh != 0 ? byHigh : Long.compare(low, other.low);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenId other && other.high == high && other.low == low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high * 0x9E3779B97F4A7C15L ^ low);
  }

  /** The id itself: ids are public. */
  @Override
  public String toString() {
    return value();
  }
}

package dev.tokenkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a fuzzer's bytes into what a parser takes. Text is UTF-8, or UTF-16 when the first byte is
 * {@code 0xFE}, so that lone surrogates and any other char reach the parsers too. Seed files stay
 * readable: a seed is the text itself.
 */
public final class FuzzInput {

  private FuzzInput() {}

  /** The bytes as text. */
  public static String text(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == (byte) 0xFE) {
      return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_16BE);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The bytes as {@code count} texts separated by newlines; missing ones are empty. */
  public static String[] texts(byte[] bytes, int count) {
    String[] parts = text(bytes).split("\n", count);
    String[] out = Arrays.copyOf(parts, count);
    for (int i = 0; i < count; i++) {
      if (out[i] == null) {
        out[i] = "";
      }
    }
    return out;
  }

  /**
   * {@code original} changed by the edits the bytes describe, three bytes each: the operation
   * (replace, insert, delete, cut off), the position and the character. Characters are mostly the
   * credential alphabet and its separators, sometimes any char, so the fuzzer reaches both
   * near-misses and garbage. No bytes means no change.
   */
  public static String edit(String original, byte[] bytes) {
    StringBuilder s = new StringBuilder(original);
    for (int i = 0; i + 2 < bytes.length; i += 3) {
      int op = bytes[i] & 3;
      int at = (bytes[i + 1] & 0xFF) % (s.length() + 1);
      char c = character(bytes[i + 2]);
      switch (op) {
        case 0 -> {
          if (at < s.length()) {
            s.setCharAt(at, c);
          }
        }
        case 1 -> s.insert(at, c);
        case 2 -> {
          if (at < s.length()) {
            s.deleteCharAt(at);
          }
        }
        default -> s.setLength(at);
      }
    }
    return s.toString();
  }

  private static final String NEAR =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.-=: \t+/";

  private static char character(byte b) {
    int v = b & 0xFF;
    if (v < 0xC0) {
      return NEAR.charAt(v % NEAR.length());
    }
    return switch (v & 7) {
      case 0 -> '\0';
      case 1 -> '\u00e9';
      case 2 -> '\u0660'; // ARABIC-INDIC DIGIT ZERO: a digit to Character.isDigit
      case 3 -> '\uff10'; // FULLWIDTH DIGIT ZERO
      case 4 -> '\ud800'; // a lone surrogate
      case 5 -> '\u0130'; // capital I with dot: changes length when lower-cased
      case 6 -> '\n';
      default -> (char) (0x80 + (v & 0x3F));
    };
  }
}

package dev.tokenkit.store.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Column encodings: instants as epoch microseconds, collections as length-prefixed text. */
public final class Codec {

  private Codec() {}

  /** Microseconds since the epoch (the precision every store keeps), or null for null. */
  public static @Nullable Long nullableMicros(@Nullable Instant instant) {
    return instant == null ? null : micros(instant);
  }

  /** Microseconds since the epoch. */
  public static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  public static @Nullable Instant instant(@Nullable Long micros) {
    if (micros == null) {
      return null;
    }
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  /** Each element as {@code <length>:<value>}: exact for any content, including separators. */
  public static String list(Collection<String> values) {
    StringBuilder sb = new StringBuilder();
    for (String v : values) {
      sb.append(v.length()).append(':').append(v);
    }
    return sb.toString();
  }

  /**
   * Decodes {@link #list}.
   *
   * @throws IllegalStateException if the text is not a valid encoding
   */
  public static List<String> list(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int colon = text.indexOf(':', i);
      int length = colon <= i ? -1 : length(text, i, colon);
      if (length < 0 || length > text.length() - colon - 1) {
        throw new IllegalStateException("corrupt collection column");
      }
      out.add(text.substring(colon + 1, colon + 1 + length));
      i = colon + 1 + length;
    }
    return out;
  }

  /** The decimal digits of {@code text[from, to)}, or -1 if they are not a length. */
  private static int length(String text, int from, int to) {
    for (int j = from; j < to; j++) {
      char c = text.charAt(j);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return to - from > 9 ? -1 : Integer.parseInt(text, from, to, 10);
  }

  public static String map(Map<String, String> values) {
    List<String> flat = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          flat.add(k);
          flat.add(v);
        });
    return list(flat);
  }

  public static Map<String, String> map(String text) {
    List<String> flat = list(text);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.put(flat.get(i), flat.get(i + 1));
    }
    return out;
  }

  /** SHA-256 hex of the name key: the unique index column (names themselves may be long). */
  public static String nameHash(String nameKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(nameKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}

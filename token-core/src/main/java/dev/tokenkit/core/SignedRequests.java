package dev.tokenkit.core;

import dev.tokenkit.core.internal.ThreadCache;
import dev.tokenkit.store.spi.TokenId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The signed-request header {@code tkn_{key}_{epoch}_{user}_{hmac}}: {@code hmac} is the hex
 * HMAC-SHA256, keyed by the server token's secret, of {@code {key}_{epoch}_{user}}; {@code user} is
 * a numeric user id or {@code =username}.
 */
final class SignedRequests {

  // Every signed request is checked with it: Mac.getInstance per call costs more than the HMAC.
  private static final ThreadCache<Mac> HMAC_SHA256 =
      ThreadCache.of(
          () -> {
            try {
              return Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("HmacSHA256 is not available", e);
            }
          });

  /** The header's fixed prefix. */
  public static final String PREFIX = "tkn_";

  private static final int MAX_LENGTH = 512;
  private static final int MAX_USER = 128;
  private static final int HMAC_HEX = 64;

  private SignedRequests() {}

  /** A well-formed header's parts. */
  public static final class Parsed {
    public final TokenId key;
    public final long epochSecond;
    public final String user;
    public final String payload;
    public final byte[] signature;

    /** The parts of a header; also the acting user of an HTTP message signature. */
    public Parsed(TokenId key, long epochSecond, String user, String payload, byte[] signature) {
      this.key = key;
      this.epochSecond = epochSecond;
      this.user = user;
      this.payload = payload;
      this.signature = signature;
    }

    /** Whether {@link #user} names a user by name ({@code =username}) rather than id. */
    public boolean byUsername() {
      return user.charAt(0) == '=';
    }
  }

  /** The parts of {@code header}, or null if it is not exactly of the documented form. */
  public static @Nullable Parsed parse(@Nullable String header) {
    if (header == null || header.length() > MAX_LENGTH || !header.startsWith(PREFIX)) {
      return null;
    }
    int keyStart = PREFIX.length();
    int keyEnd = keyStart + TokenId.LENGTH;
    int last = header.lastIndexOf('_');
    if (header.length() < keyEnd + 4 + HMAC_HEX
        || header.charAt(keyEnd) != '_'
        || last != header.length() - HMAC_HEX - 1) {
      return null;
    }
    String key = header.substring(keyStart, keyEnd);
    if (!TokenId.isValid(key)) {
      return null;
    }
    int epochEnd = header.indexOf('_', keyEnd + 1);
    if (epochEnd <= keyEnd + 1 || epochEnd - keyEnd - 1 > 12 || epochEnd >= last) {
      return null;
    }
    long epoch = 0;
    for (int i = keyEnd + 1; i < epochEnd; i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      epoch = epoch * 10 + (c - '0');
    }
    String user = header.substring(epochEnd + 1, last);
    if (!isValidUser(user)) {
      return null;
    }
    byte[] signature;
    try {
      signature = HexFormat.of().parseHex(header, last + 1, header.length());
    } catch (IllegalArgumentException e) {
      return null;
    }
    return new Parsed(TokenId.of(key), epoch, user, header.substring(keyStart, last), signature);
  }

  /** Digits only, or {@code =} followed by 1 to 127 printable ASCII characters. */
  public static boolean isValidUser(@Nullable String user) {
    if (user == null || user.isEmpty() || user.length() > MAX_USER) {
      return false;
    }
    if (user.charAt(0) == '=') {
      if (user.length() == 1) {
        return false;
      }
      for (int i = 1; i < user.length(); i++) {
        char c = user.charAt(i);
        if (c < 0x21 || c > 0x7E) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < user.length(); i++) {
      if (user.charAt(i) < '0' || user.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** HMAC-SHA256 of {@code payload} keyed by the ASCII bytes of {@code secret}. */
  public static byte[] signature(String secret, String payload) {
    Mac mac = HMAC_SHA256.acquire(); // init below resets it to this call's key
    try {
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    } finally {
      HMAC_SHA256.release(mac);
    }
  }

  /** The header for these parts. */
  public static String header(String key, long epochSecond, String user, String secret) {
    String payload = key + "_" + epochSecond + "_" + user;
    return PREFIX + payload + "_" + HexFormat.of().formatHex(signature(secret, payload));
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof's HMAC-SHA256 vectors (C2SP/wycheproof, Apache-2.0, copied in the test resources)
 * through every HMAC-SHA256 path of tokenkit: the pepper HMAC from precomputed states and from a
 * {@code Mac}, the signed-request header's HMAC (keys and messages that are ASCII, as its secrets
 * and payloads are) and the HTTP message signature's HMAC (messages that are UTF-8, as its
 * signature base is). Valid vectors must give the tag; invalid ones (changed tags) must not.
 */
class WycheproofHmacTest {

  private static final HexFormat HEX = HexFormat.of();

  /** One test case; a class, not a record: records compare arrays by identity. */
  static final class Vector {
    final int tcId;
    final int tagBytes;
    final byte[] key;
    final byte[] msg;
    final byte[] tag;
    final boolean valid;

    Vector(int tcId, int tagBytes, byte[] key, byte[] msg, byte[] tag, boolean valid) {
      this.tcId = tcId;
      this.tagBytes = tagBytes;
      this.key = key;
      this.msg = msg;
      this.tag = tag;
      this.valid = valid;
    }
  }

  @Test
  void everyVectorAgreesOnEveryPath() throws IOException {
    List<Vector> vectors = vectors();
    assertThat(vectors).hasSize(174);
    int ascii = 0;
    int utf8 = 0;
    for (Vector v : vectors) {
      byte[] precomputed = new byte[32];
      PepperHmac.of(v.key, true).hmac(v.msg, 0, v.msg.length, precomputed);
      assertThat(PepperHmac.of(v.key, true).isPrecomputed()).isTrue();
      check(v, precomputed, "precomputed pepper HMAC");
      byte[] withMac = new byte[32];
      PepperHmac.of(v.key, false).hmac(v.msg, 0, v.msg.length, withMac);
      check(v, withMac, "pepper HMAC with a Mac");
      if (isAscii(v.key) && isAscii(v.msg)) {
        ascii++;
        check(
            v,
            SignedRequests.signature(
                new String(v.key, StandardCharsets.US_ASCII),
                new String(v.msg, StandardCharsets.US_ASCII)),
            "signed-request header");
      }
      String text = new String(v.msg, StandardCharsets.UTF_8);
      if (Arrays.equals(text.getBytes(StandardCharsets.UTF_8), v.msg)) {
        utf8++;
        check(v, MessageSignatures.hmacSha256(v.key, text), "message signature");
      }
    }
    // The vectors use random bytes: few are ASCII or UTF-8; those that are must still agree.
    assertThat(utf8).isPositive();
    assertThat(ascii).isNotNegative();
  }

  private static void check(Vector v, byte[] mac, String path) {
    byte[] truncated = Arrays.copyOf(mac, v.tagBytes);
    if (v.valid) {
      assertThat(truncated).as("tcId %d, %s", v.tcId, path).isEqualTo(v.tag);
    } else {
      assertThat(truncated).as("tcId %d, %s", v.tcId, path).isNotEqualTo(v.tag);
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0x20) {
        return false;
      }
    }
    return true;
  }

  /** The vectors, read with two regular expressions: the file's layout is fixed. */
  static List<Vector> vectors() throws IOException {
    String json;
    try (InputStream in =
        Objects.requireNonNull(
            WycheproofHmacTest.class.getResourceAsStream("/wycheproof/hmac_sha256_test.json"))) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher group = Pattern.compile("\"tagSize\"\\s*:\\s*(\\d+)").matcher(json);
    Matcher test =
        Pattern.compile(
                "\"tcId\"\\s*:\\s*(\\d+).*?\"key\"\\s*:\\s*\"([0-9a-f]*)\".*?\"msg\"\\s*:\\s*"
                    + "\"([0-9a-f]*)\".*?\"tag\"\\s*:\\s*\"([0-9a-f]*)\".*?\"result\"\\s*:\\s*"
                    + "\"(\\w+)\"",
                Pattern.DOTALL)
            .matcher(json);
    List<int[]> groups = new ArrayList<>(); // start offset, tag bytes
    while (group.find()) {
      groups.add(new int[] {group.start(), Integer.parseInt(group.group(1)) / 8});
    }
    List<Vector> vectors = new ArrayList<>();
    while (test.find()) {
      int tagBytes = 0;
      for (int[] g : groups) {
        if (g[0] < test.start()) {
          tagBytes = g[1];
        }
      }
      vectors.add(
          new Vector(
              Integer.parseInt(test.group(1)),
              tagBytes,
              HEX.parseHex(test.group(2)),
              HEX.parseHex(test.group(3)),
              HEX.parseHex(test.group(4)),
              test.group(5).equals("valid")));
    }
    return vectors;
  }
}

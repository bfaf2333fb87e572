package dev.tokenkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof's JWS and HMAC-SHA512 vectors (C2SP/wycheproof, Apache-2.0, copied in the test
 * resources). No JWS vector may verify under the HS512 profile, whatever key the resolver hands out
 * for it: the group's own secret, or the bytes of its public key offered as an HMAC secret (the
 * algorithm-confusion attack). HS512 must give every valid HMAC-SHA512 tag and none of the invalid
 * ones.
 */
class WycheproofTest {

  @Test
  void noJwsVectorVerifies() throws Exception {
    Map<String, Object> file = read("json_web_signature_test.json");
    int checked = 0;
    for (Object g : (List<?>) file.get("testGroups")) {
      Map<?, ?> group = (Map<?, ?>) g;
      for (byte[] key : candidateKeys(group)) {
        JwtVerifier verifier =
            JwtVerifier.builder().keyResolver(kid -> Optional.of(key.clone())).build();
        for (Object t : (List<?>) group.get("tests")) {
          Map<?, ?> test = (Map<?, ?>) t;
          JwtResult result = verifier.verify((String) test.get("jws"));
          assertThat(result.valid())
              .as("tcId %s: %s", test.get("tcId"), test.get("comment"))
              .isFalse();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(401);
  }

  @Test
  void hs512AgreesWithEveryHmacSha512Vector() throws Exception {
    Map<String, Object> file = read("hmac_sha512_test.json");
    HexFormat hex = HexFormat.of();
    int checked = 0;
    for (Object g : (List<?>) file.get("testGroups")) {
      Map<?, ?> group = (Map<?, ?>) g;
      int tagBytes = ((Number) group.get("tagSize")).intValue() / 8;
      for (Object t : (List<?>) group.get("tests")) {
        Map<?, ?> test = (Map<?, ?>) t;
        byte[] key = hex.parseHex((String) test.get("key"));
        byte[] msg = hex.parseHex((String) test.get("msg"));
        byte[] tag = hex.parseHex((String) test.get("tag"));
        if (key.length == 0) {
          continue; // a JWT key is never empty: JwtIssuer and the resolver refuse short keys
        }
        byte[] mac = Arrays.copyOf(StrictJws.hs512(key, msg, msg.length), tagBytes);
        if ("valid".equals(test.get("result"))) {
          assertThat(mac).as("tcId %s", test.get("tcId")).isEqualTo(tag);
        } else {
          assertThat(mac).as("tcId %s", test.get("tcId")).isNotEqualTo(tag);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(170);
  }

  /** The group's secret ({@code k}) and, for public keys, the bytes an attacker would offer. */
  private static List<byte[]> candidateKeys(Map<?, ?> group) {
    List<byte[]> keys = new ArrayList<>();
    for (String side : List.of("private", "public")) {
      if (group.get(side) instanceof Map<?, ?> jwk) {
        for (String member : List.of("k", "n", "x", "d")) {
          if (jwk.get(member) instanceof String value) {
            keys.add(Base64.getUrlDecoder().decode(value));
          }
        }
        keys.add(JSONObjectUtils.toJSONString(cast(jwk)).getBytes(StandardCharsets.UTF_8));
      }
    }
    keys.add(new byte[64]);
    return keys;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> cast(Map<?, ?> map) {
    return (Map<String, ?>) map;
  }

  private static Map<String, Object> read(String name)
      throws IOException, java.text.ParseException {
    try (InputStream in =
        Objects.requireNonNull(WycheproofTest.class.getResourceAsStream("/wycheproof/" + name))) {
      return JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), -1);
    }
  }
}

package dev.tokenkit.jwt;

import static dev.tokenkit.jwt.JwtVerifierTest.CLAIMS;
import static dev.tokenkit.jwt.JwtVerifierTest.EXP;
import static dev.tokenkit.jwt.JwtVerifierTest.HEADER;
import static dev.tokenkit.jwt.JwtVerifierTest.KID;
import static dev.tokenkit.jwt.JwtVerifierTest.craft;
import static dev.tokenkit.jwt.JwtVerifierTest.verifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The limits of the verification profile tried on both sides (kid length and characters, string
 * dates, leeway, total length), the client-facing error of every kind of result, and the strict
 * decoders' answers for the characters next to their alphabets.
 */
class JwtEdgesTest {

  private final JwtVerifier verifier = verifier(false);

  @Test
  void aKidMayHave128PrintableAsciiCharacters() {
    for (String kid : new String[] {"k".repeat(128), "a b", "~", " "}) {
      assertThat(verify(HEADER.replace(KID, kid))).as(kid).isEqualTo(JwtFailure.UNKNOWN_KEY);
    }
    for (String kid : new String[] {"k".repeat(129), "a\u007fb", "a\u001fb"}) {
      assertThat(
              verify(
                  HEADER.replace(
                      KID, kid.replace("\u007f", "\\u007f").replace("\u001f", "\\u001f"))))
          .as(kid)
          .isEqualTo(JwtFailure.BAD_KEY_ID);
    }
  }

  @Test
  void stringDatesHaveAtMost18DigitsAndNothingElse() {
    JwtVerifier lenient = verifier(true);
    String padded = "0".repeat(18 - String.valueOf(EXP).length()) + EXP;
    assertThat(lenient.verify(craft(HEADER, stringExp(padded))).valid()).isTrue();
    assertThat(lenient.verify(craft(HEADER, stringExp("0" + padded))).failure())
        .isEqualTo(JwtFailure.MALFORMED);
    // Digits 0 to 9 all count; a sign, though Long.parseLong reads it, does not.
    long nines = EXP / 10_000 * 10_000 + 9_999;
    assertThat(lenient.verify(craft(HEADER, stringExp(String.valueOf(nines)))).valid()).isTrue();
    assertThat(lenient.verify(craft(HEADER, stringExp("+" + EXP))).failure())
        .isEqualTo(JwtFailure.MALFORMED);
    assertThat(lenient.verify(craft(HEADER, stringExp(""))).failure())
        .isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void aCompactJwtMayBe8192CharactersLong() {
    assertThat(verifier.verify("x".repeat(JwtVerifier.MAX_LENGTH)).failure())
        .isEqualTo(JwtFailure.MALFORMED);
    assertThat(verifier.verify("x".repeat(JwtVerifier.MAX_LENGTH + 1)).failure())
        .isEqualTo(JwtFailure.TOO_LARGE);
  }

  @Test
  void leewayRunsFromZeroToTenMinutes() {
    assertThat(JwtVerifier.builder().leeway(Duration.ofMinutes(10))).isNotNull();
    assertThat(JwtVerifier.builder().leeway(Duration.ZERO)).isNotNull();
    for (Duration bad : new Duration[] {null, Duration.ofSeconds(-1), Duration.ofSeconds(601)}) {
      assertThatThrownBy(() -> JwtVerifier.builder().leeway(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leeway");
    }
  }

  @Test
  void anIssuerLifetimeMustBePositive() {
    assertThat(JwtIssuer.builder().lifetime(Duration.ofSeconds(1))).isNotNull();
    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertThatThrownBy(() -> JwtIssuer.builder().lifetime(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lifetime");
    }
  }

  @Test
  void everyResultSaysWhatAClientMaySee() {
    JwtResult valid = verifier.verify(craft(HEADER, CLAIMS));
    assertThat(valid.outwardError()).isNull();
    assertThat(valid.outwardMessage()).isNull();
    assertThat(valid).hasToString("JwtResult[valid, kid=" + KID + "]");

    JwtResult unknownKey = verifier.verify(craft(HEADER.replace(KID, "other"), CLAIMS));
    assertThat(unknownKey.outwardError()).isEqualTo("invalid_token");
    assertThat(unknownKey.outwardMessage()).isEqualTo(RejectionReason.MALFORMED.outwardMessage());
    assertThat(unknownKey).hasToString("JwtResult[UNKNOWN_KEY, kid=other]");

    JwtVerifier failing =
        JwtVerifier.builder()
            .keyResolver(
                kid -> {
                  throw new IllegalStateException("store down");
                })
            .build();
    JwtResult unavailable = failing.verify(craft(HEADER, CLAIMS));
    assertThat(unavailable.failure()).isEqualTo(JwtFailure.UNAVAILABLE);
    assertThat(unavailable.httpStatus()).isEqualTo(503);
    assertThat(unavailable.outwardError()).isEqualTo("unavailable");
    assertThat(unavailable.outwardMessage())
        .isEqualTo(RejectionReason.UNAVAILABLE.outwardMessage());
    assertThat(unavailable.rateLimit()).isEmpty();

    JwtResult rejected = JwtResult.rejected(KID, AuthResult.rejected(RejectionReason.REVOKED));
    assertThat(rejected.outwardError()).isEqualTo(RejectionReason.REVOKED.outwardError());
    assertThat(rejected.outwardMessage()).isEqualTo(RejectionReason.REVOKED.outwardMessage());
    assertThat(rejected).hasToString("JwtResult[TOKEN_REJECTED REVOKED, kid=" + KID + "]");
  }

  @Test
  void theVerifierAndIssuerDescribeThemselvesWithoutKeys() {
    assertThat(verifier)
        .hasToString(
            "JwtVerifier[HS512, iss=https://example.com/, aud=api, leeway=60s, tokenService=false]");
    JwtIssuer.Builder issuer = JwtIssuer.builder().issuer("https://example.com/").audience("api");
    assertThat(issuer.build())
        .hasToString(
            "JwtIssuer[iss=https://example.com/, aud=api, lifetime=PT87672H, keys=token secret]");
    assertThat(issuer.deriveKeysFrom(JwtVerifierTest.bytes(32, 9)).build().toString())
        .endsWith(", keys=derived]")
        .doesNotContain("9, 9");
  }

  @Test
  void datesAndAudiencesOfTheWrongTypeAreRefused() {
    long now = JwtVerifierTest.NOW.getEpochSecond();
    assertThat(verify(HEADER, CLAIMS.replace("\"nbf\":" + now, "\"nbf\":\"soon\"")))
        .isEqualTo(JwtFailure.MALFORMED);
    assertThat(verify(HEADER, CLAIMS.replace("\"iat\":" + now, "\"iat\":true")))
        .isEqualTo(JwtFailure.MALFORMED);
    assertThat(verify(HEADER, CLAIMS.replace("\"aud\":\"api\"", "\"aud\":7")))
        .isEqualTo(JwtFailure.BAD_AUDIENCE);
    assertThat(verify(HEADER, CLAIMS.replace("\"aud\":\"api\"", "\"aud\":{\"api\":1}")))
        .isEqualTo(JwtFailure.BAD_AUDIENCE);
  }

  @Test
  void nestedObjectsAndArraysKeepTheirContentAndCountTowardsTheDepth() {
    assertThat(StrictJson.parseObject("{\"a\":{\"b\":[1,{\"c\":\"d\"}]}}", 8))
        .isEqualTo(Map.of("a", Map.of("b", List.of(1L, Map.of("c", "d")))));
    String eight = "{\"a\":".repeat(7) + "{}" + "}".repeat(7);
    assertThat(StrictJson.parseObject(eight, 8)).isNotNull();
    assertThat(StrictJson.parseObject("{\"a\":" + eight + "}", 8)).isNull();
  }

  @Test
  void base64urlRefusesTheCharactersJustOutsideItsAlphabet() {
    for (String s : new String[] {"AA\u0080A", "AAA\u007f", "AA+A", "AA/A", "AA=A", "AA\u0100A"}) {
      assertThat(StrictJws.isCanonical(s, 0, 4)).as(s).isFalse();
      assertThat(StrictJws.decode(s, 0, 4)).as(s).isNull();
    }
    assertThat(StrictJws.decode("AA-_", 0, 4)).containsExactly(0x00, 0x0f, 0xbf);
  }

  @Test
  void theSigningInputMustBeAsciiEvenWhereItsLowByteSignsTheSame() throws Exception {
    byte[] key = JwtVerifierTest.KEY;
    Mac mac = Mac.getInstance("HmacSHA512");
    mac.init(new SecretKeySpec(key, "HmacSHA512"));
    byte[] overByte0x80 = mac.doFinal(new byte[] {'a', (byte) 0x80});
    assertThat(StrictJws.hs512Matches(key, "a\u0080", 2, overByte0x80)).isFalse();
    assertThat(StrictJws.hs512Matches(key, "a\u0180", 2, overByte0x80)).isFalse();
    byte[] overAscii = mac.doFinal(new byte[] {'a', 0x7f});
    assertThat(StrictJws.hs512Matches(key, "a\u007f", 2, overAscii)).isTrue();
  }

  @Test
  void utf8IsDecodedStrictly() {
    assertThat(StrictJws.utf8("é中😀".getBytes(StandardCharsets.UTF_8))).isEqualTo("é中😀");
    assertThat(StrictJws.utf8(new byte[] {0, 'a', 0x7f})).isEqualTo("\0a\u007f");
    assertThat(StrictJws.utf8(new byte[] {(byte) 0xC3})).isNull();
  }

  private JwtFailure verify(String header) {
    return verify(header, CLAIMS);
  }

  private JwtFailure verify(String header, String claims) {
    return verifier.verify(craft(header, claims)).failure();
  }

  private static String stringExp(String value) {
    return CLAIMS.replace("\"exp\":" + EXP, "\"exp\":\"" + value + "\"");
  }
}

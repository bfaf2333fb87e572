package dev.tokenkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Every rule of the verification profile, each with a crafted token. */
class JwtVerifierTest {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final byte[] KEY = bytes(64, 7);
  static final String KID = "abcDEF012345";
  static final String HEADER = "{\"alg\":\"HS512\",\"kid\":\"" + KID + "\",\"typ\":\"JWT\"}";
  static final long EXP = NOW.getEpochSecond() + 3600;
  static final String CLAIMS =
      "{\"sub\":\""
          + KID
          + "\",\"iss\":\"https://example.com/\",\"aud\":\"api\",\"iat\":"
          + NOW.getEpochSecond()
          + ",\"nbf\":"
          + NOW.getEpochSecond()
          + ",\"exp\":"
          + EXP
          + "}";

  private final JwtVerifier verifier = verifier(false);

  static byte[] bytes(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  static JwtVerifier verifier(boolean stringDates) {
    return JwtVerifier.builder()
        .keyResolver(kid -> KID.equals(kid) ? Optional.of(KEY) : Optional.empty())
        .expectedIssuer("https://example.com/")
        .expectedAudience("api")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .leeway(Duration.ofSeconds(60))
        .acceptStringNumericDates(stringDates)
        .build();
  }

  static String b64(String json) {
    return b64(json.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] raw) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** A JWT signed independently with javax.crypto (HmacSHA512 unless told otherwise). */
  static String craft(String header, String claims, byte[] key, String macAlgorithm) {
    String input = b64(header) + "." + b64(claims);
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(key, macAlgorithm));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String craft(String header, String claims) {
    return craft(header, claims, KEY, "HmacSHA512");
  }

  private JwtFailure failure(String jwt) {
    JwtResult r = verifier.verify(jwt);
    assertThat(r.valid()).as(jwt).isFalse();
    return r.failure();
  }

  @Test
  void aWellFormedTokenVerifies() {
    JwtResult r = verifier.verify(craft(HEADER, CLAIMS));
    assertThat(r.valid()).isTrue();
    assertThat(r.failure()).isNull();
    assertThat(r.keyId()).isEqualTo(KID);
    assertThat(r.subject()).isEqualTo(KID);
    assertThat(r.httpStatus()).isEqualTo(200);
  }

  /** RFC 7515 appendix A.1: its HS256 signature is genuine, and the HS512 profile refuses it. */
  @Test
  void rfc7515ExampleIsGenuineButRefused() throws Exception {
    String jws =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    byte[] key =
        Base64.getUrlDecoder()
            .decode(
                "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String input = jws.substring(0, jws.lastIndexOf('.'));
    assertThat(b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo(jws.substring(jws.lastIndexOf('.') + 1));
    JwtVerifier any = JwtVerifier.builder().keyResolver(kid -> Optional.of(key)).build();
    assertThat(any.verify(jws).failure()).isEqualTo(JwtFailure.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void onlyHs512IsAccepted() {
    for (String alg : new String[] {"none", "HS256", "HS384", "RS256", "ES256", "hs512", "PS512"}) {
      String header = HEADER.replace("HS512", alg);
      String jwt =
          "none".equals(alg)
              ? b64(header) + "." + b64(CLAIMS) + "."
              : craft(
                  header,
                  CLAIMS,
                  KEY,
                  alg.startsWith("HS") ? "Hmac" + "SHA" + alg.substring(2) : "HmacSHA512");
      assertThat(verifier.verify(jwt).valid()).as(alg).isFalse();
    }
    assertThat(failure(craft(HEADER.replace("HS512", "HS256"), CLAIMS, KEY, "HmacSHA256")))
        .isEqualTo(JwtFailure.UNSUPPORTED_ALGORITHM);
    assertThat(failure(craft("{\"kid\":\"" + KID + "\"}", CLAIMS)))
        .isEqualTo(JwtFailure.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void keyBearingAndCriticalHeadersAreRefused() {
    for (String extra :
        new String[] {
          "\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}",
          "\"jku\":\"https://evil/jwks\"",
          "\"x5u\":\"https://evil/cert\"",
          "\"x5c\":[\"MIIB\"]",
          "\"crit\":[\"exp\"]"
        }) {
      String header = HEADER.replace("}", "," + extra + "}");
      assertThat(failure(craft(header, CLAIMS))).as(extra).isEqualTo(JwtFailure.FORBIDDEN_HEADER);
    }
  }

  @Test
  void typAndKidAreChecked() {
    assertThat(verifier.verify(craft(HEADER.replace(",\"typ\":\"JWT\"", ""), CLAIMS)).valid())
        .isTrue();
    assertThat(failure(craft(HEADER.replace("\"JWT\"", "\"JOSE\""), CLAIMS)))
        .isEqualTo(JwtFailure.BAD_TYPE);
    assertThat(failure(craft(HEADER.replace("\"JWT\"", "5"), CLAIMS)))
        .isEqualTo(JwtFailure.BAD_TYPE);
    for (String kid :
        new String[] {
          "\"\"", "5", "null", "\"" + "k".repeat(129) + "\"", "\"k\\u0000\"", "\"ключ\""
        }) {
      String header = HEADER.replace("\"" + KID + "\"", kid);
      assertThat(failure(craft(header, CLAIMS))).as(kid).isEqualTo(JwtFailure.BAD_KEY_ID);
    }
    assertThat(failure(craft("{\"alg\":\"HS512\"}", CLAIMS))).isEqualTo(JwtFailure.BAD_KEY_ID);
    assertThat(failure(craft(HEADER.replace(KID, "unknownKid01"), CLAIMS)))
        .isEqualTo(JwtFailure.UNKNOWN_KEY);
  }

  @Test
  void weakKeysAndBadSignaturesAreRefused() {
    JwtVerifier weak =
        JwtVerifier.builder()
            .keyResolver(kid -> Optional.of(bytes(63, 7)))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    assertThat(weak.verify(craft(HEADER, CLAIMS, bytes(63, 7), "HmacSHA512")).failure())
        .isEqualTo(JwtFailure.WEAK_KEY);
    assertThat(failure(craft(HEADER, CLAIMS, bytes(64, 8), "HmacSHA512")))
        .isEqualTo(JwtFailure.BAD_SIGNATURE);
    String good = craft(HEADER, CLAIMS);
    String otherClaims = CLAIMS.replace("\"api\"", "\"apx\"");
    String swapped = b64(HEADER) + "." + b64(otherClaims) + good.substring(good.lastIndexOf('.'));
    assertThat(failure(swapped)).isEqualTo(JwtFailure.BAD_SIGNATURE);
    String shortSig = good.substring(0, good.lastIndexOf('.') + 1) + b64(new byte[32]);
    assertThat(failure(shortSig)).isEqualTo(JwtFailure.BAD_SIGNATURE);
    JwtVerifier failing =
        JwtVerifier.builder()
            .keyResolver(
                kid -> {
                  throw new IllegalStateException("key store down");
                })
            .build();
    assertThat(failing.verify(good).failure()).isEqualTo(JwtFailure.UNAVAILABLE);
    assertThat(failing.verify(good).httpStatus()).isEqualTo(503);
  }

  @Test
  void invalidOrOverlongUtf8IsRefusedNotReplaced() {
    byte[][] bad = {
      {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/', three bytes
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xFF},
      {(byte) 0xC3}, // truncated
    };
    for (byte[] sequence : bad) {
      for (boolean inHeader : new boolean[] {true, false}) {
        // An extra member nobody reads, so lenient decoding would let the token through.
        String json = (inHeader ? HEADER : CLAIMS).replace("}", ",\"x\":\"@\"}");
        int at = json.indexOf('@');
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        byte[] spliced = new byte[raw.length - 1 + sequence.length];
        System.arraycopy(raw, 0, spliced, 0, at);
        System.arraycopy(sequence, 0, spliced, at, sequence.length);
        System.arraycopy(raw, at + 1, spliced, at + sequence.length, raw.length - at - 1);
        byte[] header = inHeader ? spliced : HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] claims = inHeader ? CLAIMS.getBytes(StandardCharsets.UTF_8) : spliced;
        String input = b64(header) + "." + b64(claims);
        String jwt;
        try {
          Mac mac = Mac.getInstance("HmacSHA512");
          mac.init(new SecretKeySpec(KEY, "HmacSHA512"));
          jwt = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        assertThat(failure(jwt))
            .as("%s in the %s", Arrays.toString(sequence), inHeader ? "header" : "claims")
            .isEqualTo(JwtFailure.MALFORMED);
      }
    }
    // Well-formed non-ASCII text is fine.
    assertThat(
            verifier
                .verify(craft(HEADER, CLAIMS.replace("\"api\"", "\"api\",\"x\":\"é中😀\"")))
                .valid())
        .isTrue();
  }

  @Test
  void strictBase64UrlAndCompactSerializationOnly() {
    String good = craft(HEADER, CLAIMS);
    String[] bad = {
      null,
      "",
      ".",
      "..",
      "a.b",
      "a.b.c.d.e",
      good + ".",
      "." + good,
      good.substring(0, good.lastIndexOf('.') + 1)
          + "+"
          + good.substring(good.lastIndexOf('.') + 2),
      good.substring(0, good.lastIndexOf('.') + 1)
          + "/"
          + good.substring(good.lastIndexOf('.') + 2),
      good.substring(0, good.indexOf('.')) + "=" + good.substring(good.indexOf('.')),
      good.replaceFirst("\\.", " ."),
      good.replaceFirst("\\.", ".\n"),
      good + "=",
      "{\"payload\":\"x\",\"signatures\":[]}",
      good.substring(0, good.length() - 1) + "/",
      b64(HEADER) + ".." + good.substring(good.lastIndexOf('.') + 1),
      good.substring(0, good.lastIndexOf('.') + 1)
    };
    for (String jwt : bad) {
      assertThat(verifier.verify(jwt).failure())
          .as(String.valueOf(jwt))
          .isEqualTo(JwtFailure.MALFORMED);
    }
    // A non-canonical last character (stray bits) is refused although lenient decoders accept it.
    String sig = good.substring(good.lastIndexOf('.') + 1);
    char last = sig.charAt(sig.length() - 1);
    char stray = (char) (last == 'A' ? 'B' : last + 1);
    String nonCanonical = good.substring(0, good.length() - 1) + stray;
    assertThat(verifier.verify(nonCanonical).valid()).isFalse();
    assertThat(verifier.verify("x".repeat(JwtVerifier.MAX_LENGTH + 1)).failure())
        .isEqualTo(JwtFailure.TOO_LARGE);
  }

  @Test
  void deeplyNestedOrHugeJsonIsRefusedWithoutAStackOverflow() {
    String deep = "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}";
    assertThat(verifier.verify(craft(HEADER, deep)).valid()).isFalse();
    assertThat(verifier.verify(craft(deep, CLAIMS)).valid()).isFalse();
    String huge = "{\"pad\":\"" + "x".repeat(7000) + "\"}";
    assertThat(verifier.verify(craft(HEADER, huge)).failure()).isEqualTo(JwtFailure.TOO_LARGE);
    assertThat(failure(craft(HEADER, "not json"))).isEqualTo(JwtFailure.MALFORMED);
    assertThat(failure(craft(HEADER, "[1,2]"))).isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void theHeaderIsCappedBecauseItIsParsedBeforeAnyKeyIsKnown() {
    String padded = HEADER.replace("}", ",\"pad\":\"%s\"}");
    int fits = 0;
    while (b64(padded.formatted("x".repeat(fits + 1))).length() <= JwtVerifier.MAX_HEADER_LENGTH) {
      fits++;
    }
    assertThat(verifier.verify(craft(padded.formatted("x".repeat(fits)), CLAIMS)).valid()).isTrue();
    assertThat(verifier.verify(craft(padded.formatted("x".repeat(fits + 1)), CLAIMS)).failure())
        .isEqualTo(JwtFailure.TOO_LARGE);
    // A kid of the longest allowed length still fits.
    String longKid = HEADER.replace(KID, "k".repeat(128));
    assertThat(b64(longKid).length()).isLessThan(JwtVerifier.MAX_HEADER_LENGTH);
  }

  @Test
  void expiryNotBeforeAndLeeway() {
    long now = NOW.getEpochSecond();
    assertThat(failure(craft(HEADER, CLAIMS.replace(",\"exp\":" + EXP, ""))))
        .isEqualTo(JwtFailure.MISSING_EXPIRY);
    assertThat(verifier.verify(craft(HEADER, CLAIMS.replace("" + EXP, "" + (now - 59)))).valid())
        .isTrue();
    assertThat(failure(craft(HEADER, CLAIMS.replace("" + EXP, "" + (now - 60)))))
        .isEqualTo(JwtFailure.EXPIRED);
    String future = CLAIMS.replace("\"nbf\":" + now, "\"nbf\":" + (now + 61));
    assertThat(failure(craft(HEADER, future))).isEqualTo(JwtFailure.NOT_YET_VALID);
    String soon = CLAIMS.replace("\"nbf\":" + now, "\"nbf\":" + (now + 60));
    assertThat(verifier.verify(craft(HEADER, soon)).valid()).isTrue();
    assertThat(failure(craft(HEADER, CLAIMS.replace("" + EXP, "\"soon\""))))
        .isEqualTo(JwtFailure.MALFORMED);
  }

  @Test
  void stringNumericDatesOnlyInCompatibilityMode() {
    String stringDates =
        CLAIMS
            .replace("\"exp\":" + EXP, "\"exp\":\"" + EXP + "\"")
            .replace("\"iat\":" + NOW.getEpochSecond(), "\"iat\":\"" + NOW.getEpochSecond() + "\"")
            .replace("\"nbf\":" + NOW.getEpochSecond(), "\"nbf\":\"" + NOW.getEpochSecond() + "\"");
    String jwt = craft(HEADER, stringDates);
    assertThat(verifier.verify(jwt).failure()).isEqualTo(JwtFailure.MALFORMED);
    assertThat(verifier(true).verify(jwt).valid()).isTrue();
    String expired =
        stringDates.replace("\"" + EXP + "\"", "\"" + (NOW.getEpochSecond() - 3600) + "\"");
    assertThat(verifier(true).verify(craft(HEADER, expired)).failure())
        .isEqualTo(JwtFailure.EXPIRED);
    assertThat(
            verifier(true)
                .verify(craft(HEADER, stringDates.replace("\"" + EXP + "\"", "\"12a\"")))
                .valid())
        .isFalse();
  }

  @Test
  void issuerAndAudienceAreChecked() {
    assertThat(failure(craft(HEADER, CLAIMS.replace("https://example.com/", "https://evil/"))))
        .isEqualTo(JwtFailure.BAD_ISSUER);
    assertThat(failure(craft(HEADER, CLAIMS.replace("\"iss\":\"https://example.com/\",", ""))))
        .isEqualTo(JwtFailure.BAD_ISSUER);
    assertThat(failure(craft(HEADER, CLAIMS.replace("\"aud\":\"api\"", "\"aud\":\"other\""))))
        .isEqualTo(JwtFailure.BAD_AUDIENCE);
    assertThat(
            verifier
                .verify(craft(HEADER, CLAIMS.replace("\"aud\":\"api\"", "\"aud\":[\"x\",\"api\"]")))
                .valid())
        .isTrue();
    assertThat(failure(craft(HEADER, CLAIMS.replace("\"aud\":\"api\"", "\"aud\":[\"x\"]"))))
        .isEqualTo(JwtFailure.BAD_AUDIENCE);
  }

  @Test
  void verifyNeverThrows() {
    qt().withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 400))
        .checkAssert(s -> assertThat(verifier.verify(s).valid()).isFalse());
    qt().withExamples(1000)
        .forAll(strings().ascii().ofLengthBetween(0, 200))
        .checkAssert(s -> assertThat(verifier.verify(craft(HEADER, s)).valid()).isFalse());
  }

  @Test
  void builderRefusesIncompleteSetups() {
    assertThatThrownBy(() -> JwtVerifier.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyResolver or a tokenService");
    assertThatThrownBy(() -> JwtVerifier.builder().leeway(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtVerifier.builder().clock(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

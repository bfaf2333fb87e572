package dev.tokenkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.tokenkit.fuzz.FuzzInput;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the JWT verifier's own parsing: base64url against the JDK's decoder, JSON against
 * nimbus-jose-jwt's parser, and the whole verifier: a changed token never verifies, and a token
 * signed over any header and claims verifies only when a reference reading with nimbus says it
 * should.
 */
class JwtVerifierFuzzTest {

  private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]*");
  private static final JwtVerifier VERIFIER = JwtVerifierTest.verifier(false);
  private static final String SIGNED =
      JwtVerifierTest.craft(JwtVerifierTest.HEADER, JwtVerifierTest.CLAIMS);

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void base64urlAgreesWithTheJdk(byte[] input) {
    String s = FuzzInput.text(input);
    byte[] decoded = StrictJws.decode(s, 0, s.length());
    assertThat(StrictJws.isCanonical(s, 0, s.length())).isEqualTo(decoded != null);
    byte[] reference = null;
    if (!s.isEmpty() && ALPHABET.matcher(s).matches()) {
      try {
        byte[] jdk = Base64.getUrlDecoder().decode(s);
        // Canonical: the one encoding of those bytes (no padding, unused bits zero).
        if (Base64.getUrlEncoder().withoutPadding().encodeToString(jdk).equals(s)) {
          reference = jdk;
        }
      } catch (IllegalArgumentException e) {
        reference = null;
      }
    }
    assertThat(decoded).isEqualTo(reference);
  }

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void jsonAgreesWithNimbus(byte[] input) throws Exception {
    String text = FuzzInput.text(input);
    Map<String, Object> ours = StrictJson.parseObject(text, 8); // never throws, never overflows
    if (ours != null) {
      assertThat(ours).isEqualTo(JSONObjectUtils.parse(text));
    }
  }

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aChangedTokenNeverVerifies(byte[] input) {
    String jwt = FuzzInput.edit(SIGNED, input);
    JwtResult result = VERIFIER.verify(jwt);
    assertThat(result.valid()).isEqualTo(jwt.equals(SIGNED));
  }

  /**
   * The fuzzer writes the header and the claims; the test signs them with the right key, so the
   * rules after the signature are reached. A token verifies only when nimbus reads both as JSON
   * objects and the documented profile holds for what it read.
   */
  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aSignedTokenVerifiesOnlyWhenTheProfileHolds(byte[] input) {
    String[] parts = FuzzInput.texts(input, 2);
    String jwt = JwtVerifierTest.craft(parts[0], parts[1]);
    JwtResult result = VERIFIER.verify(jwt);
    if (result.valid()) {
      assertThat(profileHolds(parts[0], parts[1])).as(jwt).isTrue();
      assertThat(result.keyId()).isEqualTo(JwtVerifierTest.KID);
    }
  }

  private static boolean profileHolds(String headerText, String claimsText) {
    Map<String, Object> header;
    Map<String, Object> claims;
    try {
      header = JSONObjectUtils.parse(headerText);
      claims = JSONObjectUtils.parse(claimsText);
    } catch (java.text.ParseException e) {
      return false;
    }
    long now = JwtVerifierTest.NOW.getEpochSecond();
    Object typ = header.get("typ");
    Object aud = claims.get("aud");
    return "HS512".equals(header.get("alg"))
        && JwtVerifierTest.KID.equals(header.get("kid"))
        && (typ == null || (typ instanceof String t && "jwt".equalsIgnoreCase(t)))
        && header.keySet().stream().noneMatch(List.of("jwk", "jku", "x5u", "x5c", "crit")::contains)
        && claims.get("exp") instanceof Number exp
        && now - 60 < Math.floor(exp.doubleValue())
        && (!(claims.get("nbf") instanceof Number nbf) || now + 60 >= Math.floor(nbf.doubleValue()))
        && "https://example.com/".equals(claims.get("iss"))
        && ("api".equals(aud) || (aud instanceof List<?> list && list.contains("api")));
  }
}

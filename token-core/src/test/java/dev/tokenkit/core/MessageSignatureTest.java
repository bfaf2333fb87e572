package dev.tokenkit.core;

import static dev.tokenkit.core.TokenLifecycleTest.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HTTP message signatures (RFC 9421, HMAC-SHA256) made with server tokens. */
class MessageSignatureTest {

  private static final URI TARGET = URI.create("https://api.example.com/content/docs?draft=1");
  private static final byte[] BODY = "{\"text\":\"new text\"}".getBytes(StandardCharsets.UTF_8);

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.signingService();
  private final SignedRequestVerifier verifier = service.signedRequests();
  private final IssuedToken bobOnly =
      service.create(
          f.admin,
          CreateTokenRequest.named("bob only")
              .kind(TokenKind.SERVER)
              .access(TokenAccess.fullAccess().withRestrictedUser("bob"))
              .build());
  private final RequestSigner signer = RequestSigner.of(bobOnly.key(), bobOnly.secret());

  private static HttpRequestParts request(
      String method, URI target, byte[] body, Map<String, String> headers) {
    HttpRequestParts.Builder b = HttpRequestParts.builder().method(method).targetUri(target);
    headers.forEach(b::header);
    return b.body(body).build();
  }

  private AuthResult verify(String method, URI target, byte[] body, Map<String, String> headers) {
    return verifier.verifyMessage(request(method, target, body, headers), null);
  }

  private Map<String, String> signed() {
    return signer.signRequest("PUT", TARGET, BODY, null, f.clock.instant());
  }

  /** RFC 9421 appendix B.2.5: HMAC-SHA256 with the shared secret of appendix B.1.5. */
  @Test
  void theRfcHmacExampleVerifies() {
    byte[] sharedSecret =
        Base64.getDecoder()
            .decode(
                "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==");
    HttpRequestParts rfcRequest =
        HttpRequestParts.builder()
            .method("POST")
            .targetUri(URI.create("https://example.com/foo?param=Value&Pet=dog"))
            .header("Host", "example.com")
            .header("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
            .header("Content-Type", "application/json")
            .header(
                "Content-Digest",
                "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:")
            .header("Content-Length", "18")
            .header(
                "Signature-Input",
                "sig-b25=(\"date\" \"@authority\" \"content-type\")"
                    + ";created=1618884473;keyid=\"test-shared-secret\"")
            .header("Signature", "sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:")
            .body("{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8))
            .build();
    MessageSignatures.Parsed parsed = MessageSignatures.parse(rfcRequest);
    assertThat(parsed).isNotNull();
    String base = MessageSignatures.base(rfcRequest, parsed.components, parsed.signatureParams);
    assertThat(base)
        .isEqualTo(
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
                + "\"@authority\": example.com\n"
                + "\"content-type\": application/json\n"
                + "\"@signature-params\": (\"date\" \"@authority\" \"content-type\")"
                + ";created=1618884473;keyid=\"test-shared-secret\"");
    assertThat(MessageSignatures.hmacSha256(sharedSecret, base)).isEqualTo(parsed.signature);
    // The RFC's Content-Digest (RFC 9530 example, SHA-512) names its body.
    assertThat(MessageSignatures.digestMatches(rfcRequest)).isTrue();
    // It does not meet tokenkit's profile (no method, target URI, nonce; keyid not a token key).
    assertThat(MessageSignatures.profileProblem(parsed, rfcRequest)).isNotNull();
    assertThat(rejection(verifier.verifyMessage(rfcRequest, null)))
        .isEqualTo(RejectionReason.MALFORMED);
  }

  /** The signer's output, recomputed independently from the documented signature base. */
  @Test
  void theSignerWritesTheDocumentedFields() throws Exception {
    Map<String, String> headers =
        signer.signRequest("PUT", TARGET, BODY, "=alice.smith", f.clock.instant(), "n0nce-0001");
    long created = f.clock.instant().getEpochSecond();
    String params =
        "(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\" \"token-user\")"
            + ";created="
            + created
            + ";nonce=\"n0nce-0001\";keyid=\""
            + bobOnly.key()
            + "\";alg=\"hmac-sha256\"";
    String digest =
        "sha-256=:"
            + Base64.getEncoder()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(BODY))
            + ":";
    String base =
        "\"@method\": PUT\n"
            + "\"@target-uri\": https://api.example.com/content/docs?draft=1\n"
            + "\"@authority\": api.example.com\n"
            + "\"content-digest\": "
            + digest
            + "\n"
            + "\"token-user\": =alice.smith\n"
            + "\"@signature-params\": "
            + params;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(bobOnly.secret().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String signature =
        Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
    assertThat(headers)
        .containsExactly(
            Map.entry("Content-Digest", digest),
            Map.entry("Token-User", "=alice.smith"),
            Map.entry("Signature-Input", "tokenkit=" + params),
            Map.entry("Signature", "tokenkit=:" + signature + ":"));
  }

  @Test
  void aSignedRequestAuthenticatesOnceAndBindsMethodUriAndBody() {
    Map<String, String> headers = signed();
    AuthResult ok = verify("PUT", TARGET, BODY, headers);
    assertThat(ok.principal().orElseThrow().actingUserId()).contains("bob");
    assertThat(rejection(verify("PUT", TARGET, BODY, headers))).isEqualTo(RejectionReason.REPLAYED);

    Map<String, String> fresh = signed();
    assertThat(rejection(verify("DELETE", TARGET, BODY, fresh)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(rejection(verify("PUT", URI.create("https://api.example.com/admin"), BODY, fresh)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(
            rejection(
                verify(
                    "PUT", URI.create("https://evil.example/content/docs?draft=1"), BODY, fresh)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    assertThat(
            rejection(
                verify(
                    "PUT", TARGET, "{\"text\":\"other\"}".getBytes(StandardCharsets.UTF_8), fresh)))
        .as("a swapped body no longer matches the signed Content-Digest")
        .isEqualTo(RejectionReason.BAD_SECRET);
    Map<String, String> otherDigest = new LinkedHashMap<>(fresh);
    otherDigest.put("Content-Digest", MessageSignatures.contentDigest(new byte[0]));
    assertThat(rejection(verify("PUT", TARGET, new byte[0], otherDigest)))
        .isEqualTo(RejectionReason.BAD_SECRET);
    // None of the failures used the nonce up: the untouched request still goes through once.
    assertThat(verify("PUT", TARGET, BODY, fresh).isAuthenticated()).isTrue();
    assertThat(verifier.verifyMessage(null, null).httpStatus()).isEqualTo(401);
  }

  @Test
  void theWindowTheUserAndTheTokensStateApply() {
    Map<String, String> old =
        signer.signRequest("GET", TARGET, null, null, f.clock.instant().minusSeconds(61));
    assertThat(rejection(verify("GET", TARGET, new byte[0], old)))
        .isEqualTo(RejectionReason.STALE_SIGNATURE);
    // 60 seconds either way is still inside the window.
    for (long offset : new long[] {-60, 60}) {
      Map<String, String> edge =
          signer.signRequest("GET", TARGET, null, null, f.clock.instant().plusSeconds(offset));
      assertThat(verify("GET", TARGET, new byte[0], edge).isAuthenticated())
          .as("" + offset)
          .isTrue();
    }
    Map<String, String> early =
        signer.signRequest("GET", TARGET, null, null, f.clock.instant().plusSeconds(61));
    assertThat(rejection(verify("GET", TARGET, new byte[0], early)))
        .isEqualTo(RejectionReason.STALE_SIGNATURE);
    Map<String, String> asAlice =
        signer.signRequest("GET", TARGET, null, "=alice.smith", f.clock.instant());
    assertThat(rejection(verify("GET", TARGET, new byte[0], asAlice)))
        .isEqualTo(RejectionReason.CLIENT_NOT_ALLOWED);
    // An unrestricted server token acts as the user it names.
    IssuedToken anyUser =
        service.create(
            f.admin, CreateTokenRequest.named("any user").kind(TokenKind.SERVER).build());
    Map<String, String> named =
        RequestSigner.of(anyUser.key(), anyUser.secret())
            .signRequest("GET", TARGET, null, "=alice.smith", f.clock.instant());
    assertThat(verify("GET", TARGET, new byte[0], named).principal().orElseThrow().actingUserId())
        .contains("alice");
    // A Token-User header the signature does not cover is refused.
    Map<String, String> smuggled = new LinkedHashMap<>(signed());
    smuggled.put("Token-User", "=alice.smith");
    assertThat(rejection(verify("PUT", TARGET, BODY, smuggled)))
        .isEqualTo(RejectionReason.MALFORMED);
    service.revoke(f.admin, bobOnly.id());
    assertThat(rejection(verify("PUT", TARGET, BODY, signed()))).isEqualTo(RejectionReason.REVOKED);
  }

  @Test
  void malformedOrIncompleteSignaturesAreRefusedBeforeAnyLookup() {
    Map<String, String> good = signed();
    int readsBefore = f.store.reads.get();
    String input = good.get("Signature-Input");
    String signature = good.get("Signature");
    List<Map<String, String>> bad =
        List.of(
            Map.of(),
            Map.of("Signature", signature),
            Map.of("Signature-Input", input),
            with(good, "Signature-Input", input.replace("tokenkit=", "other=")),
            with(good, "Signature-Input", input + ", second=(\"@method\");created=1"),
            with(good, "Signature", signature + ", second=:AAAA:"),
            with(good, "Signature-Input", input.replace(" \"content-digest\"", "")),
            with(good, "Signature-Input", input.replace(";nonce=", ";n=")),
            with(good, "Signature-Input", input.replace(";keyid=\"", ";keyid=\"x")),
            with(good, "Signature-Input", input.replace(";created=", ";created=\"") + "\""),
            with(good, "Signature-Input", input.replace("hmac-sha256", "rsa-v1_5-sha256")),
            with(good, "Signature-Input", input + ";extra=1"),
            with(
                good,
                "Signature-Input",
                input.replace("\"@method\"", "\"@query-param\";name=\"a\"")),
            with(good, "Signature-Input", input.replace("\"@method\"", "\"@method\" \"@method\"")),
            with(good, "Signature", "tokenkit=:not base64!:"),
            with(good, "Signature", "tokenkit=\"a string\""));
    for (Map<String, String> headers : bad) {
      assertThat(rejection(verify("PUT", TARGET, BODY, headers)))
          .as(headers.toString())
          .isEqualTo(RejectionReason.MALFORMED);
    }
    assertThat(f.store.reads.get()).isEqualTo(readsBefore);
    qt().withExamples(3000)
        .forAll(strings().allPossible().ofLengthBetween(0, 120))
        .checkAssert(
            junk -> {
              AuthResult r = verify("PUT", TARGET, BODY, with(good, "Signature-Input", junk));
              assertThat(r.isAuthenticated()).isFalse();
            });
    assertThatThrownBy(() -> signer.signRequest("P UT", TARGET, BODY, null, f.clock.instant()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> signer.signRequest("PUT", URI.create("/relative"), BODY, null, f.clock.instant()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.signRequest("PUT", TARGET, BODY, "bob", f.clock.instant()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> signer.signRequest("PUT", TARGET, BODY, null, f.clock.instant(), "short"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.signRequest("PUT", TARGET, BODY, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSharedReplayCacheRefusesANonceOnEveryNode() {
    TokenService nodeB =
        f.builder().keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1)).sharedReplayCache(true).build();
    TokenService nodeA =
        f.builder().keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1)).sharedReplayCache(true).build();
    HttpRequestParts request = request("PUT", TARGET, BODY, signed());
    assertThat(nodeA.signedRequests().verifyMessage(request, null).isAuthenticated()).isTrue();
    assertThat(rejection(nodeB.signedRequests().verifyMessage(request, null)))
        .isEqualTo(RejectionReason.REPLAYED);
    f.clock.advance(Duration.ofSeconds(1));
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return copy;
  }
}

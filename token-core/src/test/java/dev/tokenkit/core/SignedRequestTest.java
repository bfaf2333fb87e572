package dev.tokenkit.core;

import static dev.tokenkit.core.TokenLifecycleTest.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignedRequestTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.signingService();
  private final SignedRequestVerifier verifier = service.signedRequests();
  private final IssuedToken anyUser =
      service.create(f.admin, CreateTokenRequest.named("any user").kind(TokenKind.SERVER).build());
  private final IssuedToken bobOnly =
      service.create(
          f.admin,
          CreateTokenRequest.named("bob only")
              .kind(TokenKind.SERVER)
              .access(TokenAccess.fullAccess().withRestrictedUser("bob"))
              .build());

  private Instant now() {
    return f.clock.instant();
  }

  /** A second later than the last header: each header is accepted once. */
  private Instant nextSecond() {
    f.clock.advance(Duration.ofSeconds(1));
    return now();
  }

  private AuthResult verify(String header) {
    return verifier.verify(header, RequestContext.empty());
  }

  @Test
  void theHeaderIsTheDocumentedHmac() throws Exception {
    String header = RequestSigner.of(anyUser.key(), anyUser.secret()).sign("42", now());
    String payload = anyUser.key() + "_" + now().getEpochSecond() + "_42";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(anyUser.secret().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String expected =
        "tkn_"
            + payload
            + "_"
            + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    assertThat(header).isEqualTo(expected);
    assertThat(RequestSigner.of(anyUser.key(), anyUser.secret()).toString())
        .doesNotContain(anyUser.secret());
  }

  /** The per-thread Mac signs with each call's secret, whatever the call before used. */
  @Test
  void eachSignatureUsesItsOwnSecret() {
    qt().withExamples(300)
        .forAll(
            strings().ascii().ofLengthBetween(1, 80),
            strings().ascii().ofLengthBetween(1, 80),
            strings().ascii().ofLengthBetween(0, 200))
        .checkAssert(
            (first, second, payload) -> {
              for (String secret : new String[] {first, second, first}) {
                try {
                  Mac mac = Mac.getInstance("HmacSHA256");
                  mac.init(
                      new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
                  assertThat(SignedRequests.signature(secret, payload))
                      .isEqualTo(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
                } catch (java.security.GeneralSecurityException e) {
                  throw new AssertionError(e);
                }
              }
            });
  }

  @Test
  void anUnrestrictedServerTokenActsAsTheNamedUser() {
    f.users.put("42", Owner.active("42"));
    RequestSigner signer = RequestSigner.of(anyUser.key(), anyUser.secret());
    AuthResult byId = verify(signer.sign("42", now()));
    assertThat(byId.principal().orElseThrow().actingUserId()).contains("42");
    AuthResult byName = verify(signer.sign("=alice.smith", now()));
    assertThat(byName.principal().orElseThrow().actingUserId()).contains("alice");
    assertThat(rejection(verify(signer.sign("=nobody", now()))))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);
    f.users.put("42", Owner.inactive("42"));
    f.clock.advance(Duration.ofSeconds(1)); // a new header: the first was used already
    assertThat(rejection(verify(signer.sign("42", now()))))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);
  }

  @Test
  void aRestrictedServerTokenAcceptsOnlyItsUser() {
    RequestSigner signer = RequestSigner.of(bobOnly.key(), bobOnly.secret());
    assertThat(rejection(verify(signer.sign("=alice.smith", now()))))
        .isEqualTo(RejectionReason.CLIENT_NOT_ALLOWED);
    f.users.put("7", Owner.active("7"));
    assertThat(rejection(verify(signer.sign("7", now()))))
        .isEqualTo(RejectionReason.CLIENT_NOT_ALLOWED);
    IssuedToken numeric =
        service.create(
            f.admin,
            CreateTokenRequest.named("user 7 only")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("7"))
                .build());
    AuthResult ok = verify(RequestSigner.of(numeric.key(), numeric.secret()).sign("7", now()));
    assertThat(ok.principal().orElseThrow().actingUserId()).contains("7");
  }

  @Test
  void timestampsOutsideTheWindowAreStale() {
    f.users.put("1", Owner.active("1"));
    RequestSigner signer = RequestSigner.of(anyUser.key(), anyUser.secret());
    // The default window is 60 seconds either way.
    assertThat(verify(signer.sign("1", now().minusSeconds(60))).isAuthenticated()).isTrue();
    assertThat(verify(signer.sign("1", now().plusSeconds(60))).isAuthenticated()).isTrue();
    AuthResult old = verify(signer.sign("1", now().minusSeconds(61)));
    assertThat(rejection(old)).isEqualTo(RejectionReason.STALE_SIGNATURE);
    assertThat(old.httpStatus()).isEqualTo(401);
    assertThat(rejection(verify(signer.sign("1", now().plusSeconds(61)))))
        .isEqualTo(RejectionReason.STALE_SIGNATURE);
    // The header the security review replayed: dated +299 s, once accepted for ten minutes.
    assertThat(rejection(verify(signer.sign("1", now().plusSeconds(299)))))
        .isEqualTo(RejectionReason.STALE_SIGNATURE);
    SignedRequestVerifier strict =
        f.builder()
            .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
            .signatureWindow(Duration.ofSeconds(10))
            .build()
            .signedRequests();
    assertThat(rejection(strict.verify(signer.sign("1", now().minusSeconds(11)), null)))
        .isEqualTo(RejectionReason.STALE_SIGNATURE);
  }

  @Test
  void aSignedRequestIsAcceptedOnceWithinItsWindow() {
    f.users.put("1", Owner.active("1"));
    RequestSigner signer = RequestSigner.of(anyUser.key(), anyUser.secret());
    String header = signer.sign("1", now().plusSeconds(59));
    assertThat(verify(header).isAuthenticated()).isTrue();
    for (int i = 0; i < 1000; i++) {
      AuthResult replay = verify(header);
      assertThat(rejection(replay)).isEqualTo(RejectionReason.REPLAYED);
      assertThat(replay.httpStatus()).isEqualTo(401);
    }
    f.clock.advance(Duration.ofMinutes(2));
    assertThat(rejection(verify(header))).isEqualTo(RejectionReason.STALE_SIGNATURE);
    // Another second, another user: other headers.
    assertThat(verify(signer.sign("1", now())).isAuthenticated()).isTrue();
    f.users.put("2", Owner.active("2"));
    assertThat(verify(signer.sign("2", now())).isAuthenticated()).isTrue();
    assertThat(f.events)
        .filteredOn(e -> e.reason().orElse(null) == RejectionReason.REPLAYED)
        .hasSize(1000);
  }

  @Test
  void aSharedReplayCacheRefusesAHeaderOnEveryNode() {
    f.users.put("1", Owner.active("1"));
    TokenService nodeA =
        f.builder().keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1)).sharedReplayCache(true).build();
    TokenService nodeB =
        f.builder().keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1)).sharedReplayCache(true).build();
    String header = RequestSigner.of(anyUser.key(), anyUser.secret()).sign("1", now());
    assertThat(nodeA.signedRequests().verify(header, null).isAuthenticated()).isTrue();
    assertThat(rejection(nodeB.signedRequests().verify(header, null)))
        .isEqualTo(RejectionReason.REPLAYED);
    // Per node (the default), another node does not know it.
    assertThat(verify(header).isAuthenticated()).isTrue();
    assertThat(rejection(verify(header))).isEqualTo(RejectionReason.REPLAYED);
  }

  @Test
  void aFullPerNodeCacheRefusesRatherThanForgets() {
    f.users.put("1", Owner.active("1"));
    SignedRequestVerifier small =
        f.builder()
            .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
            .replayCacheSize(1_000)
            .build()
            .signedRequests();
    RequestSigner signer = RequestSigner.of(anyUser.key(), anyUser.secret());
    for (int i = 0; i < 1_000; i++) {
      f.users.put("u" + i, Owner.active("u" + i));
      assertThat(small.verify(signer.sign("=u" + i, now()), null)).isNotNull();
    }
    assertThat(rejection(small.verify(signer.sign("1", now()), null)))
        .isEqualTo(RejectionReason.UNAVAILABLE);
    // Once the window has passed, the entries are purged and room returns.
    f.clock.advance(Duration.ofSeconds(62));
    assertThat(small.verify(signer.sign("1", now()), null).isAuthenticated()).isTrue();
    assertThatThrownBy(() -> f.builder().replayCacheSize(999))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrongSignaturesKeysAndShapesAreRejected() {
    f.users.put("1", Owner.active("1"));
    String good = RequestSigner.of(anyUser.key(), anyUser.secret()).sign("1", now());
    String upper =
        good.substring(0, good.length() - 64)
            + good.substring(good.length() - 64).toUpperCase(Locale.ROOT);
    assertThat(verify(upper).isAuthenticated()).as("hex is case-insensitive").isTrue();
    // ... and changing its case does not make a used header new.
    assertThat(rejection(verify(good))).isEqualTo(RejectionReason.REPLAYED);
    String otherUser = good.replace("_1_", "_2_");
    assertThat(rejection(verify(otherUser))).isEqualTo(RejectionReason.BAD_SECRET);
    String wrongSecret = RequestSigner.of(anyUser.key(), "x".repeat(64)).sign("1", now());
    assertThat(rejection(verify(wrongSecret))).isEqualTo(RejectionReason.BAD_SECRET);
    String unknownKey = RequestSigner.of("000000000000", anyUser.secret()).sign("1", now());
    assertThat(rejection(verify(unknownKey))).isEqualTo(RejectionReason.UNKNOWN);
    IssuedToken api = service.create(f.admin, CreateTokenRequest.named("api").build());
    String apiKey = RequestSigner.of(api.key(), "y".repeat(64)).sign("1", now());
    assertThat(rejection(verify(apiKey))).isEqualTo(RejectionReason.UNKNOWN);

    String[] malformed = {
      null,
      "",
      "tkn_",
      good.substring(1),
      good + "0",
      good.substring(0, good.length() - 1),
      good.replace("tkn_", "TKN_"),
      good.replace("_" + now().getEpochSecond() + "_", "_-5_"),
      good.replace("_" + now().getEpochSecond() + "_", "__"),
      good.replace("_1_", "_=_"),
      good.replace("_1_", "_1a_"),
      good.replace("_1_", "_=ü_"),
      good.substring(0, good.length() - 2) + "zz",
      "tkn_" + "x".repeat(600),
      "Bearer " + good
    };
    for (String header : malformed) {
      assertThat(rejection(verify(header)))
          .as(String.valueOf(header))
          .isEqualTo(RejectionReason.MALFORMED);
    }
    qt().withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 200))
        .checkAssert(
            s -> assertThat(verifier.verify("tkn_" + s, null).isAuthenticated()).isFalse());
  }

  @Test
  void lifecycleOwnerAndBindingChecksApply() {
    f.users.put("1", Owner.active("1"));
    RequestSigner signer = RequestSigner.of(anyUser.key(), anyUser.secret());
    service.update(f.admin, anyUser.id(), TokenUpdate.builder().enabled(false).build());
    assertThat(rejection(verify(signer.sign("1", nextSecond()))))
        .isEqualTo(RejectionReason.DISABLED);
    service.update(f.admin, anyUser.id(), TokenUpdate.builder().enabled(true).build());
    service.update(
        f.admin,
        anyUser.id(),
        TokenUpdate.builder()
            .access(a -> a.withAllowedCidrs(java.util.List.of("10.0.0.0/8")))
            .build());
    assertThat(rejection(verify(signer.sign("1", nextSecond()))))
        .isEqualTo(RejectionReason.CLIENT_NOT_ALLOWED);
    assertThat(
            verifier
                .verify(
                    signer.sign("1", nextSecond()),
                    RequestContext.builder().clientAddress("10.0.0.1").build())
                .isAuthenticated())
        .isTrue();
    f.users.put("admin", Owner.inactive("admin"));
    assertThat(rejection(verify(signer.sign("1", nextSecond()))))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);
    f.users.put("admin", Owner.active("admin", "*:*"));
    service.revoke(f.admin, anyUser.id());
    assertThat(rejection(verify(signer.sign("1", nextSecond()))))
        .isEqualTo(RejectionReason.REVOKED);
  }

  @Test
  void signedRequestsNeedAKeyRingAndValidSignerInput() {
    assertThatThrownBy(() -> f.service().signedRequests())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KeyRing");
    assertThatThrownBy(() -> RequestSigner.of("short", anyUser.secret()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestSigner.of(anyUser.key(), "short"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestSigner.of(anyUser.key(), null))
        .isInstanceOf(IllegalArgumentException.class);
    RequestSigner signer = RequestSigner.of(anyUser.key(), anyUser.secret());
    for (String user : new String[] {null, "", "=", "abc", "1 2", "=a b", "=ü", "9".repeat(200)}) {
      assertThatThrownBy(() -> signer.sign(user, now()))
          .as(String.valueOf(user))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> signer.sign("1", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("1", Instant.EPOCH.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.builder().signatureWindow(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

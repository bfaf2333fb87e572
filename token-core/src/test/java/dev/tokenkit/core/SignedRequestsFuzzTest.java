package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.fuzz.FuzzInput;
import dev.tokenkit.store.spi.TokenKind;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes both signed-request forms: the {@code tkn_} header and HTTP message signatures (RFC 9421,
 * with their structured fields). Parses are total, and a changed header or signature never
 * verifies. Each input signs afresh a second later, so the replay checks (each header and nonce is
 * accepted once) never hide an acceptance.
 */
class SignedRequestsFuzzTest {

  private static final Fixtures FIXTURES = new Fixtures();
  private static final TokenService SERVICE = FIXTURES.signingService();
  private static final IssuedToken SERVER =
      SERVICE.create(
          FIXTURES.admin, CreateTokenRequest.named("signer").kind(TokenKind.SERVER).build());
  private static final RequestSigner SIGNER = RequestSigner.of(SERVER.key(), SERVER.secret());
  private static final URI TARGET = URI.create("https://api.example.com/v1/pages?id=7");
  private static final byte[] BODY =
      "{\"title\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void anyHeaderParsesTotallyIntoItsOwnParts(byte[] input) {
    String header = FuzzInput.text(input);
    SignedRequests.Parsed parsed = SignedRequests.parse(header);
    if (parsed != null) {
      assertThat(header).startsWith("tkn_" + parsed.payload + "_");
      assertThat(parsed.payload).startsWith(parsed.key.value() + "_");
      assertThat(parsed.payload).endsWith("_" + parsed.user);
      assertThat(SignedRequests.isValidUser(parsed.user)).isTrue();
      assertThat(parsed.signature).hasSize(32);
    }
    // Not made by the test's signer now: at most a header signed earlier (and already seen).
    assertThat(SERVICE.signedRequests().verify(header, null).isAuthenticated()).isFalse();
  }

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aChangedHeaderNeverVerifies(byte[] input) {
    String original = SIGNER.sign("=alice.smith", nextSecond());
    String header = FuzzInput.edit(original, input);
    assertThat(SERVICE.signedRequests().verify(header, null).isAuthenticated())
        .isEqualTo(sameHeader(original, header));
  }

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void anyStructuredFieldParsesTotally(byte[] input) {
    String text = FuzzInput.text(input);
    StructuredFields.dictionary(text); // null or members: never throws
  }

  /**
   * A message signature whose fields the fuzzer changes (which field by the input's first byte)
   * never verifies unless nothing that the signature covers changed.
   */
  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aChangedMessageSignatureNeverVerifies(byte[] input) {
    Map<String, String> signed = SIGNER.signRequest("POST", TARGET, BODY, null, nextSecond());
    String[] names = signed.keySet().stream().sorted().toArray(String[]::new);
    String changedName = input.length == 0 ? names[0] : names[(input[0] & 0xFF) % names.length];
    byte[] edits = input.length == 0 ? input : java.util.Arrays.copyOfRange(input, 1, input.length);
    String changed = FuzzInput.edit(signed.get(changedName), edits);
    HttpRequestParts.Builder request =
        HttpRequestParts.builder().method("POST").targetUri(TARGET).body(BODY);
    signed.forEach(
        (name, value) -> request.header(name, name.equals(changedName) ? changed : value));
    HttpRequestParts parts = request.build();
    MessageSignatures.parse(parts); // total
    boolean accepted = SERVICE.signedRequests().verifyMessage(parts, null).isAuthenticated();
    if (changed.equals(signed.get(changedName))) {
      assertThat(accepted).isTrue();
    } else if (accepted && !changed.strip().equals(signed.get(changedName))) {
      // Field values are compared without surrounding spaces (RFC 9421 §2.1), and structured
      // fields by what they hold (RFC 9421 §2.3 serializes them canonically): an unpadded byte
      // sequence (RFC 8941 §4.2.7) or an integer with a leading zero means the same. Nothing else
      // may change.
      assertThat(meaning(changed))
          .as("%s: %s", changedName, changed)
          .isNotNull()
          .isEqualTo(meaning(signed.get(changedName)));
    }
  }

  /** What a dictionary field holds, comparable with equals; null if it is not one. */
  private static java.util.List<java.util.List<Object>> meaning(String field) {
    java.util.List<StructuredFields.Member> members = StructuredFields.dictionary(field);
    if (members == null) {
      return null;
    }
    java.util.List<java.util.List<Object>> meaning = new java.util.ArrayList<>();
    for (StructuredFields.Member m : members) {
      Object item =
          m.item instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : m.item;
      meaning.add(java.util.Arrays.asList(m.key, m.innerList, item, m.params));
    }
    return meaning;
  }

  private static java.time.Instant nextSecond() {
    FIXTURES.clock.advance(java.time.Duration.ofSeconds(1));
    return FIXTURES.clock.instant();
  }

  private static boolean sameHeader(String original, String header) {
    // The signature's hex compares case-insensitively (documented); everything else exactly.
    int split = original.length() - 64;
    return header.length() == original.length()
        && header.regionMatches(0, original, 0, split)
        && header.regionMatches(true, split, original, split, 64);
  }
}

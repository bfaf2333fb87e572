package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.fuzz.FuzzInput;
import dev.tokenkit.store.spi.TokenKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the token format and bearer authentication: the parse is total and agrees with a reference
 * written from the format's documentation, and a changed token never authenticates. The timeout
 * only catches hangs (Jazzer passes it to the fuzzer per input).
 */
class TokenFormatFuzzTest {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final TokenFormat FORMAT = TokenFormat.defaults();
  private static final Fixtures FIXTURES = new Fixtures();
  private static final TokenService SERVICE = FIXTURES.signingService();
  private static final List<String> ISSUED =
      List.of(
          SERVICE.create(FIXTURES.admin, CreateTokenRequest.named("api").build()).token(),
          SERVICE
              .create(
                  FIXTURES.admin, CreateTokenRequest.named("server").kind(TokenKind.SERVER).build())
              .token());

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void anyStringIsRecognisedExactlyWhenTheReferenceSaysSo(byte[] input) {
    String candidate = FuzzInput.text(input);
    TokenKind expected = reference(candidate);
    assertThat(FORMAT.recognize(candidate)).isEqualTo(java.util.Optional.ofNullable(expected));
    assertThat(FORMAT.parse(candidate).isValid()).isEqualTo(expected != null);
  }

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aChangedTokenNeverAuthenticates(byte[] input) {
    String original = ISSUED.get(input.length % 2);
    String presented = FuzzInput.edit(original, input);
    AuthResult result = SERVICE.authenticate(presented, RequestContext.empty());
    assertThat(result.isAuthenticated()).isEqualTo(presented.equals(original));
    if (reference(presented) == null) {
      assertThat(((AuthResult.Rejected) result).reason()).isEqualTo(RejectionReason.MALFORMED);
    }
  }

  /** The kind by the documented rules, checked the slow way, or null if not a token. */
  private static TokenKind reference(String s) {
    for (TokenKind kind : TokenKind.values()) {
      String prefix = FORMAT.prefix(kind) + "_";
      int body = 12 + TokenFormat.secretLength(kind);
      if (s.length() != prefix.length() + body + 6
          || !s.startsWith(prefix)
          || !s.substring(prefix.length()).matches("[0-9A-Za-z]*")) {
        continue;
      }
      CRC32 crc = new CRC32();
      crc.update(
          (FORMAT.prefix(kind) + s.substring(prefix.length(), prefix.length() + body))
              .getBytes(StandardCharsets.US_ASCII));
      long written = 0;
      for (char c : s.substring(prefix.length() + body).toCharArray()) {
        written = written * 62 + BASE62.indexOf(c);
      }
      return written == crc.getValue() ? kind : null;
    }
    return null;
  }
}

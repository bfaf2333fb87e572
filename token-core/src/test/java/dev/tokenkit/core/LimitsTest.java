package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenKind;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The remaining documented limits, each tried at its last accepted value and the first refused one:
 * the service builder's windows and sizes, token prefixes, the {@code Authorization} header, leak
 * reports, expiry windows and how refusals quote what they refuse.
 */
class LimitsTest {

  private final Fixtures f = new Fixtures();

  @Test
  void theSignatureWindowRunsFromZeroToAnHour() {
    assertThat(f.builder().signatureWindow(Duration.ZERO)).isNotNull();
    assertThat(f.builder().signatureWindow(Duration.ofHours(1))).isNotNull();
    assertThatThrownBy(() -> f.builder().signatureWindow(Duration.ofHours(1).plusNanos(1)))
        .hasMessageContaining("signatureWindow must be 0 to 1 hour");
    assertThatThrownBy(() -> f.builder().signatureWindow(Duration.ofNanos(-1)))
        .hasMessageContaining("signatureWindow must be 0 to 1 hour");
  }

  @Test
  void theReplayCacheHoldsFrom1000To10MillionEntries() {
    assertThat(f.builder().replayCacheSize(1_000)).isNotNull();
    assertThat(f.builder().replayCacheSize(10_000_000)).isNotNull();
    for (int bad : new int[] {999, 10_000_001}) {
      assertThatThrownBy(() -> f.builder().replayCacheSize(bad))
          .hasMessageContaining("replayCacheSize must be 1000 to 10000000");
    }
  }

  @Test
  void prefixesHave2To10LowerCaseLettersOrDigits() {
    for (String prefix : new String[] {"az", "09", "z9a0", "abcdefghij"}) {
      assertThat(TokenFormat.builder().prefix(TokenKind.API, prefix)).as(prefix).isNotNull();
    }
    for (String prefix : new String[] {"a", "abcdefghijk", "a`", "a{", "a/", "a:", "aB", ""}) {
      assertThatThrownBy(() -> TokenFormat.builder().prefix(TokenKind.API, prefix))
          .as(prefix)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void anAuthorizationHeaderHasAtMost320CharactersOfVisibleAscii() {
    String token = "t".repeat(320 - "Bearer ".length());
    assertThat(BearerToken.fromAuthorizationHeader("Bearer " + token)).contains(token);
    assertThat(BearerToken.fromAuthorizationHeader("Bearer " + token + "t")).isEmpty();
    assertThat(BearerToken.fromAuthorizationHeader("Bearer !~")).contains("!~");
    assertThat(BearerToken.fromAuthorizationHeader("Bearer a")).contains("a");
    for (String bad :
        new String[] {"Bearer a\u007f", "Bearer a\u0080", "Bearer a\u0000", "Bearer  "}) {
      assertThat(BearerToken.fromAuthorizationHeader(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void aLeakReportNames1To1000CandidatesAndASourceOfUpTo2048Characters() {
    TokenService service = f.service();
    List<String> most = Collections.nCopies(1_000, "not a token");
    assertThat(service.reportLeaked(most, "s".repeat(2_048))).hasSize(1_000);
    assertThatThrownBy(() -> service.reportLeaked(Collections.nCopies(1_001, "x"), "src"))
        .hasMessageContaining("candidates must hold 1 to 1000");
    assertThatThrownBy(() -> service.reportLeaked(List.of("x"), "s".repeat(2_049)))
        .hasMessageContaining("source must be 1 to 2048 characters");
  }

  @Test
  void anExpiryWindowIsUpTo366Days() {
    assertThat(ExpiryNotices.requireWindow(Duration.ofDays(366))).isEqualTo(Duration.ofDays(366));
    assertThat(ExpiryNotices.requireWindow(Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
    assertThatThrownBy(() -> ExpiryNotices.requireWindow(Duration.ofDays(366).plusNanos(1)))
        .hasMessageContaining("within must be more than 0 and at most 366 days");
  }

  @Test
  void refusalsQuoteAtMost64CharactersWithAnythingButPrintableAsciiEscaped() {
    assertThat(Quoting.quote("x".repeat(64))).isEqualTo("\"" + "x".repeat(64) + "\"");
    assertThat(Quoting.quote("x".repeat(65))).isEqualTo("\"" + "x".repeat(64) + "...\"");
    assertThat(Quoting.quote(" ~")).isEqualTo("\" ~\"");
    assertThat(Quoting.quote("\u001f\u007f\"\\é"))
        .isEqualTo("\"\\u001f\\u007f\\u0022\\u005c\\u00e9\"");
  }
}

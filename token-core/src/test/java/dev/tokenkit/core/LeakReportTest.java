package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.tokenkit.store.spi.TokenKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Secret scanners' view of tokens: a published pattern per kind that finds every generated token
 * and no near miss, and {@link TokenService#reportLeaked}, which revokes what a report proves.
 */
class LeakReportTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.service();
  private final TokenFormat format = TokenFormat.defaults();

  @Test
  void thePublishedPatternsAreTheReadmes() {
    assertThat(format.pattern(TokenKind.API)).isEqualTo("\\btk_[0-9A-Za-z]{50}\\b");
    assertThat(format.pattern(TokenKind.SERVER)).isEqualTo("\\btks_[0-9A-Za-z]{82}\\b");
    assertThat(format.pattern(TokenKind.BROWSER)).isEqualTo("\\btkb_[0-9A-Za-z]{18}\\b");
    TokenFormat custom = TokenFormat.builder().prefix(TokenKind.API, "acme9key").build();
    assertThat(custom.pattern(TokenKind.API)).isEqualTo("\\bacme9key_[0-9A-Za-z]{50}\\b");
    assertThatThrownBy(() -> format.pattern(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachKindsPatternFindsEveryTokenOfThatKindInTextAndNoOther() {
    qt().forAll(TokenFormatTest.validTokens(format))
        .checkAssert(
            token -> {
              TokenKind kind = format.recognize(token).orElseThrow();
              String text = "config:\n  key = \"" + token + "\" # ours\n";
              for (TokenKind other : TokenKind.values()) {
                assertThat(Pattern.compile(format.pattern(other)).matcher(text).find())
                    .as(other + " pattern on a " + kind + " token")
                    .isEqualTo(other == kind);
              }
            });
  }

  @Test
  void nearMissesFailThePatternOrTheChecksum() {
    qt().withExamples(3000)
        .forAll(
            TokenFormatTest.validTokens(format),
            Generate.pick(List.of("checksum", "shorter", "longer", "prefix", "character")),
            integers().between(0, 1000))
        .checkAssert(
            (token, miss, at) -> {
              TokenKind kind = format.recognize(token).orElseThrow();
              String changed = nearMiss(token, miss, at);
              boolean matchesPattern = changed.matches(format.pattern(kind).replace("\\b", ""));
              assertThat(matchesPattern && format.recognize(changed).isPresent())
                  .as(miss + ": " + changed)
                  .isFalse();
              if (!miss.equals("checksum") && !miss.equals("character")) {
                assertThat(matchesPattern).as("the pattern alone refuses " + miss).isFalse();
              }
            });
  }

  private static String nearMiss(String token, String miss, int at) {
    int underscore = token.indexOf('_');
    return switch (miss) {
      case "checksum" -> {
        char last = token.charAt(token.length() - 1);
        yield token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
      }
      case "shorter" -> token.substring(0, token.length() - 1);
      case "longer" -> token + "A";
      case "prefix" -> "tz" + token.substring(token.indexOf('_'));
      default -> {
        int i = underscore + 1 + at % (token.length() - underscore - 1);
        char c = token.charAt(i);
        yield token.substring(0, i) + (c == 'x' ? 'y' : 'x') + token.substring(i + 1);
      }
    };
  }

  @Test
  void aLeakedLiveTokenIsRevokedOnceAndTheReportSaysNoMoreThanItMust() {
    IssuedToken live = service.create(f.admin, CreateTokenRequest.named("ci").build());
    IssuedToken other = service.create(f.admin, CreateTokenRequest.named("other").build());
    String wrongSecret = withSecret(live.token(), "B".repeat(32));
    String unknownId = withId(live.token(), "000000000000");
    List<LeakOutcome> outcomes =
        service.reportLeaked(
            Arrays.asList(
                live.token(), wrongSecret, unknownId, "tk_nonsense", null, "", live.token()),
            "https://example.com/repo/blob/main/.env");
    assertThat(outcomes)
        .containsExactly(
            LeakOutcome.REVOKED,
            LeakOutcome.NOT_OURS, // a real id with a wrong secret answers as an unknown id
            LeakOutcome.NOT_OURS,
            LeakOutcome.NOT_OURS,
            LeakOutcome.NOT_OURS,
            LeakOutcome.NOT_OURS,
            LeakOutcome.ALREADY_REVOKED);
    assertThat(TokenLifecycleTest.rejection(service.authenticate(live.token(), null)))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(service.authenticate(other.token(), null).isAuthenticated()).isTrue();
    List<AuditEvent> leaked =
        f.events.stream().filter(e -> e.type() == AuditEvent.Type.LEAKED).toList();
    assertThat(leaked).hasSize(1);
    assertThat(leaked.get(0).tokenId()).contains(live.record().id());
    assertThat(leaked.get(0).changes())
        .containsExactly(
            AuditEvent.Change.of("source", null, "https://example.com/repo/blob/main/.env"));
    assertThat(leaked.get(0).toString()).doesNotContain(live.token());
  }

  @Test
  void anOldSecretStillInItsGracePeriodTakesTheWholeTokenWithIt() {
    IssuedToken first = service.create(f.admin, CreateTokenRequest.named("rotated").build());
    IssuedToken second = service.regenerate(f.admin, first.record().id(), Duration.ofHours(1));
    assertThat(service.reportLeaked(List.of(first.token()), "paste site"))
        .containsExactly(LeakOutcome.REVOKED);
    assertThat(service.authenticate(second.token(), null).isAuthenticated()).isFalse();
    // Past its grace period an old secret opens nothing and proves nothing.
    IssuedToken third = service.create(f.admin, CreateTokenRequest.named("later").build());
    IssuedToken fourth = service.regenerate(f.admin, third.record().id(), Duration.ofMinutes(5));
    f.clock.advance(Duration.ofMinutes(6));
    assertThat(service.reportLeaked(List.of(third.token()), "paste site"))
        .containsExactly(LeakOutcome.NOT_OURS);
    assertThat(service.authenticate(fourth.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void browserTokensArePublicByDesignAndStayValid() {
    IssuedToken widget =
        service.create(
            f.admin,
            CreateTokenRequest.named("widget")
                .kind(TokenKind.BROWSER)
                .access(
                    dev.tokenkit.store.spi.TokenAccess.fullAccess()
                        .withAllowedOrigins(List.of("docs.example.com")))
                .build());
    assertThat(service.reportLeaked(List.of(widget.token()), "https://docs.example.com/"))
        .containsExactly(LeakOutcome.NOT_SECRET);
    assertThat(service.get(f.admin, widget.record().id()).orElseThrow().revokedAt()).isEmpty();
  }

  @Test
  void reportsOutOfBoundsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> service.reportLeaked(null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("candidates");
    assertThatThrownBy(() -> service.reportLeaked(List.of(), "x"))
        .hasMessageStartingWith("candidates");
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= 1000; i++) {
      tooMany.add("tk_" + i);
    }
    assertThatThrownBy(() -> service.reportLeaked(tooMany, "x"))
        .hasMessageStartingWith("candidates");
    for (String source : Arrays.asList(null, "", "  ", "x".repeat(2049))) {
      assertThatThrownBy(() -> service.reportLeaked(List.of("tk_x"), source))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("source");
    }
    assertThat(service.reportLeaked(List.of("tk_\u00e9\u0000" + "x".repeat(300)), "ünïcode"))
        .containsExactly(LeakOutcome.NOT_OURS);
  }

  private String withSecret(String token, String secret) {
    TokenFormat.Parsed parsed = format.parse(token);
    return format.format(parsed.kind(), parsed.id(), secret);
  }

  private String withId(String token, String id) {
    TokenFormat.Parsed parsed = format.parse(token);
    return format.format(parsed.kind(), dev.tokenkit.store.spi.TokenId.of(id), parsed.secret());
  }
}

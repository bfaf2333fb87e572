package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

  @Test
  void extractsTheCredentialInAnyCaseWithSurroundingWhitespace() {
    assertThat(BearerToken.fromAuthorizationHeader("Bearer abc")).contains("abc");
    assertThat(BearerToken.fromAuthorizationHeader("bearer abc")).contains("abc");
    assertThat(BearerToken.fromAuthorizationHeader("BEARER abc")).contains("abc");
    assertThat(BearerToken.fromAuthorizationHeader("  Bearer \t  abc  \t")).contains("abc");
    assertThat(BearerToken.fromAuthorizationHeader("Bearer tk_a.b-c~d+e/f="))
        .contains("tk_a.b-c~d+e/f=");
  }

  @Test
  void anythingElseIsEmpty() {
    String[] bad = {
      null,
      "",
      " ",
      "Bearer",
      "Bearer ",
      "Bearer    ",
      "Basic abc",
      "Bearerabc",
      "Token abc",
      "Bearer abc def",
      "Bearer abc,Bearer def",
      "Bearer abc, def",
      "Bearer ab\u0000c",
      "Bearer äbc",
      "Bearer abc\n",
      "Bearer " + "x".repeat(10_000),
      "Bearer\nabc",
      "abc",
      "Bearer\u00a0abc"
    };
    for (String header : bad) {
      assertThat(BearerToken.fromAuthorizationHeader(header)).as(String.valueOf(header)).isEmpty();
    }
  }

  @Test
  void neverThrows() {
    qt().withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 400))
        .checkAssert(
            s -> {
              assertThat(BearerToken.fromAuthorizationHeader(s)).isNotNull();
              assertThat(BearerToken.fromAuthorizationHeader("Bearer " + s)).isNotNull();
            });
  }
}

package dev.tokenkit.store.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** TokenId keeps ids packed in two longs; it must behave exactly like the id string. */
class TokenIdTest {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static Gen<String> ids() {
    return SourceDSL.lists()
        .of(SourceDSL.integers().between(0, 61))
        .ofSize(TokenId.LENGTH)
        .map(
            ranks -> {
              StringBuilder id = new StringBuilder();
              ranks.forEach(r -> id.append(BASE62.charAt(r)));
              return id.toString();
            });
  }

  @Test
  void valueRoundTripsAndOrderEqualityFollowTheString() {
    qt().forAll(ids(), ids())
        .checkAssert(
            (a, b) -> {
              TokenId x = TokenId.of(a);
              TokenId y = TokenId.of(b);
              assertThat(x.value()).isEqualTo(a);
              assertThat(x.toString()).isEqualTo(a);
              assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Integer.signum(a.compareTo(b)));
              assertThat(x.equals(y)).isEqualTo(a.equals(b));
              assertThat(x).isEqualTo(TokenId.of(a)).hasSameHashCodeAs(TokenId.of(a));
              assertThat(TokenId.parse("tk_" + a + "rest", 3)).isEqualTo(x);
            });
  }

  @Test
  void extremesAndNeighbours() {
    TokenId lowest = TokenId.of("000000000000");
    TokenId highest = TokenId.of("zzzzzzzzzzzz");
    assertThat(lowest.compareTo(highest)).isNegative();
    assertThat(highest.value()).isEqualTo("zzzzzzzzzzzz");
    // Differences only in the last character, and only in the first, both count.
    assertThat(TokenId.of("00000000000A")).isNotEqualTo(TokenId.of("00000000000B"));
    assertThat(TokenId.of("A00000000000")).isNotEqualTo(TokenId.of("B00000000000"));
    assertThat(TokenId.of("Z00000000000").compareTo(TokenId.of("a00000000000"))).isNegative();
    assertThat(TokenId.of("9zzzzzzzzzzz").compareTo(TokenId.of("A00000000000"))).isNegative();
  }

  @Test
  void badInputIsRefused() {
    for (String bad :
        new String[] {
          "", "short", "0000000000000", "00000000000_", "00000000000é", "0000 0000000"
        }) {
      assertThat(TokenId.isValid(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> TokenId.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> TokenId.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenId.parse(null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenId.parse("tk_000000000", 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenId.parse("000000000000", -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenId.parse("0000000000-0", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

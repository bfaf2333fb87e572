package dev.tokenkit.store.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TokenAccessTest {

  @Test
  void startsFromTheThreeModes() {
    assertThat(TokenAccess.fullAccess().mode()).isEqualTo(AccessMode.FULL_ACCESS);
    assertThat(TokenAccess.readOnly().mode()).isEqualTo(AccessMode.READ_ONLY);
    TokenAccess custom = TokenAccess.custom("pages:write", "pages:read", "pages:read");
    assertThat(custom.mode()).isEqualTo(AccessMode.CUSTOM);
    assertThat(custom.scopes()).containsExactly("pages:read", "pages:write");
    for (TokenAccess a :
        List.of(TokenAccess.fullAccess(), TokenAccess.readOnly(), TokenAccess.custom("x"))) {
      assertThat(a.rootNodes()).isEmpty();
      assertThat(a.allowedOrigins()).isEmpty();
      assertThat(a.allowedCidrs()).isEmpty();
      assertThat(a.restrictedUser()).isEmpty();
    }
  }

  @Test
  void scopesMustFitTheMode() {
    assertThatThrownBy(() -> TokenAccess.custom())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scopes must not be empty for CUSTOM access");
    assertThatThrownBy(() -> TokenAccess.custom((String[]) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scopes must not be null");
    assertThatThrownBy(() -> TokenAccess.custom("a", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scopes must not contain null");
    assertThatThrownBy(() -> TokenAccess.fullAccess().withMode(AccessMode.READ_ONLY, Set.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scopes are only allowed with CUSTOM access");
    assertThatThrownBy(() -> TokenAccess.fullAccess().withMode(AccessMode.CUSTOM, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scopes must not be empty for CUSTOM access");
    assertThatThrownBy(() -> TokenAccess.fullAccess().withMode(null, Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("access mode must not be null");
    assertThatThrownBy(() -> TokenAccess.fullAccess().withMode(AccessMode.FULL_ACCESS, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scopes must not be null");
    assertThat(TokenAccess.custom("a").withMode(AccessMode.READ_ONLY, Set.of()))
        .isSameAs(TokenAccess.readOnly());
  }

  @Test
  void everyCollectionRefusesNullAndNullElementsNamingTheField() {
    List<String> withNull = Arrays.asList("a", null);
    TokenAccess a = TokenAccess.fullAccess();
    assertThatThrownBy(() -> a.withRootNodes(null)).hasMessage("rootNodes must not be null");
    assertThatThrownBy(() -> a.withRootNodes(withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rootNodes must not contain null");
    assertThatThrownBy(() -> a.withAllowedOrigins(null))
        .hasMessage("allowedOrigins must not be null");
    assertThatThrownBy(() -> a.withAllowedOrigins(withNull))
        .hasMessage("allowedOrigins must not contain null");
    assertThatThrownBy(() -> a.withAllowedCidrs(null)).hasMessage("allowedCidrs must not be null");
    assertThatThrownBy(() -> a.withAllowedCidrs(withNull))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("allowedCidrs must not contain null");
  }

  @Test
  void valuesAreImmutableCopies() {
    List<String> roots = new ArrayList<>(List.of("b", "a"));
    TokenAccess a = TokenAccess.readOnly().withRootNodes(roots);
    roots.add("c");
    assertThat(a.rootNodes()).containsExactly("a", "b");
    assertThatThrownBy(() -> a.rootNodes().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> a.scopes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> TokenAccess.custom("s").scopes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    TokenAccess narrowed = a.withAllowedCidrs(List.of("10.0.0.0/8"));
    assertThat(a.allowedCidrs()).isEmpty();
    assertThat(narrowed.allowedCidrs()).containsExactly("10.0.0.0/8");
    assertThat(narrowed.rootNodes()).containsExactly("a", "b");
  }

  @Test
  void unrestrictedFullAndReadOnlyAccessAreOneSharedValue() {
    TokenAccess full = TokenAccess.fullAccess();
    assertThat(full.withRootNodes(List.of("n")).withRootNodes(List.of())).isSameAs(full);
    assertThat(full.withRestrictedUser("bob").withRestrictedUser(null)).isSameAs(full);
    assertThat(TokenAccess.custom("a").withMode(AccessMode.FULL_ACCESS, List.of())).isSameAs(full);
    assertThat(full.withAllowedOrigins(List.of("x.example"))).isNotSameAs(full);
  }

  @Test
  void equalSettingsAreEqualValues() {
    qt().forAll(
            lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 5)).ofSizeBetween(0, 4),
            lists().of(strings().allPossible().ofLengthBetween(0, 5)).ofSizeBetween(0, 4))
        .checkAssert(
            (roots, origins) -> {
              List<String> reversed = new ArrayList<>(roots);
              java.util.Collections.reverse(reversed);
              TokenAccess one =
                  TokenAccess.readOnly().withRootNodes(roots).withAllowedOrigins(origins);
              TokenAccess two =
                  TokenAccess.readOnly().withAllowedOrigins(origins).withRootNodes(reversed);
              assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
              assertThat(one.rootNodes()).containsExactlyElementsOf(new TreeSet<>(roots));
            });
    assertThat(TokenAccess.custom("a")).isNotEqualTo(TokenAccess.custom("b"));
    assertThat(TokenAccess.fullAccess().withRestrictedUser("u"))
        .isNotEqualTo(TokenAccess.fullAccess().withRestrictedUser("v"))
        .isNotEqualTo(TokenAccess.fullAccess());
  }

  @Test
  void nonAsciiAndHugeValuesAreKeptVerbatimForTheServiceToJudge() {
    String huge = "n".repeat(100_000);
    TokenAccess a =
        TokenAccess.fullAccess().withRootNodes(List.of("ノード", huge)).withRestrictedUser("usér");
    assertThat(a.rootNodes()).contains("ノード", huge);
    assertThat(a.restrictedUser()).contains("usér");
    assertThat(a.toString()).startsWith("FULL_ACCESS, roots=").contains("restrictedUser=usér");
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class PermissionTest {

  @Test
  void parsesConcreteAndWildcardPermissions() {
    Permission p = Permission.parse("content:read");
    assertThat(p.resource()).isEqualTo("content");
    assertThat(p.action()).isEqualTo("read");
    assertThat(p.isWildcard()).isFalse();
    assertThat(Permission.parse("content:*").isWildcard()).isTrue();
    assertThat(Permission.parse("*:read").covers(p)).isTrue();
    assertThat(Permission.parse("*:*").covers(p)).isTrue();
    assertThat(Permission.parse("content:*").covers(Permission.parse("blog:read"))).isFalse();
    assertThat(Permission.parse("a.b_c-9:x.y")).hasToString("a.b_c-9:x.y");
    assertThat(Permission.of("content", "read")).isEqualTo(p);
  }

  @Test
  void malformedPermissionsAreRefusedWithTheRule() {
    String[] bad = {
      null,
      "",
      ":",
      "content",
      "content:",
      ":read",
      "Content:read",
      "content:Read",
      "con tent:read",
      "content:read:extra",
      "_content:read",
      "content:-read",
      "c*:read",
      "content:re*",
      "ç:read",
      "content:read\n",
      "x".repeat(120) + ":" + "y".repeat(10),
      "content/read"
    };
    for (String text : bad) {
      assertThatThrownBy(() -> Permission.parse(text))
          .as(String.valueOf(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("permission");
    }
    assertThatThrownBy(() -> Permission.of("content", "*"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Permission.of(null, "read"))
        .isInstanceOf(IllegalArgumentException.class);
    qt().forAll(strings().allPossible().ofLengthBetween(0, 140))
        .checkAssert(
            s -> {
              try {
                Permission.parse(s);
                assertThat(s).matches("(\\*|[a-z0-9][a-z0-9._-]*):(\\*|[a-z0-9][a-z0-9._-]*)");
              } catch (IllegalArgumentException expected) {
                // a typed rejection is fine; anything else fails the test
              }
            });
  }

  @Test
  void catalogRefusesDuplicatesAndWildcards() {
    assertThatThrownBy(
            () -> PermissionCatalog.builder().read("content", "read").write("content", "read"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declared twice");
    assertThatThrownBy(() -> PermissionCatalog.builder().read("content", "*"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PermissionCatalog.builder().read("content"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Wildcard expansion agrees with a naive matcher on random catalogs and patterns. */
  @Test
  void wildcardExpansionAgreesWithANaiveMatcher() {
    Gen<String> names = Generate.pick(List.of("a", "b", "c", "content", "blog"));
    Gen<String> actions = Generate.pick(List.of("read", "write", "list", "delete"));
    Gen<List<String>> catalogs =
        lists().of(names.zip(actions, (r, a) -> r + ":" + a)).ofSizeBetween(1, 12);
    Gen<String> patterns =
        Generate.pick(List.of("a", "b", "c", "content", "blog", "*"))
            .zip(
                Generate.pick(List.of("read", "write", "list", "delete", "*")),
                (r, a) -> r + ":" + a);
    qt().forAll(catalogs, patterns, integers().between(0, 1))
        .checkAssert(
            (declared, pattern, readsFirst) -> {
              PermissionCatalog.Builder b = PermissionCatalog.builder();
              Set<String> unique = new LinkedHashSet<>(declared);
              int i = 0;
              for (String d : unique) {
                String[] parts = d.split(":", -1);
                if ((i++ + readsFirst) % 2 == 0) {
                  b.read(parts[0], parts[1]);
                } else {
                  b.write(parts[0], parts[1]);
                }
              }
              PermissionCatalog catalog = b.build();
              List<String> naive = new ArrayList<>();
              String[] pp = pattern.split(":", -1);
              for (String d : unique) {
                String[] dp = d.split(":", -1);
                if ((pp[0].equals("*") || pp[0].equals(dp[0]))
                    && (pp[1].equals("*") || pp[1].equals(dp[1]))) {
                  naive.add(d);
                }
              }
              List<String> expanded = new ArrayList<>();
              catalog.expand(Permission.parse(pattern)).forEach(p -> expanded.add(p.toString()));
              assertThat(expanded).containsExactlyElementsOf(naive);
            });
  }
}

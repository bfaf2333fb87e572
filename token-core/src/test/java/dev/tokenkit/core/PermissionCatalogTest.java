package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.AccessMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What each access mode and scope pattern expands to against a catalog declared out of order, and
 * the permission grammar at the ends of its character classes and length.
 */
class PermissionCatalogTest {

  private final PermissionCatalog catalog =
      PermissionCatalog.builder()
          .write("pages", "write")
          .read("pages", "read")
          .publicRead("blog", "read")
          .write("blog", "delete")
          .build();
  private final PermissionModel model = PermissionModel.builder().catalog(catalog).build();

  @Test
  void readOnlyMeansEveryDeclaredReadAndNothingElse() {
    assertThat(model.scopeOf(AccessMode.READ_ONLY, List.of()))
        .containsExactly("blog:read", "pages:read");
    assertThat(model.scopeOf(AccessMode.FULL_ACCESS, List.of()))
        .containsExactly("blog:delete", "blog:read", "pages:read", "pages:write");
    assertThat(model.browserScope()).containsExactly("blog:read");
    assertThat(catalog.isRead(Permission.parse("pages:read"))).isTrue();
    assertThat(catalog.isRead(Permission.parse("blog:read"))).isTrue();
    assertThat(catalog.isRead(Permission.parse("pages:write"))).isFalse();
    assertThat(catalog.isRead(Permission.parse("pages:other"))).isFalse();
  }

  @Test
  void wildcardScopesExpandToWhatTheyCoverInSortedOrder() {
    assertThat(model.scopeOf(AccessMode.CUSTOM, List.of("pages:*")))
        .containsExactly("pages:read", "pages:write");
    assertThat(model.scopeOf(AccessMode.CUSTOM, List.of("*:read")))
        .containsExactly("blog:read", "pages:read");
    assertThat(model.scopeOf(AccessMode.CUSTOM, List.of("blog:delete", "pages:write")))
        .containsExactly("blog:delete", "pages:write");
    assertThatThrownBy(() -> model.scopeOf(AccessMode.CUSTOM, List.of("other:*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other:*");
    assertThat(catalog.permissions())
        .extracting(Permission::toString)
        .containsExactly("pages:write", "pages:read", "blog:read", "blog:delete");
    assertThat(catalog)
        .hasToString("PermissionCatalog[pages:write, pages:read, blog:read, blog:delete]");
    assertThat(model).hasToString("PermissionModel[4 permissions, tree=false]");
    assertThat(
            PermissionModel.builder().catalog(catalog).resourceTree(new MapResourceTree()).build())
        .hasToString("PermissionModel[4 permissions, tree=true]");
  }

  @Test
  void permissionsAreLowerCaseAsciiOfUpTo128Characters() {
    String longest = "r".repeat(64) + ":" + "a".repeat(63);
    assertThat(Permission.parse(longest).toString()).hasSize(128);
    assertThatThrownBy(() -> Permission.parse(longest + "a"))
        .hasMessageContaining("permission must be 1 to 128 characters");
    assertThat(Permission.parse("az09:za90._-").resource()).isEqualTo("az09");
    assertThat(Permission.parse("0:9").action()).isEqualTo("9");
    for (String bad :
        new String[] {"a`:b", "a{:b", "a/:b", "a:b@", "A:b", "-a:b", "a:.b", "a:b:c"}) {
      assertThatThrownBy(() -> Permission.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Permission.parse(":read"))
        .hasMessageContaining("permission parts must be '*' or [a-z0-9][a-z0-9._-]*");
    assertThatThrownBy(() -> Permission.parse("read")).hasMessageContaining("exactly one ':'");
    assertThat(Permission.parse("a:b"))
        .isEqualTo(Permission.of("a", "b"))
        .isNotEqualTo(Permission.parse("a:c"));
    assertThat(Set.of(Permission.parse("a:b"), Permission.parse("a:c"))).hasSize(2);
  }
}

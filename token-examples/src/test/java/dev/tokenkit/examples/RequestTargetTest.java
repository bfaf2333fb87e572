package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The application's own check of the request target. (Tomcat answers most of these itself before
 * any filter runs; the check keeps the rule on any server, see RobustnessTest.)
 */
class RequestTargetTest {

  @Test
  void malformedPathsAndQueriesAreRefused() {
    for (String raw :
        new String[] {"/a%zz", "/a%", "/a%2", "/a\\\\b", "/d\u00f6cs", "/a b", "/a\tb"}) {
      assertThat(RequestTarget.wellFormed(raw)).as(raw).isFalse();
    }
    for (String raw : new String[] {"/", "/docs/guide", "/a%20b", "/a%2Fb", "q=1&r=%C3%A4", ""}) {
      assertThat(RequestTarget.wellFormed(raw)).as(raw).isTrue();
    }
    assertThat(RequestTarget.wellFormed(null)).isTrue();
    assertThatThrownBy(() -> RequestTarget.check(URI.create("/content/d%C3%B6cs?q=\u00e4")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("malformed");
  }
}

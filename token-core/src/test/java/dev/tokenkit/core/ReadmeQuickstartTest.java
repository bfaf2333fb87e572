package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.store.memory.MemoryTokenStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README quickstart, verbatim, run as a test; a second test keeps the two texts equal. */
class ReadmeQuickstartTest {

  private static final String BEGIN = "// README-QUICKSTART-BEGIN";
  private static final String END = "// README-QUICKSTART-END";

  @Test
  void quickstartRuns() {
    byte[] pepper = new byte[32];
    new SecureRandom().nextBytes(pepper);
    int status;
    TokenPrincipal principal = null;
    String wwwAuthenticate = null;
    String body = null;

    // README-QUICKSTART-BEGIN
    TokenService tokens =
        TokenService.builder()
            .store(MemoryTokenStore.create())
            .pepperRing(PepperRing.of(1, pepper)) // >= 32 random bytes, kept outside the database
            .owners(userId -> Optional.of(Owner.active(userId))) // your user directory
            .build();

    // An admin creates a token (by default owned by the admin). Show issued.token() once.
    Actor alice = Actor.of("alice", EnumSet.allOf(AdminPermission.class), Set.of());
    IssuedToken issued =
        tokens.create(
            alice, CreateTokenRequest.named("CI deploy").lifetime(Lifetime.NINETY_DAYS).build());
    String shownOnce = issued.token();

    // Every request: authenticate the Authorization header and map the result to HTTP.
    String header = "Bearer " + shownOnce;
    AuthResult result =
        tokens.authenticate(
            BearerToken.fromAuthorizationHeader(header).orElse(null), RequestContext.empty());
    status = result.httpStatus(); // 200, or 401 / 403 / 503 when rejected
    if (result instanceof AuthResult.Rejected rejected) {
      wwwAuthenticate = rejected.wwwAuthenticate().orElse(null); // RFC 6750 challenge
      body = rejected.message(); // "invalid token", never which check failed
    } else {
      principal = result.principal().orElseThrow(); // token id, owner, kind
    }

    // On your scheduler, e.g. every minute: write lastUsedAt for all used tokens in one batch.
    tokens.usage().flush();
    // README-QUICKSTART-END

    assertThat(status).isEqualTo(200);
    assertThat(wwwAuthenticate).isNull();
    assertThat(body).isNull();
    assertThat(principal.tokenId()).isEqualTo(issued.id());
    assertThat(principal.ownerId()).contains("alice");
    assertThat(tokens.get(alice, issued.id()).orElseThrow().lastUsedAt()).isPresent();

    AuthResult wrong =
        tokens.authenticate(
            BearerToken.fromAuthorizationHeader("Bearer " + shownOnce.replace('_', '-'))
                .orElse(null),
            RequestContext.empty());
    assertThat(wrong.httpStatus()).isEqualTo(401);
  }

  @Test
  void readmeShowsTheQuickstartVerbatim() throws IOException {
    Path moduleDir = Path.of("").toAbsolutePath();
    Path readme = moduleDir.getParent().resolve("README.md");
    Path source = moduleDir.resolve("src/test/java/dev/tokenkit/core/ReadmeQuickstartTest.java");

    List<String> testLines = Files.readAllLines(source, StandardCharsets.UTF_8);
    List<String> snippet =
        testLines.subList(indexOf(testLines, BEGIN) + 1, indexOf(testLines, END));

    List<String> readmeLines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    int marker = indexOf(readmeLines, "<!-- quickstart");
    int open = marker + 1;
    assertThat(readmeLines.get(open)).isEqualTo("```java");
    int close = open + 1;
    while (!readmeLines.get(close).equals("```")) {
      close++;
    }
    List<String> shown = readmeLines.subList(open + 1, close);

    // The test declares `status`, `principal`, `wwwAuthenticate` and `body` above the snippet so it
    // can
    // assert on them; the README declares them inline.
    assertThat(normalize(shown)).isEqualTo(normalize(snippet));
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("marker not found: " + prefix);
  }

  private static String normalize(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .map(
            l ->
                l.replaceFirst(
                    "^(\\s*)(int |TokenPrincipal |String )(status|principal|wwwAuthenticate|body) =",
                    "$1$3 ="))
        .collect(Collectors.joining("\n"));
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples, verbatim, run as tests; {@link #readmeShowsTheExamplesVerbatim} keeps
 * the README text and these sources equal. A block in the test between {@code // README:name BEGIN}
 * and {@code // README:name END} must equal the README block that follows {@code <!-- example:name
 * -->}.
 */
class ReadmeQuickstartTest {

  @Test
  void quickstartRuns() {
    byte[] pepper = new byte[32];
    new SecureRandom().nextBytes(pepper);
    int status;
    TokenPrincipal principal = null;
    String wwwAuthenticate = null;
    String body = null;

    // README:quickstart BEGIN
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
    // README:quickstart END

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
  void tokenKindsAndAccessRun() {
    byte[] pepper = new byte[32];
    new SecureRandom().nextBytes(pepper);
    Map<String, Owner> users =
        Map.of(
            "alice", Owner.active("alice", "content:*"),
            "bob", Owner.active("bob", "content:read", "content:write"));
    ResourceTree tree = MapResourceTree.contentSite();
    String remoteIp = "192.0.2.10";
    String originHeader = null;

    // README:access BEGIN
    PermissionCatalog catalog =
        PermissionCatalog.builder()
            .read("content", "read")
            .publicRead("content", "view")
            .write("content", "write", "delete")
            .build();
    TokenService tokens =
        TokenService.builder()
            .store(MemoryTokenStore.create())
            .pepperRing(PepperRing.of(1, pepper))
            .owners(userId -> Optional.ofNullable(users.get(userId)))
            .permissionModel(PermissionModel.builder().catalog(catalog).resourceTree(tree).build())
            .build();
    Actor alice = Actor.of("alice", EnumSet.allOf(AdminPermission.class), Set.of("content:*"));

    // API token: a read-only bearer token limited to the /docs subtree.
    IssuedToken api =
        tokens.create(
            alice,
            CreateTokenRequest.named("docs reader")
                .access(TokenAccess.readOnly().withRootNodes(List.of("/docs")))
                .build());

    // Server token: a public key and a secret, always acting as one user.
    IssuedToken server =
        tokens.create(
            alice,
            CreateTokenRequest.named("sync job")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.custom("content:*").withRestrictedUser("bob"))
                .build());
    String key = server.key(); // public, always visible
    String secret = server.secret(); // shown once

    // Browser token: a public key for pages on your domains; public reads only.
    IssuedToken widget =
        tokens.create(
            alice,
            CreateTokenRequest.named("site widget")
                .kind(TokenKind.BROWSER)
                .access(
                    TokenAccess.readOnly()
                        .withAllowedOrigins(List.of("example.com, *.example.com")))
                .build());

    // On each request: authenticate, then authorize the permission on the resource.
    AuthResult result =
        tokens.authenticate(
            api.token(),
            RequestContext.builder().clientAddress(remoteIp).origin(originHeader).build());
    Decision decision =
        result.principal().map(p -> p.authorize("content:write", "/docs/guide")).orElse(null);
    // decision is READ_ONLY: answer 403 (decision.httpStatus())
    // README:access END

    assertThat(decision).isEqualTo(Decision.READ_ONLY);
    assertThat(decision.httpStatus()).isEqualTo(403);
    TokenPrincipal reader = result.principal().orElseThrow();
    assertThat(reader.authorize("content:read", "/docs/guide")).isEqualTo(Decision.ALLOW);
    assertThat(reader.authorize("content:read", "/blog")).isEqualTo(Decision.OUTSIDE_ROOT);
    assertThat(key).isEqualTo(server.id().value());
    assertThat(secret).hasSize(64);
    TokenPrincipal sync = tokens.authenticate(server.token(), null).principal().orElseThrow();
    assertThat(sync.authorize("content:write", "/blog")).isEqualTo(Decision.ALLOW);
    assertThat(sync.authorize("content:delete", "/blog"))
        .isEqualTo(Decision.OWNER_LACKS_PERMISSION);
    AuthResult fromPage =
        tokens.authenticate(
            widget.token(), RequestContext.builder().origin("https://www.example.com").build());
    assertThat(fromPage.principal().orElseThrow().authorize("content:view", "/blog"))
        .isEqualTo(Decision.ALLOW);
    assertThat(tokens.authenticate(widget.token(), RequestContext.empty()).httpStatus())
        .isEqualTo(403);
  }

  @Test
  void readmeShowsTheExamplesVerbatim() throws IOException {
    Path moduleDir = Path.of("").toAbsolutePath();
    List<String> readme =
        Files.readAllLines(moduleDir.getParent().resolve("README.md"), StandardCharsets.UTF_8);
    List<String> source =
        Files.readAllLines(
            moduleDir.resolve("src/test/java/dev/tokenkit/core/ReadmeQuickstartTest.java"),
            StandardCharsets.UTF_8);
    for (String name : List.of("quickstart", "access")) {
      List<String> snippet =
          source.subList(
              indexOf(source, "// README:" + name + " BEGIN") + 1,
              indexOf(source, "// README:" + name + " END"));
      int open = indexOf(readme, "<!-- example:" + name + " ") + 1;
      assertThat(readme.get(open)).isEqualTo("```java");
      int close = open + 1;
      while (!readme.get(close).equals("```")) {
        close++;
      }
      // The quickstart test declares `status`, `principal`, `wwwAuthenticate` and `body` above
      // its block so it can assert on them; the README declares them inline.
      assertThat(normalize(readme.subList(open + 1, close))).as(name).isEqualTo(normalize(snippet));
    }
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

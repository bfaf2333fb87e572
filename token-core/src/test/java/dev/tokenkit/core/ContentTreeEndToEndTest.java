package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small content site ({@code /}, {@code /docs}, {@code /docs/guide}, {@code /blog}) with an
 * admin, an editor and a viewer: tokens of each kind and access mode, a demoted and a deactivated
 * owner, a token limited to {@code /docs}, and a browser token from an allowed and a foreign
 * origin. Every request's HTTP status is asserted.
 */
class ContentTreeEndToEndTest {

  private final MapResourceTree tree = MapResourceTree.contentSite();
  private final Fixtures f = new Fixtures();
  private final TokenService service;

  ContentTreeEndToEndTest() {
    f.users.put("editor", Owner.active("editor", "content:*"));
    f.users.put("viewer", Owner.active("viewer", "content:read", "content:view"));
    service =
        f.builder()
            .permissionModel(
                PermissionModel.builder()
                    .catalog(AccessControlTest.CATALOG)
                    .resourceTree(tree)
                    .build())
            .build();
  }

  /** The status a request gets: authenticate, then authorize {@code permission} on {@code path}. */
  private int status(String token, RequestContext context, String permission, String path) {
    AuthResult result = service.authenticate(token, context);
    if (!result.isAuthenticated()) {
      return result.httpStatus();
    }
    return result.principal().orElseThrow().authorize(permission, path).httpStatus();
  }

  private int status(String token, String permission, String path) {
    return status(token, RequestContext.empty(), permission, path);
  }

  private IssuedToken create(CreateTokenRequest.Builder request) {
    return service.create(f.admin, request.build());
  }

  /** The editor's full-access token limited to {@code /docs}. */
  private IssuedToken docsOnly() {
    return create(
        CreateTokenRequest.named("docs only")
            .ownerId("editor")
            .access(TokenAccess.fullAccess().withRootNodes(List.of("/docs"))));
  }

  @Test
  void everyKindModeAndRestrictionGetsItsStatus() {
    IssuedToken editorFull = create(CreateTokenRequest.named("editor full").ownerId("editor"));
    IssuedToken editorReadOnly =
        create(
            CreateTokenRequest.named("editor ro").ownerId("editor").access(TokenAccess.readOnly()));
    IssuedToken viewerCustom =
        create(
            CreateTokenRequest.named("viewer custom")
                .ownerId("viewer")
                .access(TokenAccess.custom("content:*")));
    IssuedToken docsOnly = docsOnly();
    IssuedToken server =
        create(
            CreateTokenRequest.named("server")
                .kind(TokenKind.SERVER)
                .ownerId("admin")
                .access(TokenAccess.fullAccess().withRestrictedUser("viewer")));
    IssuedToken widget =
        create(
            CreateTokenRequest.named("widget")
                .kind(TokenKind.BROWSER)
                .ownerId("editor")
                .access(TokenAccess.fullAccess().withAllowedOrigins(List.of("*.example.com"))));

    assertThat(status(editorFull.token(), "content:write", "/blog")).isEqualTo(200);
    assertThat(status(editorFull.token(), "settings:read", "/")).isEqualTo(403);
    assertThat(status(editorReadOnly.token(), "content:read", "/docs/guide")).isEqualTo(200);
    assertThat(status(editorReadOnly.token(), "content:write", "/docs/guide")).isEqualTo(403);
    assertThat(status(viewerCustom.token(), "content:read", "/docs")).isEqualTo(200);
    assertThat(status(viewerCustom.token(), "content:write", "/docs")).isEqualTo(403);
    assertThat(status(docsOnly.token(), "content:write", "/docs")).isEqualTo(200);
    assertThat(status(docsOnly.token(), "content:write", "/docs/guide")).isEqualTo(200);
    assertThat(status(docsOnly.token(), "content:write", "/blog")).isEqualTo(403);
    assertThat(status(docsOnly.token(), "content:write", "/")).isEqualTo(403);
    assertThat(status(docsOnly.token(), "content:write", "/nowhere")).isEqualTo(403);
    assertThat(status(server.token(), "content:read", "/blog")).isEqualTo(200);
    assertThat(status(server.token(), "content:write", "/blog")).isEqualTo(403);

    RequestContext allowed = RequestContext.builder().origin("https://shop.example.com").build();
    RequestContext foreign = RequestContext.builder().origin("https://evil.example.net").build();
    RequestContext viaReferer =
        RequestContext.builder().referer("https://shop.example.com/page").build();
    assertThat(status(widget.token(), allowed, "content:view", "/blog")).isEqualTo(200);
    assertThat(status(widget.token(), viaReferer, "content:view", "/blog")).isEqualTo(200);
    assertThat(status(widget.token(), allowed, "content:write", "/blog")).isEqualTo(403);
    assertThat(status(widget.token(), foreign, "content:view", "/blog")).isEqualTo(403);
    assertThat(status(widget.token(), RequestContext.empty(), "content:view", "/blog"))
        .isEqualTo(403);
    assertThat(((AuthResult.Rejected) service.authenticate(widget.token(), foreign)).reason())
        .isEqualTo(RejectionReason.CLIENT_NOT_ALLOWED);

    // The editor is demoted: the next request sees it.
    f.users.put("editor", Owner.active("editor", "content:read"));
    assertThat(status(editorFull.token(), "content:write", "/blog")).isEqualTo(403);
    assertThat(
            service
                .authenticate(editorFull.token(), null)
                .principal()
                .orElseThrow()
                .authorize("content:write", "/blog"))
        .isEqualTo(Decision.OWNER_LACKS_PERMISSION);
    assertThat(status(editorFull.token(), "content:read", "/blog")).isEqualTo(200);

    // The viewer is deactivated: their tokens and the server token acting as them get 401.
    f.users.put("viewer", Owner.inactive("viewer"));
    assertThat(status(viewerCustom.token(), "content:read", "/docs")).isEqualTo(401);
    assertThat(status(server.token(), "content:read", "/docs")).isEqualTo(401);

    // A deleted root denies everything below it.
    tree.parents.remove("/docs");
    assertThat(status(docsOnly.token(), "content:read", "/docs/guide")).isEqualTo(403);
  }

  @Test
  void rootsAreValidatedAtCreation() {
    assertThatThrownBy(
            () ->
                create(
                    CreateTokenRequest.named("bad roots")
                        .access(
                            TokenAccess.fullAccess().withRootNodes(List.of("/docs", "/gone", "")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"/gone\"")
        .hasMessageContaining("\"\"")
        .hasMessageNotContaining("\"/docs\"");
    TokenService noTree = f.builder().build();
    assertThatThrownBy(
            () ->
                noTree.create(
                    f.admin,
                    CreateTokenRequest.named("no tree")
                        .access(TokenAccess.fullAccess().withRootNodes(List.of("/docs")))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ResourceTree");
  }

  @Test
  void cidrBindingRefusesOtherAddresses() {
    IssuedToken office =
        create(
            CreateTokenRequest.named("office")
                .ownerId("editor")
                .access(
                    TokenAccess.fullAccess()
                        .withAllowedCidrs(List.of("192.0.2.0/24", "2001:db8::/32"))));
    assertThat(office.record().access().allowedCidrs())
        .containsExactly("192.0.2.0/24", "2001:db8:0:0:0:0:0:0/32");
    assertThat(status(office.token(), at("192.0.2.77"), "content:read", "/")).isEqualTo(200);
    assertThat(status(office.token(), at("::ffff:192.0.2.77"), "content:read", "/")).isEqualTo(200);
    assertThat(status(office.token(), at("2001:db8:1::5"), "content:read", "/")).isEqualTo(200);
    assertThat(status(office.token(), at("198.51.100.1"), "content:read", "/")).isEqualTo(403);
    assertThat(status(office.token(), at("not an address"), "content:read", "/")).isEqualTo(403);
    assertThat(status(office.token(), RequestContext.empty(), "content:read", "/")).isEqualTo(403);
    assertThatThrownBy(
            () ->
                create(
                    CreateTokenRequest.named("bad cidr")
                        .access(TokenAccess.fullAccess().withAllowedCidrs(List.of("10.0.0.1/8")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host bits");
    assertThatThrownBy(
            () ->
                create(
                    CreateTokenRequest.named("bad origin")
                        .access(
                            TokenAccess.fullAccess().withAllowedOrigins(List.of("ftp://x.com")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme");
  }

  @Test
  void bindingsAndRootsAreEditable() {
    IssuedToken t = create(CreateTokenRequest.named("editable").ownerId("editor"));
    service.update(
        f.admin,
        t.id(),
        TokenUpdate.builder()
            .access(a -> a.withRootNodes(List.of("/blog")))
            .access(a -> a.withAllowedCidrs(List.of("10.0.0.0/8")))
            .access(a -> a.withAllowedOrigins(List.of("example.com")))
            .build());
    assertThat(
            status(
                t.token(),
                atBuilder("10.1.1.1").origin("https://example.com").build(),
                "content:read",
                "/blog"))
        .isEqualTo(200);
    assertThat(
            status(
                t.token(),
                atBuilder("10.1.1.1").origin("https://example.com").build(),
                "content:read",
                "/docs"))
        .isEqualTo(403);
    assertThat(
            status(
                t.token(),
                atBuilder("11.1.1.1").origin("https://example.com").build(),
                "content:read",
                "/blog"))
        .isEqualTo(403);
    AuditEvent edit = f.events.get(f.events.size() - 4);
    assertThat(edit.type()).isEqualTo(AuditEvent.Type.UPDATED);
    assertThat(edit.changes())
        .extracting(AuditEvent.Change::field)
        .containsExactly("rootNodes", "allowedOrigins", "allowedCidrs");
  }

  private static RequestContext.Builder atBuilder(String address) {
    return RequestContext.builder().clientAddress(address);
  }

  private static RequestContext at(String address) {
    return atBuilder(address).build();
  }

  /** A tree that fails, or loops, never grants access: the token is refused OUTSIDE_ROOT. */
  @Test
  void aFailingOrCyclicTreeNeverGrantsAccess() {
    IssuedToken docsOnly = docsOnly();
    TokenPrincipal principal =
        service.authenticate(docsOnly.token(), null).principal().orElseThrow();
    assertThat(principal.authorize("content:read", "/docs/guide")).isEqualTo(Decision.ALLOW);

    tree.parents.put("/loop/a", "/loop/b");
    tree.parents.put("/loop/b", "/loop/a");
    assertThat(principal.authorize("content:read", "/loop/a")).isEqualTo(Decision.OUTSIDE_ROOT);
    assertThat(tree.isWithin("/loop/a", "/docs")).isFalse();

    tree.failing = true;
    assertThat(principal.authorize("content:read", "/docs/guide")).isEqualTo(Decision.OUTSIDE_ROOT);
  }
}

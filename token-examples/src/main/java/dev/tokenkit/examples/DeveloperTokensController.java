package dev.tokenkit.examples;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.spring.boot.ManagementActorMapping;
import dev.tokenkit.spring.security.TokenAuthentication;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MindTouch's {@code POST site/developer-tokens} and {@code PUT site/developer-tokens/{id}}, in
 * MindTouch's XML shape, acting as the admin token's user with the admin powers its scope grants
 * (the starter's {@link ManagementActorMapping#fromTokenScope()}, as the admin API does).
 */
@RestController
@RequestMapping(DeveloperTokensXml.PATH)
class DeveloperTokensController {

  private static final MediaType XML = MediaType.parseMediaType("application/xml; charset=utf-8");
  private static final ManagementActorMapping ACTORS = ManagementActorMapping.fromTokenScope();

  private final TokenService tokens;

  DeveloperTokensController(TokenService tokens) {
    this.tokens = tokens;
  }

  @RequestMapping("")
  ResponseEntity<String> create(HttpServletRequest request) throws IOException {
    if (!request.getMethod().equals("POST")) {
      throw ApiException.methodNotAllowed("POST");
    }
    Actor actor = actor(request);
    DeveloperTokensXml.Request parsed = DeveloperTokensXml.parse(RequestBodies.read(request), true);
    IssuedToken issued;
    try {
      issued = tokens.create(actor, DeveloperTokensXml.createRequest(parsed));
    } catch (IllegalArgumentException e) {
      throw DeveloperTokensXml.badRequest(RequestFields.fieldOf(e.getMessage()), e.getMessage());
    }
    return xml(HttpStatus.CREATED, DeveloperTokensXml.created(issued, base(request)));
  }

  @RequestMapping("/{id}")
  ResponseEntity<String> update(HttpServletRequest request, @PathVariable("id") String id)
      throws IOException {
    if (!TokenId.isValid(id)) {
      throw ApiException.notFound("no such token");
    }
    if (!request.getMethod().equals("PUT")) {
      throw ApiException.methodNotAllowed("PUT");
    }
    Actor actor = actor(request);
    TokenId tokenId = TokenId.of(id);
    DeveloperTokensXml.Request parsed =
        DeveloperTokensXml.parse(RequestBodies.read(request), false);
    TokenRecord current =
        tokens.get(actor, tokenId).orElseThrow(() -> ApiException.notFound("no such token"));
    TokenRecord updated;
    try {
      updated = tokens.update(actor, tokenId, DeveloperTokensXml.update(parsed, current));
    } catch (IllegalArgumentException e) {
      throw DeveloperTokensXml.badRequest(RequestFields.fieldOf(e.getMessage()), e.getMessage());
    }
    return xml(HttpStatus.OK, DeveloperTokensXml.token(updated, base(request)));
  }

  /** The admin acting through the presented token. */
  private Actor actor(HttpServletRequest request) {
    TokenPrincipal principal =
        ContentController.principal(
            tokens.authenticate(
                ContentController.bearer(request), ContentController.context(request)));
    Actor actor =
        ACTORS
            .actorFor(TokenAuthentication.of(principal))
            .orElseThrow(() -> ApiException.forbidden("no_user", "this token acts for no user"));
    return actor.withSource(principal.tokenId(), request.getRemoteAddr());
  }

  private static String base(HttpServletRequest request) {
    return DeveloperTokensXml.baseUrl(
        request.getHeader("Host"), "127.0.0.1:" + request.getLocalPort());
  }

  private static ResponseEntity<String> xml(HttpStatus status, String body) {
    return ResponseEntity.status(status)
        .contentType(XML)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(body);
  }
}

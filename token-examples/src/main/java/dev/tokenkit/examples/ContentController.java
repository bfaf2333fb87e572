package dev.tokenkit.examples;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.BearerToken;
import dev.tokenkit.core.Decision;
import dev.tokenkit.core.HttpRequestParts;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtResult;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.store.spi.TokenKind;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The content API: {@code GET}/{@code PUT /content/{path}} with a bearer token, a long-term JWT, a
 * signed request or an HTTP message signature, and {@code GET /widget/{path}} for browser tokens
 * (with CORS preflights). It authenticates each request itself, in the order the README gives.
 */
@RestController
class ContentController {

  static final String SIGNATURE_HEADER = "X-Token-Signature";
  static final String REALM = "Bearer realm=\"tokenkit-demo\"";
  private static final Logger LOG = LoggerFactory.getLogger(ContentController.class);

  private final TokenService tokens;
  private final JwtVerifier jwtVerifier;
  private final ContentTree content;

  ContentController(TokenService tokens, JwtVerifier jwtVerifier, ContentTree content) {
    this.tokens = tokens;
    this.jwtVerifier = jwtVerifier;
    this.content = content;
  }

  @RequestMapping({"/content", "/content/**"})
  ResponseEntity<Map<String, String>> content(HttpServletRequest request) throws IOException {
    String node = node(request, "/content");
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("PUT")) {
      throw ApiException.methodNotAllowed("GET, PUT");
    }
    // Read first: an HTTP message signature covers the body through its Content-Digest.
    byte[] body = method.equals("PUT") ? RequestBodies.read(request) : new byte[0];
    TokenPrincipal principal = contentPrincipal(request, body);
    String text = content.read(node);
    if (text == null) {
      throw ApiException.notFound("no such page");
    }
    if (method.equals("GET")) {
      require(principal, "content:read", node);
      return ResponseEntity.ok()
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .body(page(node, text));
    }
    require(principal, "content:write", node);
    content.replace(node, new String(body, StandardCharsets.UTF_8));
    LOG.info("page {} replaced through token {}", node, principal.tokenId());
    return ResponseEntity.noContent().build();
  }

  @RequestMapping({"/widget", "/widget/**"})
  ResponseEntity<Map<String, String>> widget(HttpServletRequest request) {
    String node = node(request, "/widget");
    String origin = request.getHeader("Origin");
    if (!request.getMethod().equals("GET")) {
      throw ApiException.methodNotAllowed("GET, OPTIONS");
    }
    TokenPrincipal principal = principal(tokens.authenticate(bearer(request), context(request)));
    if (principal.kind() != TokenKind.BROWSER) {
      throw ApiException.forbidden("wrong_kind", "the widget endpoint takes browser tokens only");
    }
    String text = content.read(node);
    if (text == null) {
      throw ApiException.notFound("no such page");
    }
    require(principal, "content:view", node);
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store");
    if (origin != null) {
      answer.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
    }
    return answer.body(page(node, text));
  }

  /**
   * An HTTP message signature ({@code Signature-Input}), else a bearer API token or JWT (told apart
   * by the dots), else the {@code tkn_} signed-request header.
   */
  private TokenPrincipal contentPrincipal(HttpServletRequest request, byte[] body) {
    RequestContext context = context(request);
    if (request.getHeader("Signature-Input") != null) {
      return principal(tokens.signedRequests().verifyMessage(signedParts(request, body), context));
    }
    String signature = request.getHeader(SIGNATURE_HEADER);
    if (request.getHeader("Authorization") == null && signature != null) {
      return principal(tokens.signedRequests().verify(signature, context));
    }
    String bearer = bearer(request);
    if (bearer.indexOf('.') < 0) {
      return principal(tokens.authenticate(bearer, context));
    }
    JwtResult jwt = jwtVerifier.verify(bearer, context);
    if (jwt.valid()) {
      return jwt.principal().orElseThrow();
    }
    LOG.info("JWT for key {} refused: {}", jwt.keyId(), jwt);
    if (jwt.rateLimit().isPresent()) {
      throw ApiException.rateLimited(
          RejectionReason.RATE_LIMITED.outwardMessage(), jwt.rateLimit().get());
    }
    // The answer a bearer token gets for the same reason; one answer for every JWT that did not
    // prove its signature, whatever the precise failure (which the log line above keeps).
    return principal(
        AuthResult.rejected(
            jwt.rejection()
                .orElse(
                    jwt.httpStatus() == 503
                        ? RejectionReason.UNAVAILABLE
                        : RejectionReason.MALFORMED)));
  }

  /** The request as the client addressed it: http, its Host, the raw path and query. */
  private static HttpRequestParts signedParts(HttpServletRequest request, byte[] body) {
    String host = request.getHeader("Host");
    String query = request.getQueryString();
    URI target;
    try {
      target =
          URI.create(
              "http://"
                  + (host == null ? "127.0.0.1" : host)
                  + request.getRequestURI()
                  + (query == null ? "" : "?" + query));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(null, "malformed Host or path");
    }
    HttpRequestParts.Builder parts =
        HttpRequestParts.builder().method(request.getMethod()).targetUri(target).body(body);
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        parts.header(name, value);
      }
    }
    try {
      return parts.build();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(null, "malformed Host or path");
    }
  }

  static String bearer(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null) {
      throw ApiException.unauthorized("missing_token", "a token is required", REALM);
    }
    return BearerToken.fromAuthorizationHeader(authorization)
        .orElseThrow(
            () ->
                ApiException.unauthorized(
                    "invalid_request",
                    "use Authorization: Bearer <token>",
                    REALM + ", error=\"invalid_request\""));
  }

  static TokenPrincipal principal(AuthResult result) {
    if (result instanceof AuthResult.Rejected rejected) {
      String reason = rejected.error(); // invalid_token for checks 1 to 3 alike
      throw switch (rejected.httpStatus()) {
        case 503 -> ReferenceErrors.unavailable();
        case 429 ->
            ApiException.rateLimited(rejected.message(), rejected.rateLimit().orElseThrow());
        case 403 -> ApiException.forbidden(reason, rejected.message());
        default ->
            ApiException.unauthorized(
                reason, rejected.message(), rejected.wwwAuthenticate().orElse(REALM));
      };
    }
    return result.principal().orElseThrow();
  }

  private static void require(TokenPrincipal principal, String permission, String node) {
    Decision decision = principal.authorize(permission, node);
    if (decision != Decision.ALLOW) {
      throw ApiException.forbidden(
          decision.name().toLowerCase(Locale.ROOT),
          "token " + principal.tokenId() + " may not " + permission + " on " + node);
    }
  }

  private static Map<String, String> page(String node, String text) {
    Map<String, String> json = new LinkedHashMap<>();
    json.put("path", node);
    json.put("text", text);
    return json;
  }

  private static String node(HttpServletRequest request, String prefix) {
    String path = request.getServletPath().substring(prefix.length()); // decoded, as a page name
    if (path.isEmpty() || path.equals("/")) {
      return "/";
    }
    if (!path.startsWith("/") || path.endsWith("/")) {
      throw ApiException.notFound("no such page");
    }
    return path;
  }

  static RequestContext context(HttpServletRequest request) {
    return RequestContext.builder()
        .clientAddress(request.getRemoteAddr())
        .origin(request.getHeader("Origin"))
        .referer(request.getHeader("Referer"))
        .build();
  }
}

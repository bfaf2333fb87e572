package dev.tokenkit.spring.boot;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.TokenAccessDeniedException;
import dev.tokenkit.core.TokenNotFoundException;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStoreException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * The management API: create, list, get, patch, delete, regenerate, revoke, reveal and JWT issue,
 * each behind the admin permissions of the actor the {@link ManagementActorMapping} makes of the
 * caller (by default the calling token's user, with what its scope grants: {@code tokens:create}
 * grants {@code tokens.create}, and so on, within its root nodes and tenant). Secrets appear only
 * in create, regenerate and reveal answers. Refusals are RFC 9457 problem details with the outward
 * {@code error} code and, for bad input, the {@code field}.
 */
@RestController
@RequestMapping("${tokenkit.management.base-path:/tokenkit/tokens}")
final class TokenManagementController {

  private static final Logger LOG = LoggerFactory.getLogger(TokenManagementController.class);
  static final int MAX_PAGE = 100;

  private final TokenService tokens;
  private final ManagementActorMapping actors;
  private final String basePath;
  private final String openApi;

  TokenManagementController(
      TokenService tokens,
      ManagementActorMapping actors,
      String basePath,
      @Nullable String apiKeyHeader) {
    this.tokens = tokens;
    this.actors = actors;
    this.basePath = basePath;
    this.openApi = ManagementOpenApi.document(basePath, apiKeyHeader);
  }

  /** The OpenAPI 3.1 document of this API, its paths under the configured base path. */
  @GetMapping("/openapi.json")
  ResponseEntity<String> openApi() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(openApi);
  }

  @PostMapping
  ResponseEntity<String> create(@Nullable Authentication caller, HttpServletRequest request) {
    ManagementJson json = ManagementJson.parse(request, TokenRepresentation.CREATE_FIELDS);
    IssuedToken issued =
        tokens.create(actor(caller, request), TokenRepresentation.createRequest(json));
    return json(
        HttpStatus.CREATED, TokenRepresentation.issued(issued, tokens.stateOf(issued.record())));
  }

  @GetMapping
  ResponseEntity<String> list(
      @Nullable Authentication caller,
      HttpServletRequest request,
      @RequestParam(name = "owner", required = false) @Nullable String owner,
      @RequestParam(name = "kind", required = false) @Nullable String kind,
      @RequestParam(name = "state", required = false) @Nullable String state,
      @RequestParam(name = "limit", required = false) @Nullable String limit,
      @RequestParam(name = "cursor", required = false) @Nullable String cursor,
      @RequestParam(name = "expiringWithin", required = false) @Nullable String expiringWithin) {
    Actor actor = actor(caller, request);
    TokenFilter.Builder filter = TokenFilter.builder().ownerId(owner);
    try {
      if (kind != null) {
        filter.kind(TokenRepresentation.kind(kind));
      }
    } catch (IllegalArgumentException e) {
      throw ManagementProblem.badRequest("kind", "kind must be api, server or browser");
    }
    try {
      if (state != null) {
        filter.state(TokenRepresentation.state(state));
      }
    } catch (IllegalArgumentException e) {
      throw ManagementProblem.badRequest(
          "state", "state must be active, disabled, expired or revoked");
    }
    int size = 20;
    if (limit != null) {
      try {
        size = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > MAX_PAGE) {
        throw ManagementProblem.badRequest("limit", "limit must be 1 to " + MAX_PAGE);
      }
    }
    Duration within = expiringWithin == null ? null : window(expiringWithin);
    if (within != null && (owner != null || kind != null || state != null)) {
      throw ManagementProblem.badRequest(
          "expiringWithin", "expiringWithin cannot be combined with owner, kind or state");
    }
    try {
      TokenPage page =
          within == null
              ? tokens.list(actor, filter.build(), cursor, size)
              : tokens.listExpiring(actor, within, cursor, size);
      return json(HttpStatus.OK, TokenRepresentation.page(page, tokens::stateOf));
    } catch (IllegalArgumentException e) {
      throw ManagementProblem.badRequest(cursor == null ? null : "cursor", messageOf(e));
    }
  }

  @GetMapping("/{id}")
  ResponseEntity<String> get(
      @Nullable Authentication caller, HttpServletRequest request, @PathVariable("id") String id) {
    TokenRecord record =
        tokens
            .get(actor(caller, request), tokenId(id))
            .orElseThrow(() -> ManagementProblem.notFound("no such token"));
    return json(HttpStatus.OK, TokenRepresentation.record(record, tokens.stateOf(record)));
  }

  @PatchMapping("/{id}")
  ResponseEntity<String> update(
      @Nullable Authentication caller, HttpServletRequest request, @PathVariable("id") String id) {
    TokenId token = tokenId(id);
    ManagementJson json = ManagementJson.parse(request, TokenRepresentation.UPDATE_FIELDS);
    TokenRecord updated =
        tokens.update(actor(caller, request), token, TokenRepresentation.update(json));
    return json(HttpStatus.OK, TokenRepresentation.record(updated, tokens.stateOf(updated)));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(
      @Nullable Authentication caller, HttpServletRequest request, @PathVariable("id") String id) {
    if (!tokens.delete(actor(caller, request), tokenId(id))) {
      throw ManagementProblem.notFound("no such token");
    }
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/regenerate")
  ResponseEntity<String> regenerate(
      @Nullable Authentication caller, HttpServletRequest request, @PathVariable("id") String id) {
    TokenId token = tokenId(id);
    ManagementJson json = ManagementJson.parse(request, TokenRepresentation.REGENERATE_FIELDS);
    IssuedToken issued =
        tokens.regenerate(actor(caller, request), token, TokenRepresentation.gracePeriod(json));
    return json(HttpStatus.OK, TokenRepresentation.issued(issued, tokens.stateOf(issued.record())));
  }

  @PostMapping("/{id}/revoke")
  ResponseEntity<String> revoke(
      @Nullable Authentication caller, HttpServletRequest request, @PathVariable("id") String id) {
    TokenId token = tokenId(id);
    ManagementJson.parse(request, Set.of());
    TokenRecord revoked = tokens.revoke(actor(caller, request), token);
    return json(HttpStatus.OK, TokenRepresentation.record(revoked, tokens.stateOf(revoked)));
  }

  @PostMapping("/{id}/reveal")
  ResponseEntity<String> reveal(
      @Nullable Authentication caller, HttpServletRequest request, @PathVariable("id") String id) {
    TokenId token = tokenId(id);
    ManagementJson.parse(request, Set.of());
    IssuedToken revealed = tokens.reveal(actor(caller, request), token);
    return json(
        HttpStatus.OK, TokenRepresentation.issued(revealed, tokens.stateOf(revealed.record())));
  }

  @PostMapping("/{id}/jwt")
  ResponseEntity<String> jwt(
      @Nullable Authentication caller, HttpServletRequest request, @PathVariable("id") String id) {
    TokenId token = tokenId(id);
    ManagementJson.parse(request, Set.of());
    String jwt = tokens.issueJwt(actor(caller, request), token);
    ObjectNode json = ManagementJson.MAPPER.createObjectNode();
    json.put("id", token.value());
    json.put("jwt", jwt);
    return json(HttpStatus.OK, json);
  }

  /** Another method on the base path: 405. */
  @RequestMapping
  ResponseEntity<ProblemDetail> otherMethod(HttpServletRequest request) {
    return unknown(request);
  }

  /**
   * Any other method or path under the base path: 405 with {@code Allow}, or 404. (Two mappings:
   * one mapping with both patterns would count as more specific than the real ones.)
   */
  @RequestMapping("/**")
  ResponseEntity<ProblemDetail> unknown(HttpServletRequest request) {
    String rest = request.getRequestURI().substring(request.getContextPath().length());
    rest = rest.startsWith(basePath) ? rest.substring(basePath.length()) : rest;
    String[] parts =
        rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/", -1);
    String allowed = null;
    if (parts.length == 0) {
      allowed = "GET, POST";
    } else if (parts.length == 1 && TokenId.isValid(parts[0])) {
      allowed = "GET, PATCH, DELETE";
    } else if (parts.length == 2
        && TokenId.isValid(parts[0])
        && Set.of("regenerate", "revoke", "reveal", "jwt").contains(parts[1])) {
      allowed = "POST";
    }
    if (allowed == null) {
      return problem(HttpStatus.NOT_FOUND, "not_found", "no such endpoint", null);
    }
    return withHeader(
        problem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "allowed: " + allowed, null),
        HttpHeaders.ALLOW,
        allowed);
  }

  /**
   * The admin the caller acts as, from the {@link ManagementActorMapping}, with the client address
   * and the calling token (if any) recorded for the audit trail.
   */
  private Actor actor(@Nullable Authentication caller, HttpServletRequest request) {
    Actor actor = caller == null ? null : actors.actorFor(caller).orElse(null);
    if (caller == null || actor == null) {
      throw ManagementProblem.forbidden(
          "no_user", "the caller acts for no user who may manage tokens");
    }
    TokenId via = caller.getPrincipal() instanceof TokenPrincipal token ? token.tokenId() : null;
    return actor.withSource(via, request.getRemoteAddr());
  }

  /** {@code 7d}, {@code 12h} or an ISO-8601 duration, more than 0 and at most 366 days. */
  private static Duration window(String text) {
    Duration within = TokenRepresentation.duration(text);
    if (within == null
        || within.isZero()
        || within.isNegative()
        || within.compareTo(Duration.ofDays(366)) > 0) {
      throw ManagementProblem.badRequest(
          "expiringWithin",
          "expiringWithin must be a duration such as 7d, 12h or P7D, at most 366 days");
    }
    return within;
  }

  private static TokenId tokenId(String id) {
    if (!TokenId.isValid(id)) {
      throw ManagementProblem.notFound("no such token");
    }
    return TokenId.of(id);
  }

  private static ResponseEntity<String> json(HttpStatus status, ObjectNode body) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(ManagementJson.MAPPER.writeValueAsString(body));
  }

  private static String messageOf(RuntimeException e) {
    String message = e.getMessage();
    return message == null ? "invalid request" : message;
  }

  // ---- refusals as problem details ------------------------------------------------------------

  @ExceptionHandler(ManagementProblem.class)
  ResponseEntity<ProblemDetail> problem(ManagementProblem e) {
    return problem(e.status(), e.error(), messageOf(e), e.field());
  }

  @ExceptionHandler(TokenAccessDeniedException.class)
  ResponseEntity<ProblemDetail> denied(TokenAccessDeniedException e) {
    String error =
        e.reason() == TokenAccessDeniedException.Reason.BEYOND_ACTOR
            ? "beyond_actor"
            : "admin_permission_missing";
    return problem(HttpStatus.FORBIDDEN, error, messageOf(e), null);
  }

  @ExceptionHandler(TokenNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(TokenNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not_found", "no such token", null);
  }

  @ExceptionHandler(DuplicateTokenException.class)
  ResponseEntity<ProblemDetail> duplicate(DuplicateTokenException e) {
    return problem(HttpStatus.CONFLICT, "name_taken", "a token with this name exists", "name");
  }

  @ExceptionHandler(StaleTokenException.class)
  ResponseEntity<ProblemDetail> stale(StaleTokenException e) {
    return problem(HttpStatus.CONFLICT, "conflict", "the token changed meanwhile; retry", null);
  }

  @ExceptionHandler(IllegalStateException.class)
  ResponseEntity<ProblemDetail> state(IllegalStateException e) {
    return problem(HttpStatus.CONFLICT, "conflict", messageOf(e), null);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
    String message = messageOf(e);
    return problem(
        HttpStatus.BAD_REQUEST, "invalid_request", message, TokenRepresentation.fieldOf(message));
  }

  @ExceptionHandler(TokenStoreException.class)
  ResponseEntity<ProblemDetail> unavailable(TokenStoreException e) {
    LOG.warn("token store unavailable: {}", e.toString());
    return withHeader(
        problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "unavailable",
            "the token store is unavailable; retry later",
            null),
        HttpHeaders.RETRY_AFTER,
        "5");
  }

  private static ResponseEntity<ProblemDetail> withHeader(
      ResponseEntity<ProblemDetail> answer, String name, String value) {
    return ResponseEntity.status(answer.getStatusCode())
        .headers(answer.getHeaders())
        .header(name, value)
        .body(answer.getBody());
  }

  static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String error, String detail, @Nullable String field) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setProperty("error", error);
    problem.setProperty("message", detail); // as the plain {"error", "message"} answers have it
    if (field != null) {
      problem.setProperty("field", field);
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}

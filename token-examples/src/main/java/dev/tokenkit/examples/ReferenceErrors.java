package dev.tokenkit.examples;

import dev.tokenkit.core.TokenAccessDeniedException;
import dev.tokenkit.core.TokenNotFoundException;
import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenStoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every refusal of the content and MindTouch endpoints as {@code {"error", "message", "field"}}
 * JSON with its status and headers, in our own words: no Java class or stack trace ever reaches a
 * client. (Those controllers take every method and path below their prefix themselves; unknown
 * paths and methods that no controller takes are {@link ReferenceErrorPage}'s.)
 */
@RestControllerAdvice(assignableTypes = {ContentController.class, DeveloperTokensController.class})
class ReferenceErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ReferenceErrors.class);

  static ApiException unavailable() {
    return new ApiException(
        503, "unavailable", "the token store is unavailable; retry later", null, null);
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, String>> api(ApiException e) {
    return answer(e);
  }

  @ExceptionHandler(TokenAccessDeniedException.class)
  ResponseEntity<Map<String, String>> denied(TokenAccessDeniedException e) {
    String error =
        e.reason() == TokenAccessDeniedException.Reason.BEYOND_ACTOR
            ? "beyond_actor"
            : "admin_permission_missing";
    return answer(ApiException.forbidden(error, e.getMessage()));
  }

  @ExceptionHandler(TokenNotFoundException.class)
  ResponseEntity<Map<String, String>> notFound(TokenNotFoundException e) {
    return answer(ApiException.notFound("no such token"));
  }

  @ExceptionHandler(DuplicateTokenException.class)
  ResponseEntity<Map<String, String>> duplicate(DuplicateTokenException e) {
    return answer(
        new ApiException(409, "name_taken", "a token with this name exists", "name", null));
  }

  @ExceptionHandler(StaleTokenException.class)
  ResponseEntity<Map<String, String>> stale(StaleTokenException e) {
    return answer(
        new ApiException(409, "conflict", "the token changed meanwhile; retry", null, null));
  }

  @ExceptionHandler(IllegalStateException.class)
  ResponseEntity<Map<String, String>> state(IllegalStateException e) {
    return answer(new ApiException(409, "conflict", e.getMessage(), null, null));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
    return answer(ApiException.badRequest(RequestFields.fieldOf(e.getMessage()), e.getMessage()));
  }

  @ExceptionHandler(TokenStoreException.class)
  ResponseEntity<Map<String, String>> store(TokenStoreException e) {
    LOG.warn("store unavailable: {}", e.toString());
    return answer(unavailable());
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<Map<String, String>> other(RuntimeException e) {
    LOG.error("request failed", e);
    return answer(new ApiException(500, "internal", "internal error", null, null));
  }

  static ResponseEntity<Map<String, String>> answer(ApiException e) {
    Map<String, String> json = new LinkedHashMap<>();
    json.put("error", e.error);
    json.put("message", e.getMessage());
    if (e.field != null) {
      json.put("field", e.field);
    }
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(HttpStatus.valueOf(e.status))
            .contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.CACHE_CONTROL, "no-store");
    if (e.wwwAuthenticate != null) {
      answer.header(HttpHeaders.WWW_AUTHENTICATE, e.wwwAuthenticate);
    }
    if (e.allow != null) {
      answer.header(HttpHeaders.ALLOW, e.allow);
    }
    if (e.status == 503) {
      answer.header(HttpHeaders.RETRY_AFTER, "5");
    }
    if (e.status == 413) {
      answer.header(HttpHeaders.CONNECTION, "close");
    }
    e.headers.forEach(answer::header);
    return answer.body(json);
  }
}

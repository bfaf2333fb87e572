package dev.tokenkit.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers 403 with the denial reason as JSON, {@code {"error": "outside_root", "message": ...}},
 * when the denial came from {@link TokenAuthorizations} or {@link TokenExpressions}; other denials
 * answer {@code forbidden}. Thread-safe.
 */
public final class TokenAccessDeniedHandler implements AccessDeniedHandler {

  private final boolean problemDetails;

  /** A handler answering {@code {"error": ..., "message": ...}}. */
  public TokenAccessDeniedHandler() {
    this(false);
  }

  /** A handler answering RFC 9457 problem details when {@code problemDetails}. */
  TokenAccessDeniedHandler(boolean problemDetails) {
    this.problemDetails = problemDetails;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    String reason = "forbidden";
    if (denied instanceof AuthorizationDeniedException authorization
        && authorization.getAuthorizationResult() instanceof TokenAuthorizationDecision decision) {
      reason = decision.reason();
    }
    ErrorBody.write(
        request, response, problemDetails, 403, reason, "access denied (" + reason + ")");
  }

  @Override
  public String toString() {
    return "TokenAccessDeniedHandler";
  }
}

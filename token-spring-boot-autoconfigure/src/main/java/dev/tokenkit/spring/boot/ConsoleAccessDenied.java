package dev.tokenkit.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console chain's refusals as problem details, like the management API's: a state-changing call
 * from a session without the session's CSRF token is {@code 403 invalid_csrf_token}.
 */
final class ConsoleAccessDenied implements AccessDeniedHandler {

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    boolean csrf = denied instanceof CsrfException;
    String error = csrf ? "invalid_csrf_token" : "forbidden";
    String message =
        csrf
            ? "a call made with a signed-in session must carry the session's CSRF token in the"
                + " X-CSRF-TOKEN header"
            : "access denied";
    ObjectNode problem = ManagementJson.MAPPER.createObjectNode();
    problem.put("title", HttpStatus.FORBIDDEN.getReasonPhrase());
    problem.put("status", 403);
    problem.put("detail", message);
    problem.put("instance", request.getRequestURI());
    problem.put("error", error);
    problem.put("message", message);
    response.setStatus(403);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setHeader("Cache-Control", "no-store");
    response
        .getOutputStream()
        .write(ManagementJson.MAPPER.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
  }
}

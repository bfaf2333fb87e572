package dev.tokenkit.examples;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page for everything no controller answered (an unknown path, a refusal of the servlet
 * container): the server's JSON error in our words, where Spring Boot would answer its own JSON
 * with a timestamp and the status's reason phrase.
 */
@RestController
class ReferenceErrorPage implements ErrorController {

  @RequestMapping("/error")
  ResponseEntity<Map<String, String>> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer number ? number : 500;
    ApiException answer =
        switch (status) {
          case 404 -> ApiException.notFound("no such endpoint");
          // Spring MVC has set Allow already, from the handler that refused the method.
          case 405 ->
              new ApiException(
                  405, "method_not_allowed", "this method is not allowed here", null, null);
          case 408 -> RequestBodies.timedOut();
          case 413 -> RequestBodies.tooLarge(RequestBodies.MAX_BYTES);
          default ->
              status < 500
                  ? new ApiException(
                      status, "invalid_request", "the request was refused", null, null)
                  : new ApiException(500, "internal", "internal error", null, null);
        };
    return ReferenceErrors.answer(answer);
  }
}

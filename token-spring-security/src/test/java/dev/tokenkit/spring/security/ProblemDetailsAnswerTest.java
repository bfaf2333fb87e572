package dev.tokenkit.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.RejectionReason;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;

/** Refusals as RFC 9457 problem details, when the configurer asks for them. */
class ProblemDetailsAnswerTest {

  private static MockHttpServletRequest request() {
    return new MockHttpServletRequest("GET", "/admin/tokens/\"x\"");
  }

  @Test
  void aMissingTokenIsAProblemWithTheSameCodeAndChallenge() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    new TokenAuthenticationEntryPoint("api", true)
        .commence(request(), response, new BadCredentialsException("none"));
    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
    assertThat(response.getContentAsString())
        .isEqualTo(
            "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"a token is required\","
                + "\"instance\":\"/admin/tokens/\\\"x\\\"\",\"error\":\"missing_token\","
                + "\"message\":\"a token is required\"}");
  }

  @Test
  void aRefusedTokenKeepsItsStatusCodeAndHeaders() throws Exception {
    for (RejectionReason reason : RejectionReason.values()) {
      MockHttpServletResponse plain = new MockHttpServletResponse();
      MockHttpServletResponse problem = new MockHttpServletResponse();
      TokenAuthenticationException refused =
          TokenAuthenticationException.of(dev.tokenkit.core.AuthResult.rejected(reason));
      new TokenAuthenticationEntryPoint(null, false).commence(request(), plain, refused);
      new TokenAuthenticationEntryPoint(null, true).commence(request(), problem, refused);
      assertThat(problem.getStatus()).as(reason.name()).isEqualTo(plain.getStatus());
      assertThat(problem.getHeader("WWW-Authenticate"))
          .isEqualTo(plain.getHeader("WWW-Authenticate"));
      assertThat(problem.getHeader("Retry-After")).isEqualTo(plain.getHeader("Retry-After"));
      // The plain answer's members, error and message, are in the problem too.
      String message =
          plain.getContentAsString().replaceAll("^.*\"message\":(\"[^\"]*\").*$", "$1");
      assertThat(problem.getContentAsString())
          .contains("\"error\":\"" + reason.outwardError() + "\"")
          .contains("\"message\":" + message)
          .contains("\"detail\":" + message)
          .contains("\"status\":" + plain.getStatus());
      assertThat(plain.getContentType()).isEqualTo("application/json;charset=UTF-8");
    }
  }

  @Test
  void aDenialIsAProblemToo() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    new TokenAccessDeniedHandler(true).handle(request(), response, new AccessDeniedException("no"));
    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    assertThat(response.getContentAsString())
        .contains("\"title\":\"Forbidden\"")
        .contains("\"error\":\"forbidden\"");
  }
}

package dev.tokenkit.examples;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The answer to a CORS preflight ({@code OPTIONS}) of the widget endpoint: a page on any origin may
 * send GET with an Authorization header. That grants nothing by itself: the GET that follows is
 * checked against the browser token's origin patterns.
 */
final class WidgetPreflight extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!request.getMethod().equals("OPTIONS")) {
      chain.doFilter(request, response);
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Allow-Methods", "GET");
      response.setHeader("Access-Control-Allow-Headers", "Authorization");
      response.setHeader("Access-Control-Max-Age", "600");
    }
    response.setHeader(
        "Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    response.setHeader("Allow", "GET, OPTIONS");
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }
}

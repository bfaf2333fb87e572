package dev.tokenkit.spring.security;

import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The minimal application of the README's Spring Security section, run by the integration test. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import(ContentApplication.ContentController.class)
class ContentApplication {

  /** Set by the test before starting: the service and verifier the application uses. */
  static volatile Fixture fixture;

  @Bean
  TokenService tokenService() {
    return fixture.tokens;
  }

  /** HTTP sessions the application created; a stateless token chain must leave this at 0. */
  static final AtomicInteger SESSIONS_CREATED = new AtomicInteger();

  @Bean
  HttpSessionListener countSessions() {
    return new HttpSessionListener() {
      @Override
      public void sessionCreated(HttpSessionEvent event) {
        SESSIONS_CREATED.incrementAndGet();
      }
    };
  }

  @Bean
  JwtVerifier jwtVerifier() {
    return fixture.jwtVerifier;
  }

  // README:spring BEGIN
  @Bean
  SecurityFilterChain api(HttpSecurity http, TokenService tokens, JwtVerifier verifier)
      throws Exception {
    http.with(
            TokenkitConfigurer.tokenkit(tokens),
            c -> c.jwt(verifier).signedRequests(true).apiKeyHeader("X-API-Key"))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(HttpMethod.GET, "/api/content/**")
                    .access(TokenAuthorizations.permissionOnPath("content:read", "/api/content"))
                    .requestMatchers(HttpMethod.PUT, "/api/content/**")
                    .access(TokenAuthorizations.permissionOnPath("content:write", "/api/content"))
                    .requestMatchers("/api/widget/**")
                    .access(TokenAuthorizations.permissionOnPath("content:view", "/api/widget"))
                    .requestMatchers("/api/admin/**")
                    .access(TokenAuthorizations.permission("admin:manage"))
                    .anyRequest()
                    .authenticated());
    return http.build();
  }

  @Bean // @PreAuthorize("@tokens.can('content:write', #path)")
  TokenExpressions tokens() {
    return new TokenExpressions();
  }

  // README:spring END

  @RestController
  static class ContentController {

    private final Map<String, String> pages = new ConcurrentHashMap<>();

    ContentController() {
      for (String node : Fixture.NODES) {
        pages.put(node, "page " + node);
      }
    }

    private static String node(HttpServletRequest request, String prefix) {
      String rest = request.getRequestURI().substring(prefix.length());
      return rest.isEmpty() ? "/" : rest;
    }

    @GetMapping("/api/content/**")
    ResponseEntity<String> read(HttpServletRequest request) {
      String text = pages.get(node(request, "/api/content"));
      return text == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(text);
    }

    @PutMapping("/api/content/**")
    ResponseEntity<Void> write(HttpServletRequest request, @RequestBody String text) {
      String node = node(request, "/api/content");
      return pages.replace(node, text) == null
          ? ResponseEntity.notFound().build()
          : ResponseEntity.noContent().build();
    }

    @GetMapping("/api/widget/**")
    String widget(HttpServletRequest request) {
      return pages.getOrDefault(node(request, "/api/widget"), "");
    }

    // README:spring-controller BEGIN
    @PostMapping("/api/notes")
    @PreAuthorize("@tokens.can('content:write', #path)") // root-node limits apply
    String note(@RequestParam String path, @RequestBody String text) {
      return "noted on " + path + ": " + text;
    }

    @GetMapping("/api/me")
    Map<String, Object> me(@AuthenticationPrincipal TokenPrincipal principal) {
      Map<String, Object> me = new TreeMap<>();
      me.put("token", principal.tokenId().value());
      me.put("kind", principal.kind().name());
      me.put("user", principal.actingUserId().orElse(""));
      me.put("permissions", principal.effectivePermissions());
      return me;
    }

    // README:spring-controller END

    @GetMapping("/api/admin/ping")
    String ping() {
      return "pong";
    }
  }
}

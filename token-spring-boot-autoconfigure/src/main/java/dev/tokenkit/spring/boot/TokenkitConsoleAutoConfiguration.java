package dev.tokenkit.spring.boot;

import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.spring.security.TokenAuthenticationEntryPoint;
import dev.tokenkit.spring.security.TokenkitConfigurer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin console under {@code tokenkit.console.path}, when {@code tokenkit.console.enabled=true}
 * (and the management API is on): its page (HTML, CSS and a JavaScript module shipped in the jar),
 * and a security filter chain of its own for the page and for management calls that carry no token.
 * That chain reads the host's signed-in session (the host's own login), requires a CSRF token on
 * every state-changing call, and answers with a Content Security Policy that allows no inline
 * script or style and no framing. Calls with a token keep the management API's stateless chain;
 * both reach the same API and the same permission checks.
 */
@AutoConfiguration(after = TokenkitManagementAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({
  DispatcherServlet.class,
  HttpSecurity.class,
  TokenkitConfigurer.class,
  JsonMapper.class
})
@ConditionalOnBooleanProperty("tokenkit.console.enabled")
public final class TokenkitConsoleAutoConfiguration {

  /** No inline script or style, nothing from elsewhere, no framing, forms only to ourselves. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';"
          + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /** Spring creates this configuration. */
  public TokenkitConsoleAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  TokenConsoleController tokenkitConsoleController(
      TokenkitProperties properties,
      ManagementActorMapping actors,
      ObjectProvider<PermissionCatalog> catalog,
      ObjectProvider<KeyRing> keyRing,
      ObjectProvider<Clock> clock) {
    requireManagement(properties);
    return new TokenConsoleController(
        consolePath(properties),
        TokenkitManagementAutoConfiguration.basePath(properties),
        properties,
        actors,
        catalog.getIfUnique(PermissionCatalog::empty),
        keyRing.getIfUnique() != null,
        clock.getIfUnique(Clock::systemUTC));
  }

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 101)
  @ConditionalOnMissingBean(name = "tokenkitConsoleSecurityFilterChain")
  SecurityFilterChain tokenkitConsoleSecurityFilterChain(
      HttpSecurity http, TokenkitProperties properties) throws Exception {
    requireManagement(properties);
    RequestMatcher page = TokenkitManagementAutoConfiguration.paths(consolePath(properties));
    String header = properties.getManagement().getApiKeyHeader();
    RequestMatcher sessionCalls =
        new OrRequestMatcher(
            page,
            new AndRequestMatcher(
                TokenkitManagementAutoConfiguration.paths(
                    TokenkitManagementAutoConfiguration.basePath(properties)),
                new NegatedRequestMatcher(
                    TokenkitManagementAutoConfiguration.carriesToken(header))));
    String realm = properties.getManagement().getRealm();
    http.securityMatcher(sessionCalls)
        // The host's login keeps the signed-in user in the session; this chain only reads it.
        .securityContext(
            context ->
                context.securityContextRepository(new HttpSessionSecurityContextRepository()))
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
        .requestCache(cache -> cache.disable())
        .exceptionHandling(
            exceptions ->
                exceptions
                    .authenticationEntryPoint(
                        TokenAuthenticationEntryPoint.problemDetails(
                            realm == null || realm.isEmpty() ? null : realm))
                    .accessDeniedHandler(new ConsoleAccessDenied()))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .frameOptions(frame -> frame.deny()))
        .authorizeHttpRequests(
            requests -> requests.requestMatchers(page).permitAll().anyRequest().authenticated());
    return http.build();
  }

  private static String consolePath(TokenkitProperties properties) {
    return TokenkitManagementAutoConfiguration.path(
        "tokenkit.console.path", properties.getConsole().getPath());
  }

  private static void requireManagement(TokenkitProperties properties) {
    if (!properties.getManagement().isEnabled()) {
      throw new InvalidConfigurationPropertyValueException(
          "tokenkit.console.enabled",
          "true",
          "the console works through the management API: set tokenkit.management.enabled=true too");
    }
  }
}

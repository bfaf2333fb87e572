package dev.tokenkit.spring.boot;

import dev.tokenkit.core.TokenService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.databind.json.JsonMapper;

/**
 * The leaked-token endpoint under {@code tokenkit.leak-reports.path}, when {@code
 * tokenkit.leak-reports.enabled=true}: reports signed by a key configured under {@code
 * tokenkit.leak-reports.public-keys.*} revoke the live tokens they prove public (see {@link
 * TokenService#reportLeaked}). Its own security filter chain matches only that path: no session, no
 * CSRF (a signed body, not a cookie, is the caller's authority), no token.
 */
@AutoConfiguration(after = TokenkitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, HttpSecurity.class, JsonMapper.class})
@ConditionalOnBooleanProperty("tokenkit.leak-reports.enabled")
public final class TokenkitLeakReportAutoConfiguration {

  /** Spring creates this configuration. */
  public TokenkitLeakReportAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  LeakReportController tokenkitLeakReportController(
      TokenService tokens, TokenkitProperties properties) {
    path(properties);
    return new LeakReportController(
        tokens, LeakReportKeys.of(properties.getLeakReports().getPublicKeys()));
  }

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 99)
  @ConditionalOnMissingBean(name = "tokenkitLeakReportSecurityFilterChain")
  SecurityFilterChain tokenkitLeakReportSecurityFilterChain(
      HttpSecurity http, TokenkitProperties properties) throws Exception {
    http.securityMatcher(TokenkitManagementAutoConfiguration.paths(path(properties)))
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .securityContext(context -> context.disable())
        .anonymous(anonymous -> anonymous.disable())
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
    return http.build();
  }

  private static String path(TokenkitProperties properties) {
    return TokenkitManagementAutoConfiguration.path(
        "tokenkit.leak-reports.path", properties.getLeakReports().getPath());
  }
}

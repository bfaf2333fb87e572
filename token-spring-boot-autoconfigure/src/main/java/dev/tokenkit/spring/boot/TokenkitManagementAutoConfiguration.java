package dev.tokenkit.spring.boot;

import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.spring.security.TokenAuthenticationConverter;
import dev.tokenkit.spring.security.TokenkitConfigurer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
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
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management REST API under {@code tokenkit.management.base-path}, when {@code
 * tokenkit.management.enabled=true} in a servlet web application with Spring Security: the {@link
 * TokenManagementController} and a security filter chain of its own (matching only the base path,
 * stateless, tokens in {@code Authorization: Bearer} or the API-key header), ordered before the
 * application's chains and leaving them as they are.
 */
@AutoConfiguration(
    after = TokenkitAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({
  DispatcherServlet.class,
  HttpSecurity.class,
  TokenkitConfigurer.class,
  JsonMapper.class
})
@ConditionalOnBooleanProperty("tokenkit.management.enabled")
public final class TokenkitManagementAutoConfiguration {

  private static final Pattern BASE_PATH = Pattern.compile("(/[a-z0-9._~-]+)+");

  /** Spring creates this configuration. */
  public TokenkitManagementAutoConfiguration() {}

  /**
   * The caller acts as its token's user, with the admin powers its scope grants; a user signed in
   * through the host's login (the console) as the owner directory reports them.
   */
  @Bean
  @ConditionalOnMissingBean
  ManagementActorMapping tokenkitManagementActorMapping(
      ObjectProvider<OwnerDirectory> owners, ObjectProvider<PermissionCatalog> catalog) {
    OwnerDirectory directory = owners.getIfUnique();
    return directory == null
        ? ManagementActorMapping.fromTokenScope()
        : ManagementActorMapping.standard(directory, catalog.getIfUnique(PermissionCatalog::empty));
  }

  @Bean
  @ConditionalOnMissingBean
  TokenManagementController tokenkitManagementController(
      TokenService tokens, ManagementActorMapping actors, TokenkitProperties properties) {
    String header = properties.getManagement().getApiKeyHeader();
    return new TokenManagementController(
        tokens,
        actors,
        basePath(properties),
        header == null || header.isEmpty() ? null : apiKeyHeader(header));
  }

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 100)
  @ConditionalOnMissingBean(name = "tokenkitManagementSecurityFilterChain")
  SecurityFilterChain tokenkitManagementSecurityFilterChain(
      HttpSecurity http,
      TokenService tokens,
      TokenkitProperties properties,
      ObjectProvider<JwtVerifier> jwt)
      throws Exception {
    String base = basePath(properties);
    String header = properties.getManagement().getApiKeyHeader();
    // With the console on, calls without a token go to the console's chain (the host's session,
    // with CSRF protection); this chain keeps every call that carries one.
    RequestMatcher api = paths(base);
    http.securityMatcher(
            properties.getConsole().isEnabled()
                ? new AndRequestMatcher(api, carriesToken(header))
                : api)
        .with(
            TokenkitConfigurer.tokenkit(tokens),
            tokenkit -> {
              tokenkit.problemDetails(true);
              jwt.ifUnique(tokenkit::jwt);
              if (header != null && !header.isEmpty()) {
                tokenkit.apiKeyHeader(apiKeyHeader(header));
              }
              String realm = properties.getManagement().getRealm();
              if (realm != null && !realm.isEmpty()) {
                try {
                  tokenkit.realm(realm);
                } catch (IllegalArgumentException e) {
                  throw new InvalidConfigurationPropertyValueException(
                      "tokenkit.management.realm", realm, String.valueOf(e.getMessage()));
                }
              }
            })
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
    return http.build();
  }

  /** {@code path} and everything below it. */
  static RequestMatcher paths(String path) {
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
    return new OrRequestMatcher(paths.matcher(path), paths.matcher(path + "/**"));
  }

  /** A request with {@code Authorization} or the API-key header (if there is one). */
  static RequestMatcher carriesToken(@Nullable String apiKeyHeader) {
    return request ->
        request.getHeader(HttpHeaders.AUTHORIZATION) != null
            || (apiKeyHeader != null
                && !apiKeyHeader.isEmpty()
                && request.getHeader(apiKeyHeader) != null);
  }

  static String basePath(TokenkitProperties properties) {
    return path("tokenkit.management.base-path", properties.getManagement().getBasePath());
  }

  /** A configured path, checked: {@code /segments} of a-z, 0-9 and {@code ._~-}. */
  static String path(String property, @Nullable String path) {
    if (path == null || !BASE_PATH.matcher(path).matches()) {
      throw new InvalidConfigurationPropertyValueException(
          property,
          String.valueOf(path),
          "must be one or more /segments of a-z, 0-9 and ._~- with no trailing slash");
    }
    return path;
  }

  private static String apiKeyHeader(String header) {
    try {
      TokenAuthenticationConverter.bearer().withApiKeyHeader(header); // validates the name
      return header;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "tokenkit.management.api-key-header", header, String.valueOf(e.getMessage()));
    }
  }
}

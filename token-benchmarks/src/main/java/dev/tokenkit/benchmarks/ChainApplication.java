package dev.tokenkit.benchmarks;

import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.spring.security.TokenkitConfigurer;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application on the starter with one endpoint behind three filter chains: {@code
 * /open/hello} permits everyone, {@code /api/hello} takes tokenkit tokens and long-term JWTs (the
 * starter's beans through {@link TokenkitConfigurer}), {@code /oauth/hello} takes HS512 JWTs
 * through Spring Security's own {@code oauth2ResourceServer().jwt()} (nimbus). Each chain is
 * stateless and answers 401 without a body to an unauthenticated request, so the three differ only
 * in how they authenticate.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ChainApplication.Hello.class)
public class ChainApplication {

  /** The key Spring's resource server checks HS512 signatures with: 64 bytes, as HS512 needs. */
  static final byte[] RESOURCE_SERVER_KEY =
      "0123456789abcdef".repeat(4).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The endpoint every chain guards. */
  @RestController
  public static class Hello {
    @GetMapping({"/open/hello", "/api/hello", "/oauth/hello"})
    public String hello() {
      return "hello";
    }
  }

  @Bean
  OwnerDirectory owners() {
    return Fixture.DIRECTORY;
  }

  @Bean
  @Order(1)
  SecurityFilterChain open(HttpSecurity http) throws Exception {
    return stateless(http.securityMatcher("/open/**"))
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain api(HttpSecurity http, TokenService tokens, JwtVerifier verifier)
      throws Exception {
    return stateless(http.securityMatcher("/api/**"))
        .with(TokenkitConfigurer.tokenkit(tokens), c -> c.jwt(verifier))
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain oauth(HttpSecurity http) throws Exception {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withSecretKey(new SecretKeySpec(RESOURCE_SERVER_KEY, "HmacSHA512"))
            .macAlgorithm(MacAlgorithm.HS512)
            .build();
    return stateless(http.securityMatcher("/oauth/**"))
        .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(decoder)))
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .build();
  }

  private static HttpSecurity stateless(HttpSecurity http) throws Exception {
    return http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .exceptionHandling(
            e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
  }
}

package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.TokenStoreException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** When the management API is served, and that it leaves the application's security alone. */
class ManagementConditionsTest {

  private static WebApplicationContextRunner runner() {
    return new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                WebMvcAutoConfiguration.class,
                ServletWebSecurityAutoConfiguration.class,
                TokenkitAutoConfiguration.class,
                TokenkitManagementAutoConfiguration.class))
        .withUserConfiguration(TokenkitAutoConfigurationTest.Users.class)
        .withPropertyValues("tokenkit.peppers.1=" + TokenkitAutoConfigurationTest.PEPPER);
  }

  @Test
  void offUnlessEnabled() {
    runner().run(context -> assertThat(context).doesNotHaveBean(TokenManagementController.class));
    runner()
        .withPropertyValues("tokenkit.management.enabled=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(TokenManagementController.class);
              assertThat(context).hasBean("tokenkitManagementSecurityFilterChain");
            });
  }

  @Test
  void badBasePathsAndHeaderNamesAreNamed() {
    for (String bad : new String[] {"tokens", "/tokens/", "/Tokens", "/a b", "/ключ", "/"}) {
      runner()
          .withPropertyValues(
              "tokenkit.management.enabled=true", "tokenkit.management.base-path=" + bad)
          .run(
              context ->
                  assertThat(context.getStartupFailure())
                      .as(bad)
                      .rootCause()
                      .hasMessageContaining("tokenkit.management.base-path"));
    }
    runner()
        .withPropertyValues(
            "tokenkit.management.enabled=true", "tokenkit.management.api-key-header=Authorization")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("tokenkit.management.api-key-header"));
    runner()
        .withPropertyValues(
            "tokenkit.management.enabled=true", "tokenkit.management.realm=say \"hi\"")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("tokenkit.management.realm"));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({TokenkitAutoConfigurationTest.Users.class, Plain.Hello.class})
  static class Plain {
    @RestController
    static class Hello {
      @GetMapping("/hello")
      String hello() {
        return "hello";
      }
    }
  }

  /** A store that fails its lists while {@link #DOWN} is set. */
  static final class FlakyStore extends ForwardingTokenStore {
    static final AtomicBoolean DOWN = new AtomicBoolean();

    FlakyStore() {
      super(MemoryTokenStore.create());
    }

    @Override
    public TokenPage list(TokenFilter filter, String cursor, int limit) {
      if (DOWN.get()) {
        throw new TokenStoreException("connection refused", new java.io.IOException("down"));
      }
      return super.list(filter, cursor, limit);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class OutageApp {
    @Bean
    TokenStore store() {
      return new FlakyStore();
    }

    @Bean
    OwnerDirectory owners() {
      return id -> Optional.of(Owner.of(id, true, Set.of("tokens:read")));
    }

    @Bean
    PermissionCatalog catalog() {
      return PermissionCatalog.builder().read("tokens", "read").build();
    }
  }

  @Test
  void aStoreOutageIs503WithRetryAfterAndHealthDown() throws Exception {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(OutageApp.class)
            .properties(
                Map.of(
                    "server.port", "0",
                    "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
                    "tokenkit.management.enabled", "true",
                    "logging.level.root", "off"))
            .run()) {
      String base =
          "http://127.0.0.1:" + app.getBean(Environment.class).getProperty("local.server.port");
      Actor admin = Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("tokens:read"));
      String token =
          app.getBean(TokenService.class)
              .create(admin, CreateTokenRequest.named("admin").build())
              .token();
      FlakyStore.DOWN.set(true);
      try {
        HttpResponse<String> down =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/tokenkit/tokens"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        ManagementApiTest.problem(down, 503, "unavailable", null);
        assertThat(down.headers().firstValue("Retry-After")).contains("5");
        assertThat(down.body()).doesNotContain("connection refused");
        assertThat(
                app.getBean("tokenkitHealthIndicator", TokenStoreHealthIndicator.class)
                    .health()
                    .getStatus()
                    .getCode())
            .isEqualTo("DOWN");
      } finally {
        FlakyStore.DOWN.set(false);
      }
    }
  }

  @Test
  void anApplicationWithoutChainsOfItsOwnKeepsSpringBootsDefaultSecurity() throws Exception {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(Plain.class)
            .properties(
                Map.of(
                    "server.port", "0",
                    "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
                    "tokenkit.management.enabled", "true",
                    "tokenkit.management.base-path", "/admin/tokens",
                    "logging.level.root", "warn"))
            .run()) {
      String base =
          "http://127.0.0.1:" + app.getBean(Environment.class).getProperty("local.server.port");
      assertThat(app.getBeansOfType(SecurityFilterChain.class)).hasSizeGreaterThanOrEqualTo(2);
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> hello =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(hello.statusCode()).isEqualTo(401); // Spring Boot's default chain still guards it
      Actor admin = Actor.of("admin", EnumSet.allOf(AdminPermission.class), java.util.Set.of());
      String token =
          app.getBean(TokenService.class)
              .create(admin, CreateTokenRequest.named("admin").build())
              .token();
      HttpResponse<String> list =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/admin/tokens"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // Authenticated by the management chain; this token's scope grants no tokens:read.
      assertThat(list.statusCode()).as(list.body()).isEqualTo(403);
      assertThat(list.body()).contains("admin_permission_missing");
      HttpResponse<String> anonymous =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/admin/tokens")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .get()
          .asString()
          .startsWith("Bearer");
    }
  }
}

package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/** The application decides who a management caller acts as, with a bean of its own. */
class ManagementActorMappingTest {

  static final Set<String> EVERYTHING = ManagementApiTest.ADMIN_PERMISSIONS;

  /** What the host's mapping answers for the next request: read-only admin, or nobody. */
  static final AtomicReference<Optional<Actor>> NEXT = new AtomicReference<>(Optional.empty());

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Host {
    @Bean
    OwnerDirectory owners() {
      return id -> Optional.of(Owner.of(id, true, EVERYTHING));
    }

    @Bean
    PermissionCatalog catalog() {
      return new ManagementApiTest.Host().catalog();
    }

    /** The host's own rule instead of the token's scope. */
    @Bean
    ManagementActorMapping actors() {
      return caller -> NEXT.get();
    }
  }

  @Test
  void theDefaultMappingActsOnlyForTokens() {
    assertThat(
            ManagementActorMapping.fromTokenScope()
                .actorFor(UsernamePasswordAuthenticationToken.authenticated("alice", null, null)))
        .isEmpty();
  }

  @Test
  void aHostMappingReplacesTheTokensScope() throws Exception {
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(Host.class)
            .properties(
                Map.of(
                    "server.port", "0",
                    "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
                    "tokenkit.management.enabled", "true",
                    "logging.level.root", "warn"))
            .run()) {
      assertThat(app.getBeansOfType(ManagementActorMapping.class)).containsOnlyKeys("actors");
      String base =
          "http://127.0.0.1:"
              + app.getBean(Environment.class).getProperty("local.server.port")
              + "/tokenkit/tokens";
      // A token whose scope grants every admin permission.
      Actor admin = Actor.of("admin", EnumSet.allOf(AdminPermission.class), EVERYTHING);
      String token =
          app.getBean(TokenService.class)
              .create(admin, CreateTokenRequest.named("admin").build())
              .token();

      NEXT.set(Optional.of(Actor.of("admin", EnumSet.of(AdminPermission.READ), EVERYTHING)));
      assertThat(send(base, "GET", token).statusCode()).isEqualTo(200);
      ManagementApiTest.problem(send(base, "POST", token), 403, "admin_permission_missing", null);

      NEXT.set(Optional.empty());
      HttpResponse<String> nobody = send(base, "GET", token);
      ManagementApiTest.problem(nobody, 403, "no_user", null);
      assertThat(nobody.body()).contains("acts for no user who may manage tokens");
    } finally {
      NEXT.set(Optional.empty());
    }
  }

  private static HttpResponse<String> send(String url, String method, String token)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    HttpRequest.BodyPublishers.ofString(
                        method.equals("POST") ? "{\"name\":\"more\"}" : ""))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}

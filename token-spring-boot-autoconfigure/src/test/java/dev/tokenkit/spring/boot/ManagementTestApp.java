package dev.tokenkit.spring.boot;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@link ManagementApiTest.Host} with the management API on a free port (memory store) and an admin
 * token holding every admin permission, for tests of single API features.
 */
final class ManagementTestApp implements AutoCloseable {

  static final Actor ADMIN =
      Actor.of("admin", EnumSet.allOf(AdminPermission.class), ManagementApiTest.ADMIN_PERMISSIONS);

  final ConfigurableApplicationContext context;
  final String origin;
  final String adminToken;

  private ManagementTestApp(ConfigurableApplicationContext context) {
    this.context = context;
    this.origin =
        "http://127.0.0.1:" + context.getBean(Environment.class).getProperty("local.server.port");
    this.adminToken =
        tokens()
            .create(ADMIN, CreateTokenRequest.named("admin").lifetime(Lifetime.NINETY_DAYS).build())
            .token();
  }

  static ManagementTestApp start() {
    return new ManagementTestApp(
        new SpringApplicationBuilder(ManagementApiTest.Host.class)
            .properties(
                Map.of(
                    "server.port", "0",
                    "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
                    "tokenkit.management.enabled", "true",
                    "logging.level.root", "warn"))
            .run());
  }

  TokenService tokens() {
    return context.getBean(TokenService.class);
  }

  /** {@code method path} with {@code token} as bearer and {@code body} (null: none) as JSON. */
  HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    context.close();
  }
}

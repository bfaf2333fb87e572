package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.TokenStore;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application with the starter and none of Spring Boot's JDBC support (no {@code
 * spring-boot-jdbc}, no {@code spring-boot-sql}: a service without a database) starts, on the
 * memory store. Run in a child JVM, since this module's own tests have those jars.
 */
class StarterWithoutJdbcTest {

  /** The application: the README's three steps, without a database. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class NoDatabase {
    @Bean
    OwnerDirectory owners() {
      return id -> Optional.of(Owner.of(id, true, Set.of("content:read")));
    }

    public static void main(String[] args) {
      SpringApplication app = new SpringApplication(NoDatabase.class);
      app.setWebApplicationType(WebApplicationType.NONE);
      try (ConfigurableApplicationContext context =
          app.run("--tokenkit.peppers.1=" + TokenkitAutoConfigurationTest.PEPPER)) {
        TokenService tokens = context.getBean(TokenService.class);
        Actor admin = Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));
        String token = tokens.create(admin, CreateTokenRequest.named("script").build()).token();
        boolean authenticated =
            tokens.authenticate(token, RequestContext.empty()).isAuthenticated();
        System.out.println(
            "store="
                + context.getBean(TokenStore.class).getClass().getPackageName()
                + " authenticated="
                + authenticated);
      }
    }
  }

  @Test
  void startsOnTheMemoryStore() throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                entry -> !entry.contains("spring-boot-jdbc") && !entry.contains("spring-boot-sql"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                NoDatabase.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(output)
        .containsPattern("store=dev\\.tokenkit\\.store\\.memory\\S* authenticated=true");
    assertThat(child.exitValue()).as(output).isZero();
  }
}

package dev.tokenkit.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The README's "Spring Boot in three steps", run as an application on the starter's dependencies
 * alone (plus H2 as the application's database), and kept verbatim: a block between {@code //
 * README:name BEGIN} and {@code // README:name END} equals the README block after {@code <!--
 * example:name -->}.
 */
class ThreeStepsTest {

  /** The host's user store, as the README's example assumes one. */
  interface UserRepository {
    Optional<User> findById(String id);
  }

  record User(String id, boolean active, Set<String> permissions) {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Application {

    @Bean
    UserRepository userRepository() {
      return id -> Optional.of(new User(id, !id.equals("gone"), Set.of("content:read")));
    }

    // README:boot-owners BEGIN
    @Bean
    OwnerDirectory owners(UserRepository users) {
      return id -> users.findById(id).map(u -> Owner.of(u.id(), u.active(), u.permissions()));
    }
    // README:boot-owners END
  }

  @Test
  void theThreeStepsGiveAWorkingTokenService() {
    String pepper = Base64.getEncoder().encodeToString(new byte[32]);
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(Application.class)
            .web(WebApplicationType.NONE)
            .properties(
                Map.of(
                    "tokenkit.peppers.1",
                    pepper,
                    "spring.datasource.url",
                    "jdbc:h2:mem:three-steps;DB_CLOSE_DELAY=-1"))
            .run()) {
      TokenService tokens = context.getBean(TokenService.class);
      Actor admin = Actor.of("alice", EnumSet.allOf(AdminPermission.class), Set.of());
      IssuedToken issued = tokens.create(admin, CreateTokenRequest.named("ci").build());
      assertThat(tokens.authenticate(issued.token(), RequestContext.empty()).isAuthenticated())
          .isTrue();
      assertThat(context.getBean(TokenStore.class).toString()).contains("JdbcTokenStore[H2");
      assertThatThrownBy(
              () -> tokens.create(admin, CreateTokenRequest.named("x").ownerId("gone").build()))
          .hasMessageContaining("ownerId"); // the directory says this user is deactivated
    }
  }

  @Test
  void readmeShowsTheStepsVerbatim() throws Exception {
    Path module = Path.of("").toAbsolutePath();
    List<String> readme =
        Files.readAllLines(module.getParent().resolve("README.md"), StandardCharsets.UTF_8);
    List<String> source =
        Files.readAllLines(
            module.resolve("src/test/java/dev/tokenkit/spring/boot/starter/ThreeStepsTest.java"),
            StandardCharsets.UTF_8);
    List<String> snippet =
        source
            .subList(
                source.indexOf("    // README:boot-owners BEGIN") + 1,
                source.indexOf("    // README:boot-owners END"))
            .stream()
            .map(line -> line.length() >= 4 ? line.substring(4) : line)
            .toList();
    assertThat(block(readme, "boot-owners", "```java")).isEqualTo(snippet);

    String pom = Files.readString(module.resolve("pom.xml"));
    String version = pom.substring(pom.indexOf("<version>") + 9, pom.indexOf("</version>"));
    assertThat(block(readme, "boot-dependency", "```xml"))
        .containsExactly(
            "<dependency>",
            "  <groupId>dev.tokenkit</groupId>",
            "  <artifactId>token-spring-boot-starter</artifactId>",
            "  <version>" + version + "</version>",
            "</dependency>");
  }

  private static List<String> block(List<String> readme, String name, String fence) {
    int open = -1;
    for (int i = 0; i < readme.size(); i++) {
      if (readme.get(i).startsWith("<!-- example:" + name + " ")) {
        open = i + 1;
      }
    }
    assertThat(open).as("README marker example:" + name).isPositive();
    assertThat(readme.get(open)).isEqualTo(fence);
    int close = open + 1;
    while (!readme.get(close).equals("```")) {
      close++;
    }
    return readme.subList(open + 1, close);
  }
}

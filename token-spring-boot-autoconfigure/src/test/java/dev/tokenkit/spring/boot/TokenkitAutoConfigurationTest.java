package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.PermissionModel;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenJwtIssuer;
import dev.tokenkit.core.TokenPolicy;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtIssuer;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.store.cache.CachingTokenStore;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TokenkitAutoConfigurationTest {

  static final String PEPPER = Base64.getEncoder().encodeToString(new byte[32]);
  static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
  static final Actor ADMIN = Actor.of("alice", EnumSet.allOf(AdminPermission.class), Set.of());

  /** The host's one required bean: its users. */
  @Configuration(proxyBeanMethods = false)
  static class Users {
    @Bean
    OwnerDirectory owners() {
      return id -> Optional.of(Owner.active(id));
    }
  }

  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class))
        .withUserConfiguration(Users.class)
        .withPropertyValues("tokenkit.peppers.1=" + PEPPER);
  }

  static ApplicationContextRunner withDatabase(String name) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                DataSourceAutoConfiguration.class, TokenkitAutoConfiguration.class))
        .withUserConfiguration(Users.class)
        .withPropertyValues(
            "tokenkit.peppers.1=" + PEPPER,
            "spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
  }

  static void createAndAuthenticate(TokenService tokens) {
    IssuedToken issued = tokens.create(ADMIN, CreateTokenRequest.named("ci").build());
    AuthResult result = tokens.authenticate(issued.token(), RequestContext.empty());
    assertThat(result.isAuthenticated()).isTrue();
  }

  @Test
  void withoutADataSourceTokensLiveInMemoryAndWork() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(TokenService.class);
              assertThat(context.getBean(TokenStore.class).getClass().getName()).contains("memory");
              assertThat(context).hasSingleBean(TokenkitMaintenance.class);
              assertThat(context).doesNotHaveBean(KeyRing.class);
              assertThat(context).doesNotHaveBean(JwtIssuer.class);
              createAndAuthenticate(context.getBean(TokenService.class));
            });
  }

  @Test
  void withADataSourceTokensLiveInItsDatabaseBehindTheCache() {
    withDatabase("cached")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(TokenStore.class)).isInstanceOf(CachingTokenStore.class);
              assertThat(context.getBean(TokenStore.class).toString())
                  .contains("JdbcTokenStore[H2");
              createAndAuthenticate(context.getBean(TokenService.class));
              assertThat(tables(context.getBean(DataSource.class))).contains("TOKENKIT_TOKENS");
            });
  }

  @Test
  void theCacheCanBeTurnedOffAndTheTablesRenamed() {
    withDatabase("plain")
        .withPropertyValues("tokenkit.cache.enabled=false", "tokenkit.jdbc.table-prefix=acme_")
        .run(
            context -> {
              assertThat(context.getBean(TokenStore.class).toString())
                  .startsWith("JdbcTokenStore[H2, table=acme_tokens");
              createAndAuthenticate(context.getBean(TokenService.class));
            });
  }

  @Test
  void schemaInitializationCanBeTurnedOff() {
    withDatabase("never")
        .withPropertyValues("tokenkit.jdbc.initialize-schema=never")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(tables(context.getBean(DataSource.class)))
                  .doesNotContain("TOKENKIT_TOKENS");
            });
  }

  @Test
  void aMasterKeyBringsTheKeyRingAndLongTermJwts() {
    runner()
        .withPropertyValues(
            "tokenkit.master-keys.1=" + MASTER_KEY,
            "tokenkit.jwt.issuer=https://acme.example",
            "tokenkit.jwt.audience=acme-api")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(KeyRing.class);
              assertThat(context).hasSingleBean(JwtIssuer.class).hasSingleBean(JwtVerifier.class);
              TokenService tokens = context.getBean(TokenService.class);
              IssuedToken server =
                  tokens.create(
                      ADMIN,
                      CreateTokenRequest.named("sync")
                          .kind(TokenKind.SERVER)
                          .issueJwt(true)
                          .build());
              String jwt = server.jwt().orElseThrow();
              assertThat(context.getBean(JwtVerifier.class).verify(jwt).valid()).isTrue();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class HostBeans {
    static final TokenStore STORE = MemoryTokenStore.create();
    static final PepperRing PEPPERS = PepperRing.of(7, new byte[40]);
    static final TokenPolicy POLICY = TokenPolicy.builder().allowOwnerless(true).build();
    static final PermissionModel MODEL = PermissionModel.none();
    static final KeyRing KEYS = KeyRing.of(3, new byte[32]);
    static final TokenJwtIssuer JWT = JwtIssuer.builder().issuer("host").build();

    @Bean
    TokenStore hostStore() {
      return STORE;
    }

    @Bean
    PepperRing hostPeppers() {
      return PEPPERS;
    }

    @Bean
    TokenPolicy hostPolicy() {
      return POLICY;
    }

    @Bean
    PermissionModel hostModel() {
      return MODEL;
    }

    @Bean
    KeyRing hostKeys() {
      return KEYS;
    }

    @Bean
    TokenJwtIssuer hostJwt() {
      return JWT;
    }
  }

  @Test
  void everyBeanTheHostDefinesReplacesTheDefault() {
    withDatabase("host")
        .withPropertyValues("tokenkit.master-keys.1=" + MASTER_KEY)
        .withUserConfiguration(HostBeans.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(TokenStore.class)).isSameAs(HostBeans.STORE);
              assertThat(context.getBean(PepperRing.class)).isSameAs(HostBeans.PEPPERS);
              assertThat(context.getBean(TokenPolicy.class)).isSameAs(HostBeans.POLICY);
              assertThat(context.getBean(PermissionModel.class)).isSameAs(HostBeans.MODEL);
              assertThat(context.getBean(KeyRing.class)).isSameAs(HostBeans.KEYS);
              assertThat(context.getBean(TokenJwtIssuer.class)).isSameAs(HostBeans.JWT);
              TokenService tokens = context.getBean(TokenService.class);
              // The host's store holds what the service writes.
              IssuedToken issued = tokens.create(ADMIN, CreateTokenRequest.named("x").build());
              assertThat(HostBeans.STORE.find(issued.id())).isPresent();
            });
    TokenService own =
        TokenService.builder()
            .store(MemoryTokenStore.create())
            .pepperRing(PepperRing.of(1, new byte[32]))
            .owners(id -> Optional.empty())
            .build();
    runner()
        .withBean(TokenService.class, () -> own)
        .run(context -> assertThat(context.getBean(TokenService.class)).isSameAs(own));
  }

  private static Set<String> tables(DataSource dataSource) throws Exception {
    Set<String> names = new java.util.TreeSet<>();
    try (Connection c = dataSource.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }
}

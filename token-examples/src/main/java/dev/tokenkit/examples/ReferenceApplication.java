package dev.tokenkit.examples;

import dev.tokenkit.core.AuditListener;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The reference server as a Spring Boot application on {@code token-spring-boot-starter}: the
 * starter gives the token service, the JDBC store with its cache, the usage flush and the admin API
 * (mounted at {@code /admin/tokens}); this class adds the product's side: its users, its pages and
 * permission catalog, its audit log, and the content and MindTouch endpoints, which authenticate
 * requests themselves (bearer tokens, JWTs, signed requests, HTTP message signatures) and answer
 * {@code {"error", "message"}} JSON.
 */
@SpringBootConfiguration
// No Spring Boot default user: it would print a generated password; the console users are ours.
@EnableAutoConfiguration(
    excludeName =
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@Import({
  ContentController.class,
  DeveloperTokensController.class,
  ReferenceErrors.class,
  ReferenceErrorPage.class
})
class ReferenceApplication {

  /** The seeded users: the token owners ({@code OwnerDirectory}) and their per-page rules. */
  @Bean
  Directory directory() {
    return new Directory();
  }

  @Bean
  PermissionCatalog catalog() {
    return Directory.CATALOG;
  }

  /** The pages, and the tree that root-node limits follow ({@code ResourceTree}). */
  @Bean
  ContentTree content() {
    return new ContentTree();
  }

  /** Tomcat's own error answers in JSON too ({@link JsonErrorReport}). */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReport.class.getName());
              }
            });
  }

  /** The request target checked before anything else reads it ({@link RequestTarget}). */
  @Bean
  FilterRegistrationBean<RequestTarget> requestTarget() {
    FilterRegistrationBean<RequestTarget> registration =
        new FilterRegistrationBean<>(new RequestTarget());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /**
   * CORS preflights of the widget endpoint answered as the README says, before Spring MVC's own
   * CORS handling (which would answer them itself).
   */
  @Bean
  FilterRegistrationBean<WidgetPreflight> widgetPreflight() {
    FilterRegistrationBean<WidgetPreflight> registration =
        new FilterRegistrationBean<>(new WidgetPreflight());
    registration.addUrlPatterns("/widget", "/widget/*");
    return registration;
  }

  @Bean
  AuditListener auditLog() {
    return new AuditLog(Clock.systemUTC())::onEvent;
  }

  /** Lets tests wrap the store (to simulate an outage); the identity otherwise. */
  @Bean
  static BeanPostProcessor storeDecorator(UnaryOperator<TokenStore> decorator) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof TokenStore store && name.equals("tokenkitTokenStore")
            ? decorator.apply(store)
            : bean;
      }
    };
  }

  /**
   * The seeded users' console logins: the password is the user name followed by {@code -demo} (a
   * demo on the loopback interface only; a product keeps its own users). The deactivated user
   * cannot sign in.
   */
  @Bean
  UserDetailsService consoleUsers() {
    PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    List<UserDetails> users = new ArrayList<>();
    for (String name :
        List.of(
            Directory.ADMIN,
            Directory.EDITOR,
            Directory.VIEWER,
            Directory.AUDITOR,
            Directory.DEACTIVATED)) {
      users.add(
          User.withUsername(name)
              .password(encoder.encode(name + "-demo"))
              .disabled(name.equals(Directory.DEACTIVATED))
              .build());
    }
    return new InMemoryUserDetailsManager(users);
  }

  /**
   * The console's sign-in: Spring Security's form login at {@code /login} (and {@code /logout}),
   * with a session and CSRF protection, landing on the console. The console's page and its calls to
   * the admin API are the starter's chain, which reads this session.
   */
  @Bean
  @Order(5)
  SecurityFilterChain consoleLogin(HttpSecurity http) throws Exception {
    return http.securityMatcher("/login", "/logout")
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .formLogin(form -> form.defaultSuccessUrl("/console", true))
        .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
        .build();
  }

  /**
   * Everything but the starter's admin API and console, and the login: the controllers authenticate
   * for themselves, so the chain only keeps Spring Security's defaults (sessions, CSRF, login
   * pages) out of the way.
   */
  @Bean
  @Order(10)
  SecurityFilterChain productEndpoints(HttpSecurity http) throws Exception {
    return http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .securityContext(context -> context.disable())
        .anonymous(anonymous -> anonymous.disable())
        .headers(headers -> headers.cacheControl(cache -> cache.disable()))
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .build();
  }
}

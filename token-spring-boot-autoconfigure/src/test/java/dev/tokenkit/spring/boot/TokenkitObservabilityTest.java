package dev.tokenkit.spring.boot;

import static dev.tokenkit.spring.boot.TokenkitAutoConfigurationTest.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

class TokenkitObservabilityTest {

  private static ObservationRegistry observations(MeterRegistry meters) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return registry;
  }

  private static double count(MeterRegistry meters, String result, String reason, String kind) {
    var counter =
        meters
            .find(ObservedTokenService.COUNTER)
            .tags("result", result, "reason", reason, "kind", kind)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void authenticationsAreCountedAndTimedByResultReasonAndKindOnly() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TokenkitAutoConfigurationTest.runner()
        .withBean(MeterRegistry.class, () -> meters)
        .withBean(ObservationRegistry.class, () -> observations(meters))
        .run(
            context -> {
              TokenService tokens = context.getBean(TokenService.class);
              IssuedToken issued = tokens.create(ADMIN, CreateTokenRequest.named("ci").build());
              tokens.authenticate(issued.token(), RequestContext.empty());
              tokens.authenticate(issued.token(), RequestContext.empty());
              tokens.authenticate("garbage", RequestContext.empty());
              String wrongSecret =
                  TokenFormat.defaults().format(TokenKind.API, issued.id(), "x".repeat(32));
              tokens.authenticate(wrongSecret, RequestContext.empty());

              assertThat(count(meters, "authenticated", "none", "api")).isEqualTo(2);
              assertThat(count(meters, "rejected", "malformed", "unknown")).isEqualTo(1);
              assertThat(count(meters, "rejected", "bad_secret", "api")).isEqualTo(1);
              var timer =
                  meters
                      .find(ObservedTokenService.OBSERVATION)
                      .tags("result", "authenticated", "kind", "api")
                      .timer();
              assertThat(timer).isNotNull();
              assertThat(timer.count()).isEqualTo(2);
              assertThat(meters.find("tokenkit.usage.pending").gauge().value()).isEqualTo(1);

              // Bounded cardinality: no tag ever carries a token, a secret or an id.
              for (Meter meter : meters.getMeters()) {
                for (Tag tag : meter.getId().getTags()) {
                  assertThat(tag.getValue())
                      .doesNotContain(issued.id().value())
                      .doesNotContain("garbage");
                }
              }
              tokens.usage().flush();
              assertThat(meters.find("tokenkit.usage.pending").gauge().value()).isZero();
            });
  }

  @Test
  void withoutAMeterRegistryTheServiceIsNotWrapped() {
    TokenkitAutoConfigurationTest.runner()
        .run(
            context ->
                assertThat(context.getBean(TokenService.class))
                    .isNotInstanceOf(ObservedTokenService.class));
  }

  @Test
  void theStoreIsHealthyWhileItAnswers() {
    TokenkitAutoConfigurationTest.runner()
        .run(
            context -> {
              HealthIndicator health =
                  context.getBean("tokenkitHealthIndicator", HealthIndicator.class);
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            });
  }

  @Test
  void healthIsDownWithTheReasonWhileTheDatabaseFailsAndUpAgainAfter() {
    TokenkitAutoConfigurationTest.withDatabase("health")
        .run(
            context -> {
              HealthIndicator indicator =
                  context.getBean("tokenkitHealthIndicator", HealthIndicator.class);
              assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
              DataSource dataSource = context.getBean(DataSource.class);
              try (Connection c = dataSource.getConnection();
                  Statement s = c.createStatement()) {
                s.execute("DROP ALL OBJECTS");
              }
              Health down = indicator.health();
              assertThat(down.getStatus()).isEqualTo(Status.DOWN);
              assertThat(String.valueOf(down.getDetails().get("error"))).isNotBlank();
              assertThat(down.getDetails().toString()).doesNotContain("Exception");

              TokenStore store = context.getBean(TokenStore.class);
              assertThat(store.toString()).contains("JdbcTokenStore");
              dev.tokenkit.store.jdbc.JdbcTokenStore.builder()
                  .dataSource(dataSource)
                  .dialect(dev.tokenkit.store.jdbc.SqlDialect.H2)
                  .build()
                  .createSchemaIfMissing();
              assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            });
  }
}

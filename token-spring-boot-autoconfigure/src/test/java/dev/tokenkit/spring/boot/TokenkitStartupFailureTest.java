package dev.tokenkit.spring.boot;

import static dev.tokenkit.spring.boot.TokenkitAutoConfigurationTest.MASTER_KEY;
import static dev.tokenkit.spring.boot.TokenkitAutoConfigurationTest.PEPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Every way startup can be refused says what is wrong, naming the property, and what to do. */
class TokenkitStartupFailureTest {

  private static Throwable failure(ApplicationContextRunner runner) {
    Throwable[] failure = new Throwable[1];
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          failure[0] = context.getStartupFailure();
        });
    return failure[0];
  }

  private static TokenkitSetupException setup(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TokenkitSetupException setup) {
        return setup;
      }
    }
    throw new AssertionError("no TokenkitSetupException in " + failure);
  }

  /** The whole chain of messages: what Spring Boot prints for the failure. */
  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void aMissingOwnerDirectorySaysWhatToAdd() {
    Throwable failure =
        failure(
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class))
                .withPropertyValues("tokenkit.peppers.1=" + PEPPER));
    FailureAnalysis analysis = new TokenkitFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains("OwnerDirectory");
    assertThat(analysis.getAction()).contains("@Bean").contains("OwnerDirectory owners(");
    assertThat(setup(failure).getMessage()).contains("no bean of type");
  }

  @Test
  void aMissingPepperSaysHowToSetOne() {
    Throwable failure =
        failure(
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class))
                .withUserConfiguration(TokenkitAutoConfigurationTest.Users.class));
    FailureAnalysis analysis = new TokenkitFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains("tokenkit.peppers");
    assertThat(analysis.getAction()).contains("TOKENKIT_PEPPERS_1").contains("openssl rand");
  }

  @Test
  void aPepperComesFromTheEnvironment() {
    TokenkitAutoConfigurationTest.runner()
        .withPropertyValues("tokenkit.peppers.1=") // only the environment's value counts
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "env", Map.of("TOKENKIT_PEPPERS_1", PEPPER))))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              TokenkitAutoConfigurationTest.createAndAuthenticate(
                  context.getBean(dev.tokenkit.core.TokenService.class));
            });
  }

  /** An application with tokenkit and a user directory, as a host has it. */
  @SpringBootConfiguration
  @ImportAutoConfiguration({
    DataSourceAutoConfiguration.class,
    TokenkitRateLimitAutoConfiguration.class,
    TokenkitAutoConfiguration.class
  })
  @Import(TokenkitAutoConfigurationTest.Users.class)
  static class Host {}

  /**
   * Starts the application with {@code property=value} and answers the failure analysis Spring Boot
   * printed (description and action), which must name the property and the reason.
   */
  private static String refused(String property, String value, String reason, String... more) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("tokenkit.peppers.1", PEPPER);
    for (String setting : more) {
      properties.put(
          setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
    }
    properties.put("logging.level.root", "off");
    properties.put(property, value);
    SpringApplication application =
        new SpringApplicationBuilder(Host.class)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .properties(properties)
            .build();
    RecordingReporter.LAST.set(null);
    assertThatThrownBy(application::run).as(property).isInstanceOf(RuntimeException.class);
    FailureAnalysis analysis = RecordingReporter.LAST.get();
    assertThat(analysis).as(property + ": a failure analysis").isNotNull();
    String report = analysis.getDescription() + "\n" + analysis.getAction();
    assertThat(report).as(property).contains(property).contains(reason);
    assertThat(report).as(property).doesNotContain("dev.tokenkit.").doesNotContain("\tat ");
    return report;
  }

  @Test
  void everyInvalidPropertyIsNamed() {
    String shortPepper = Base64.getEncoder().encodeToString(new byte[31]);
    refused("tokenkit.peppers.1", shortPepper, "at least 32 bytes");
    refused("tokenkit.peppers.1", "not base64!", "must be base64");
    refused("tokenkit.peppers.1", "ｂａｓｅ６４", "must be base64");
    refused("tokenkit.peppers.0", PEPPER, "at least 1");
    refused(
        "tokenkit.master-keys.1",
        Base64.getEncoder().encodeToString(new byte[36]),
        "exactly 32 bytes");
    refused("tokenkit.master-keys.1", "%%%", "must be base64");
    refused("tokenkit.policy.default-lifetime", "1y", "one of 7d, 30d, 90d, unlimited");
    refused("tokenkit.policy.default-lifetime", "", "one of 7d, 30d, 90d, unlimited");
    refused("tokenkit.policy.max-lifetime", "-1d", "positive");
    refused("tokenkit.policy.max-lifetime", "4000000d", "10000 years");
    refused("tokenkit.policy.max-grace-period", "-1s", "0 to 10000 years");
    refused("tokenkit.signature-window", "0s", "positive");
    refused("tokenkit.signature-window", "2h", "at most PT1H");
    refused("tokenkit.usage.flush-interval", "0s", "positive");
    refused("tokenkit.purge.interval", "-5m", "positive");
    refused(
        "tokenkit.jwt.issuer", " ", "must not be blank", "tokenkit.master-keys.1=" + MASTER_KEY);
    refused("tokenkit.jwt.lifetime", "0s", "positive", "tokenkit.master-keys.1=" + MASTER_KEY);
    refused("tokenkit.jdbc.table-prefix", "Bad-Prefix", "tablePrefix");
    refused("tokenkit.jdbc.initialize-schema", "sometimes", "one of embedded, always, never");
    refused("tokenkit.jdbc.initialize-schema", "", "one of embedded, always, never");
    refused("tokenkit.cache.ttl", "2h", "at most");
    refused("tokenkit.cache.maximum-size", "0", "positive");
    refused("tokenkit.cache.poll-interval", "5ms", "must be 10ms to 10s");
    refused("tokenkit.cache.poll-interval", "11s", "must be 10ms to 10s");
    refused("tokenkit.rate-limits.maximum-tokens", "0", "must be 1 to 100000000");
    refused("tokenkit.rate-limits.maximum-tokens", "-5", "must be 1 to 100000000");
    refused("tokenkit.rate-limits.store", "postgresql", "no single PostgreSQL data source");
  }

  @Test
  void aValueSpringCannotConvertIsNamedToo() {
    refused("tokenkit.usage.flush-interval", "soon", "soon");
    refused("tokenkit.policy.allow-unlimited", "perhaps", "perhaps");
    refused("tokenkit.rate-limits.store", "redis", "must be memory or postgresql");
  }

  @Test
  void aDefaultLifetimeThePolicyForbidsIsNamed() {
    Throwable failure =
        failure(
            TokenkitAutoConfigurationTest.runner()
                .withPropertyValues(
                    "tokenkit.policy.default-lifetime=unlimited",
                    "tokenkit.policy.allow-unlimited=false"));
    assertThat(messages(failure)).contains("tokenkit.policy.default-lifetime");
  }

  @Test
  void secretsAreNeverEchoed() {
    String shortPepper =
        Base64.getEncoder().encodeToString("s3cret-but-short".getBytes(StandardCharsets.UTF_8));
    assertThat(refused("tokenkit.peppers.2", shortPepper, "at least 32 bytes"))
        .contains("(hidden)")
        .doesNotContain(shortPepper);
    String shortKey = MASTER_KEY.substring(4);
    assertThat(refused("tokenkit.master-keys.1", shortKey, "exactly 32 bytes"))
        .doesNotContain(shortKey);
  }

  @Test
  void viewAgainWithoutAMasterKeySaysWhichPropertyToSet() {
    Throwable failure =
        failure(
            TokenkitAutoConfigurationTest.runner().withPropertyValues("tokenkit.view-again=true"));
    FailureAnalysis analysis = new TokenkitFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getAction()).contains("tokenkit.master-keys.1");
  }
}

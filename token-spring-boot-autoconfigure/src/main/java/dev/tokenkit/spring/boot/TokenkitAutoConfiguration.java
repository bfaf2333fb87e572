package dev.tokenkit.spring.boot;

import dev.tokenkit.core.AuditListener;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.NodeAccess;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.PermissionModel;
import dev.tokenkit.core.RateLimiter;
import dev.tokenkit.core.ResourceTree;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenJwtIssuer;
import dev.tokenkit.core.TokenPolicy;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtIssuer;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.store.spi.TokenStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * tokenkit from {@code tokenkit.*} properties: the {@link TokenService} over a JDBC store on the
 * application's {@code DataSource} (cached) or else a memory store, its pepper ring, key ring,
 * policy and permission model, long-term JWTs when a master key is set, and the usage flush and
 * expired-token purge on Spring's scheduler. The host provides an {@link OwnerDirectory}; every
 * bean here backs off when the host defines its own.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(TokenkitProperties.class)
@Import({TokenkitStoreConfiguration.Jdbc.class, TokenkitStoreConfiguration.Memory.class})
public final class TokenkitAutoConfiguration {

  /** Spring creates this configuration. */
  public TokenkitAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  PepperRing tokenkitPepperRing(TokenkitProperties properties) {
    return TokenkitSettings.peppers(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnMasterKeys.class)
  KeyRing tokenkitKeyRing(TokenkitProperties properties) {
    KeyRing ring = TokenkitSettings.masterKeys(properties);
    if (ring == null) {
      throw new IllegalStateException("tokenkit.master-keys is empty"); // the condition said not
    }
    return ring;
  }

  @Bean
  @ConditionalOnMissingBean
  TokenPolicy tokenkitPolicy(TokenkitProperties properties) {
    return TokenkitSettings.policy(properties.getPolicy());
  }

  @Bean
  @ConditionalOnMissingBean
  PermissionModel tokenkitPermissionModel(
      ObjectProvider<PermissionCatalog> catalog,
      ObjectProvider<ResourceTree> tree,
      ObjectProvider<NodeAccess> nodeAccess) {
    PermissionModel.Builder model = PermissionModel.builder();
    catalog.ifUnique(model::catalog);
    tree.ifUnique(model::resourceTree);
    nodeAccess.ifUnique(model::nodeAccess);
    return model.build();
  }

  @Bean
  @ConditionalOnMissingBean
  TokenService tokenkitTokenService(
      TokenkitProperties properties,
      TokenStore store,
      PepperRing peppers,
      ObjectProvider<KeyRing> keyRing,
      TokenPolicy policy,
      PermissionModel permissionModel,
      ObjectProvider<OwnerDirectory> owners,
      ObjectProvider<TokenJwtIssuer> jwtIssuer,
      ObjectProvider<AuditListener> listeners,
      ObjectProvider<Clock> clock,
      ObjectProvider<TokenFormat> format,
      ObjectProvider<RateLimiter> rateLimiter,
      ObjectProvider<TokenServiceDecorator> decorators) {
    OwnerDirectory directory = owners.getIfUnique();
    if (directory == null) {
      throw TokenkitSetupException.missingOwnerDirectory();
    }
    if (properties.isViewAgain() && keyRing.getIfUnique() == null) {
      throw new TokenkitSetupException(
          "tokenkit.view-again is true, but there is no master key to seal API-token secrets with.",
          "Set tokenkit.master-keys.1 (32 random bytes in base64, from your environment or secret"
              + " store) or turn tokenkit.view-again off.");
    }
    TokenService.Builder builder =
        TokenService.builder()
            .store(store)
            .pepperRing(peppers)
            .policy(policy)
            .permissionModel(permissionModel)
            .owners(directory)
            .signatureWindow(TokenkitSettings.signatureWindow(properties))
            .viewAgain(properties.isViewAgain());
    TokenFormat tokenFormat = format.getIfUnique(TokenFormat::defaults);
    builder.format(tokenFormat);
    keyRing.ifUnique(builder::keyRing);
    jwtIssuer.ifUnique(builder::jwtIssuer);
    rateLimiter.ifUnique(builder::rateLimiter);
    clock.ifUnique(builder::clock);
    listeners.orderedStream().forEach(builder::auditListener);
    TokenService tokens;
    try {
      tokens = builder.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new TokenkitSetupException(
          "tokenkit's settings do not fit together: " + e.getMessage(),
          "Review the tokenkit.* properties and the tokenkit beans you defined.",
          e);
    }
    for (TokenServiceDecorator decorator : decorators.orderedStream().toList()) {
      tokens = decorator.decorate(tokens, tokenFormat);
    }
    return tokens;
  }

  @Bean
  @ConditionalOnMissingBean
  TokenkitMaintenance tokenkitMaintenance(
      TokenService tokens,
      TokenStore store,
      TokenkitProperties properties,
      ObjectProvider<TaskScheduler> scheduler,
      ObjectProvider<Clock> clock,
      ObjectProvider<TokenkitMaintenance.PurgeTask> purgeTasks,
      ObjectProvider<TokenkitMaintenance.RepeatingTask> repeatingTasks,
      ApplicationEventPublisher events) {
    return new TokenkitMaintenance(
        tokens.usage(),
        store,
        TokenkitSettings.flushInterval(properties),
        properties.getPurge().isEnabled() ? TokenkitSettings.purgeInterval(properties) : null,
        properties.getExpiryNotices().isEnabled()
            ? new TokenkitMaintenance.ExpiryNoticeSchedule(
                tokens,
                TokenkitSettings.noticeInterval(properties),
                TokenkitSettings.noticeBefore(properties),
                events)
            : null,
        purgeTasks.orderedStream().toList(),
        repeatingTasks.orderedStream().toList(),
        scheduler,
        clock.getIfUnique(Clock::systemUTC));
  }

  /** Metrics and observations of authentication, when Micrometer is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, ObservationRegistry.class})
  static class Metrics {

    @Bean
    TokenServiceDecorator tokenkitInstrumentation(
        ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
      return new TokenkitInstrumentation(meters, observations);
    }

    @Bean
    MeterBinder tokenkitCacheMetrics(ObjectProvider<TokenStore> store) {
      return registry -> {
        TokenStore tokens = store.getIfUnique();
        if (tokens != null
            && ClassUtils.isPresent(
                "dev.tokenkit.store.cache.CachingTokenStore", Metrics.class.getClassLoader())) {
          CacheMetrics.bind(tokens, registry);
        }
      };
    }
  }

  /** The store's health for Actuator, when Spring Boot's health support is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {

    @Bean
    @ConditionalOnMissingBean(name = "tokenkitHealthIndicator")
    TokenStoreHealthIndicator tokenkitHealthIndicator(TokenStore store) {
      return new TokenStoreHealthIndicator(store);
    }
  }

  /** Long-term JWTs for server tokens, when token-jwt is present and a master key is set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JwtIssuer.class)
  @Conditional(OnMasterKeys.class)
  static class Jwt {

    @Bean
    @ConditionalOnMissingBean(TokenJwtIssuer.class)
    JwtIssuer tokenkitJwtIssuer(TokenkitProperties properties, ObjectProvider<Clock> clock) {
      TokenkitProperties.Jwt jwt = properties.getJwt();
      JwtIssuer.Builder issuer =
          JwtIssuer.builder()
              .issuer(TokenkitSettings.jwtIssuer(jwt))
              .lifetime(TokenkitSettings.jwtLifetime(jwt));
      String audience = jwt.getAudience();
      if (audience != null && !audience.isBlank()) {
        issuer.audience(audience);
      }
      clock.ifUnique(issuer::clock);
      return issuer.build();
    }

    @Bean
    @ConditionalOnMissingBean
    JwtVerifier tokenkitJwtVerifier(
        TokenService tokens, TokenkitProperties properties, ObjectProvider<Clock> clock) {
      TokenkitProperties.Jwt jwt = properties.getJwt();
      JwtVerifier.Builder verifier =
          JwtVerifier.builder()
              .tokenService(tokens)
              .expectedIssuer(TokenkitSettings.jwtIssuer(jwt));
      String audience = jwt.getAudience();
      if (audience != null && !audience.isBlank()) {
        verifier.expectedAudience(audience);
      }
      clock.ifUnique(verifier::clock);
      return verifier.build();
    }
  }
}

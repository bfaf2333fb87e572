package dev.tokenkit.spring.boot;

import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.core.UsageRecorder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Adds metrics and observations to the auto-configured {@link TokenService} when the application
 * has a {@link MeterRegistry}: {@link ObservedTokenService} around authentication, and the gauge
 * {@code tokenkit.usage.pending} (noted uses not yet written). Kept apart so that Micrometer's
 * classes load only when Micrometer is present.
 */
final class TokenkitInstrumentation implements TokenServiceDecorator {

  private final ObjectProvider<MeterRegistry> meters;
  private final ObjectProvider<ObservationRegistry> observations;

  TokenkitInstrumentation(
      ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations) {
    this.meters = meters;
    this.observations = observations;
  }

  @Override
  public TokenService decorate(TokenService tokens, TokenFormat format) {
    MeterRegistry registry = meters.getIfUnique();
    if (registry == null) {
      return tokens;
    }
    UsageRecorder usage = tokens.usage();
    Gauge.builder("tokenkit.usage.pending", usage, UsageRecorder::pending)
        .description("Token uses noted in memory and not yet written to the store")
        .register(registry);
    return new ObservedTokenService(tokens, registry, observations.getIfUnique(), format);
  }
}

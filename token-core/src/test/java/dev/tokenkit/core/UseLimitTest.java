package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Tokens limited to a number of uses: each success uses one, atomically, and then no more. */
class UseLimitTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.service();

  @Test
  void eachSuccessUsesOneAndThenTheTokenIsRefused() {
    IssuedToken token = service.create(f.admin, CreateTokenRequest.named("three").uses(3).build());
    assertThat(token.record().remainingUses()).hasValue(3);
    for (int i = 0; i < 3; i++) {
      assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    }
    AuthResult refused = service.authenticate(token.token(), null);
    assertThat(TokenLifecycleTest.rejection(refused)).isEqualTo(RejectionReason.USAGE_EXCEEDED);
    assertThat(refused.httpStatus()).isEqualTo(403);
    assertThat(RejectionReason.USAGE_EXCEEDED.outwardError()).isEqualTo("usage_exceeded");
    assertThat(service.get(f.admin, token.record().id()).orElseThrow().remainingUses()).hasValue(0);
    assertThat(f.events)
        .filteredOn(e -> e.type() == AuditEvent.Type.REJECTED)
        .extracting(e -> e.reason().orElseThrow())
        .containsExactly(RejectionReason.USAGE_EXCEEDED);
  }

  @Test
  void aRequestRefusedForAnotherReasonUsesNothing() {
    IssuedToken token =
        service.create(
            f.admin,
            CreateTokenRequest.named("bound")
                .uses(2)
                .access(
                    dev.tokenkit.store.spi.TokenAccess.fullAccess()
                        .withAllowedCidrs(List.of("10.0.0.0/8")))
                .build());
    RequestContext outside = RequestContext.builder().clientAddress("192.0.2.1").build();
    RequestContext inside = RequestContext.builder().clientAddress("10.1.2.3").build();
    for (int i = 0; i < 5; i++) {
      assertThat(TokenLifecycleTest.rejection(service.authenticate(token.token(), outside)))
          .isEqualTo(RejectionReason.CLIENT_NOT_ALLOWED);
    }
    service.update(f.admin, token.record().id(), TokenUpdate.builder().enabled(false).build());
    assertThat(TokenLifecycleTest.rejection(service.authenticate(token.token(), inside)))
        .isEqualTo(RejectionReason.DISABLED);
    assertThat(service.get(f.admin, token.record().id()).orElseThrow().remainingUses()).hasValue(2);
  }

  @Test
  void aTokenWithoutALimitKeepsTheWriteFreePath() {
    IssuedToken token = service.create(f.admin, CreateTokenRequest.named("free").build());
    int writes = f.store.writes.get();
    for (int i = 0; i < 10; i++) {
      assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    }
    assertThat(f.store.writes.get()).isEqualTo(writes);
    assertThat(token.record().remainingUses()).isEmpty();
  }

  @Test
  void anAdminSetsReplacesAndLiftsTheLimit() {
    IssuedToken token = service.create(f.admin, CreateTokenRequest.named("edited").uses(1).build());
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isFalse();
    service.update(f.admin, token.record().id(), TokenUpdate.builder().uses(2).build());
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    service.update(f.admin, token.record().id(), TokenUpdate.builder().unlimitedUses().build());
    for (int i = 0; i < 5; i++) {
      assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    }
    assertThat(f.events)
        .filteredOn(e -> e.type() == AuditEvent.Type.UPDATED)
        .flatExtracting(AuditEvent::changes)
        .contains(
            AuditEvent.Change.of("remainingUses", "0", "2"),
            AuditEvent.Change.of("remainingUses", "1", null));
  }

  @Test
  void limitsOutOfRangeAreRefusedNamingTheField() {
    for (long bad :
        new long[] {
          0, -1, Long.MIN_VALUE, dev.tokenkit.store.spi.UseRefill.MAX_USES + 1, Long.MAX_VALUE
        }) {
      assertThatThrownBy(() -> CreateTokenRequest.named("x").uses(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("uses");
      assertThatThrownBy(() -> TokenUpdate.builder().uses(bad)).hasMessageStartingWith("uses");
    }
  }

  @Test
  void manyThreadsOnTwoNodesNeverUseMoreThanTheLimit() throws Exception {
    IssuedToken token =
        service.create(f.admin, CreateTokenRequest.named("contended").uses(50).build());
    List<TokenService> nodes = List.of(service, f.service());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger accepted = new AtomicInteger();
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        TokenService node = nodes.get(t % 2);
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 20; i++) {
                    if (node.authenticate(token.token(), null).isAuthenticated()) {
                      accepted.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> run : runs) {
        run.get();
      }
      assertThat(accepted.get()).isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void usesComeBackEachPeriodWhenTheTokenHasARefill() {
    IssuedToken token =
        service.create(
            f.admin,
            CreateTokenRequest.named("hourly")
                .uses(2)
                .usesRefill(java.time.Duration.ofHours(1))
                .build());
    assertThat(token.record().usesRefill().orElseThrow().periodStart()).isEqualTo(Fixtures.T0);
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(TokenLifecycleTest.rejection(service.authenticate(token.token(), null)))
        .isEqualTo(RejectionReason.USAGE_EXCEEDED);
    f.clock.advance(java.time.Duration.ofMinutes(61));
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(service.get(f.admin, token.record().id()).orElseThrow().remainingUses()).hasValue(1);
    // Without its refill, what is left is all there is.
    service.update(f.admin, token.record().id(), TokenUpdate.builder().noUsesRefill().build());
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    f.clock.advance(java.time.Duration.ofHours(3));
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isFalse();
    // A new limit with a daily refill, by edit.
    service.update(
        f.admin,
        token.record().id(),
        TokenUpdate.builder().uses(1).usesRefill(java.time.Duration.ofDays(1)).build());
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isFalse();
    f.clock.advance(java.time.Duration.ofDays(1));
    assertThat(service.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(f.events)
        .filteredOn(e -> e.type() == AuditEvent.Type.UPDATED)
        .flatExtracting(AuditEvent::changes)
        .contains(
            AuditEvent.Change.of("usesRefill", "PT1H", null),
            AuditEvent.Change.of("usesRefill", null, "PT24H"));
  }

  @Test
  void aRefillNeedsALimitAndASensiblePeriod() {
    for (java.time.Duration bad :
        java.util.Arrays.asList(
            null,
            java.time.Duration.ofSeconds(59),
            java.time.Duration.ofDays(367),
            java.time.Duration.ofMillis(90_500),
            java.time.Duration.ofSeconds(-3600))) {
      assertThatThrownBy(() -> CreateTokenRequest.named("x").uses(1).usesRefill(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("usesRefill");
      assertThatThrownBy(() -> TokenUpdate.builder().usesRefill(bad))
          .hasMessageStartingWith("usesRefill");
    }
    assertThatThrownBy(
            () ->
                service.create(
                    f.admin,
                    CreateTokenRequest.named("no limit")
                        .usesRefill(java.time.Duration.ofHours(1))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("usesRefill");
    IssuedToken free = service.create(f.admin, CreateTokenRequest.named("free").build());
    assertThatThrownBy(
            () ->
                service.update(
                    f.admin,
                    free.record().id(),
                    TokenUpdate.builder().usesRefill(java.time.Duration.ofHours(1)).build()))
        .hasMessageStartingWith("usesRefill");
  }
}

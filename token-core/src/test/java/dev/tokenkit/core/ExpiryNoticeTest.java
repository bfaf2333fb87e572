package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Tokens about to expire: listed for admins, and one notice per expiry, however many nodes. */
class ExpiryNoticeTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.service();

  private IssuedToken token(String name, Lifetime lifetime) {
    return service.create(f.admin, CreateTokenRequest.named(name).lifetime(lifetime).build());
  }

  private static Lifetime inDays(int days) {
    return Lifetime.until(Fixtures.T0.plus(Duration.ofDays(days)));
  }

  @Test
  void onlyActiveTokensExpiringWithinTheWindowAreListed() {
    token("in three days", inDays(3));
    token("in ten days", inDays(10));
    token("never", Lifetime.UNLIMITED);
    IssuedToken revoked = token("revoked, in two days", inDays(2));
    service.revoke(f.admin, revoked.record().id());
    IssuedToken disabled = token("disabled, in two days", inDays(2));
    service.update(f.admin, disabled.record().id(), TokenUpdate.builder().enabled(false).build());
    assertThat(names(service.listExpiring(f.admin, Duration.ofDays(7), null, 100)))
        .containsExactly("in three days");
    assertThat(names(service.listExpiring(f.admin, Duration.ofDays(11), null, 100)))
        .containsExactlyInAnyOrder("in three days", "in ten days");
    // Past its expiry a token is expired, not expiring.
    f.clock.advance(Duration.ofDays(4));
    assertThat(names(service.listExpiring(f.admin, Duration.ofDays(7), null, 100)))
        .containsExactly("in ten days");
  }

  @Test
  void pagesMayBeShortButTheCursorReachesEveryExpiringToken() {
    for (int i = 0; i < 7; i++) {
      token("soon " + i, inDays(2));
      token("later " + i, inDays(60));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      TokenPage page = service.listExpiring(f.admin, Duration.ofDays(7), cursor, 3);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
      seen.addAll(names(page));
      cursor = page.nextCursor().orElse(null);
      pages++;
    } while (cursor != null);
    assertThat(seen).hasSize(7).allMatch(name -> name.startsWith("soon "));
    assertThat(pages).isGreaterThanOrEqualTo(5); // 14 tokens, 3 at a time
  }

  @Test
  void listingNeedsTheReadPermissionAndASensibleWindow() {
    Actor nobody = Actor.of("alice", EnumSet.noneOf(AdminPermission.class), Set.of());
    assertThatThrownBy(() -> service.listExpiring(nobody, Duration.ofDays(7), null, 10))
        .isInstanceOf(TokenAccessDeniedException.class);
    for (Duration bad :
        Arrays.asList(null, Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(367))) {
      assertThatThrownBy(() -> service.listExpiring(f.admin, bad, null, 10))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("within");
      assertThatThrownBy(() -> service.noticeExpiring(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("within");
    }
  }

  @Test
  void eachExpiryIsNoticedOnceAndAgainAfterAnExtension() {
    IssuedToken soon = token("soon", inDays(5));
    token("later", inDays(30));
    List<TokenRecord> first = service.noticeExpiring(Duration.ofDays(7));
    assertThat(first).extracting(TokenRecord::name).containsExactly("soon");
    assertThat(first.get(0).expiryNoticeFor()).contains(Fixtures.T0.plus(Duration.ofDays(5)));
    assertThat(service.noticeExpiring(Duration.ofDays(7))).isEmpty();
    List<AuditEvent> notices = expiringEvents();
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0).tokenId()).contains(soon.record().id());
    assertThat(notices.get(0).changes())
        .containsExactly(
            AuditEvent.Change.of(
                "expiresAt", null, Fixtures.T0.plus(Duration.ofDays(5)).toString()));
    // The notice changes nothing an admin or a client sees.
    assertThat(service.authenticate(soon.token(), null).isAuthenticated()).isTrue();
    TokenRecord stored = service.get(f.admin, soon.record().id()).orElseThrow();
    assertThat(stored.updatedAt()).isEqualTo(soon.record().updatedAt());

    // Extended by 20 days: no notice now, one when the new expiry approaches.
    service.update(f.admin, soon.record().id(), TokenUpdate.builder().lifetime(inDays(25)).build());
    assertThat(service.noticeExpiring(Duration.ofDays(7))).isEmpty();
    f.clock.advance(Duration.ofDays(19));
    assertThat(service.noticeExpiring(Duration.ofDays(7)))
        .extracting(TokenRecord::name)
        .containsExactlyInAnyOrder("soon");
    f.clock.advance(Duration.ofDays(5));
    assertThat(service.noticeExpiring(Duration.ofDays(7)))
        .extracting(TokenRecord::name)
        .containsExactly("later");
    assertThat(expiringEvents()).hasSize(3);
  }

  @Test
  void severalNodesAtOnceSendEachNoticeExactlyOnce() throws Exception {
    for (int i = 0; i < 60; i++) {
      token("expiring " + i, inDays(1 + i % 6));
    }
    // Four nodes: services of their own over the one store, each run from two threads at once.
    List<TokenService> nodes = List.of(f.service(), f.service(), f.service(), f.service());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<TokenRecord>>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        TokenService node = nodes.get(t % nodes.size());
        Callable<List<TokenRecord>> run =
            () -> {
              start.await();
              return node.noticeExpiring(Duration.ofDays(7));
            };
        runs.add(pool.submit(run));
      }
      start.countDown();
      List<String> noticed = new ArrayList<>();
      for (Future<List<TokenRecord>> run : runs) {
        run.get().forEach(r -> noticed.add(r.name()));
      }
      assertThat(noticed).hasSize(60).doesNotHaveDuplicates();
      assertThat(expiringEvents()).hasSize(60);
    } finally {
      pool.shutdownNow();
    }
  }

  private List<AuditEvent> expiringEvents() {
    return f.events.stream().filter(e -> e.type() == AuditEvent.Type.EXPIRING).toList();
  }

  private static List<String> names(TokenPage page) {
    return page.items().stream().map(TokenRecord::name).toList();
  }
}

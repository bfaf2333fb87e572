package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Audit events say where a request came from: the admin's token and the client's address. */
class AuditSourceTest {

  private final Fixtures f = new Fixtures();
  private final TokenService service = f.service();

  @Test
  void managementEventsCarryTheActorsTokenAndAddress() {
    TokenId adminToken = TokenId.of("AdminToken01");
    Actor admin = f.admin.withSource(adminToken, "192.0.2.7");
    IssuedToken t = service.create(admin, CreateTokenRequest.named("audited").build());
    service.update(admin, t.id(), TokenUpdate.builder().name("renamed").build());
    service.regenerate(admin, t.id(), Duration.ZERO);
    service.revoke(admin, t.id());
    service.delete(admin, t.id());
    assertThat(f.events)
        .hasSize(5)
        .allSatisfy(
            e -> {
              assertThat(e.actorId()).contains("admin");
              assertThat(e.actorTokenId()).contains(adminToken);
              assertThat(e.clientAddress()).contains("192.0.2.7");
              assertThat(e.toString()).contains("actorTokenId=AdminToken01", "192.0.2.7");
            });
    // Without a source, events say nothing about it.
    service.create(f.admin, CreateTokenRequest.named("plain").build());
    AuditEvent plain = f.events.get(f.events.size() - 1);
    assertThat(plain.actorTokenId()).isEmpty();
    assertThat(plain.clientAddress()).isEmpty();
    assertThatThrownBy(() -> f.admin.withSource(null, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authenticationEventsCarryTheClientAddress() {
    IssuedToken t = service.create(f.admin, CreateTokenRequest.named("used").build());
    f.events.clear();
    RequestContext from = RequestContext.builder().clientAddress("198.51.100.4").build();
    service.authenticate(t.token(), from);
    service.authenticate("tk_garbage", from);
    service.authenticate(t.token().substring(0, 15) + "x".repeat(38), from);
    assertThat(f.events)
        .extracting(AuditEvent::type)
        .containsExactly(
            AuditEvent.Type.AUTHENTICATED, AuditEvent.Type.REJECTED, AuditEvent.Type.REJECTED);
    assertThat(f.events).allSatisfy(e -> assertThat(e.clientAddress()).contains("198.51.100.4"));
    service.authenticate(t.token(), null);
    assertThat(f.events.get(f.events.size() - 1).clientAddress()).isEmpty();
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the value types say of themselves in logs and debuggers: the facts that identify them, only
 * the ones that are set, and never a secret; and their equality.
 */
class DescriptionsTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
  private static final TokenId ID = TokenId.of("abcdefghijk0");

  @Test
  void anActorNamesOnlyWhatItHas() {
    Actor plain = Actor.of("ann", EnumSet.of(AdminPermission.READ), Set.of());
    assertThat(plain).hasToString("Actor[id=ann, admin=[tokens.read]]");
    assertThat(plain.withRootNodes(List.of("/docs")).withTenant("t1"))
        .hasToString("Actor[id=ann, admin=[tokens.read], roots=[/docs], tenant=t1]");
    assertThat(plain.withSource(ID, "a".repeat(256))).isNotNull();
    assertThatThrownBy(() -> plain.withSource(ID, "a".repeat(257)))
        .hasMessageContaining("clientAddress must be 1 to 256 characters");
    assertThatThrownBy(() -> plain.withSource(ID, " "))
        .hasMessageContaining("clientAddress must be 1 to 256 characters");
  }

  @Test
  void anAuditEventNamesOnlyTheFieldsItHas() {
    AuditEvent bare = AuditEvent.of(AuditEvent.Type.CREATED, AT, ID, "n", null, List.of());
    assertThat(bare).hasToString("AuditEvent[CREATED at " + AT + ", tokenId=" + ID + "]");
    assertThat(bare.tokenName()).contains("n");
    AuditEvent.Change change = AuditEvent.Change.of("name", "a", "b");
    AuditEvent full =
        AuditEvent.of(AuditEvent.Type.UPDATED, AT, ID, "n", "ann", List.of(change))
            .withSource(ID, "10.0.0.1")
            .withTenant("t1");
    assertThat(full)
        .hasToString(
            "AuditEvent[UPDATED at "
                + AT
                + ", tokenId="
                + ID
                + ", tenant=t1, actorId=ann, actorTokenId="
                + ID
                + ", clientAddress=10.0.0.1, changes=[name: a -> b]]");
    assertThat(AuditEvent.rejected(AT, null, RejectionReason.REVOKED))
        .hasToString("AuditEvent[REJECTED at " + AT + ", tokenId=null, reason=REVOKED]");
  }

  @Test
  void changesAreEqualByFieldAndBothValues() {
    AuditEvent.Change c = AuditEvent.Change.of("name", "a", "b");
    assertThat(c).isEqualTo(AuditEvent.Change.of("name", "a", "b"));
    assertThat(c.hashCode()).isEqualTo(AuditEvent.Change.of("name", "a", "b").hashCode());
    assertThat(c)
        .isNotEqualTo(AuditEvent.Change.of("other", "a", "b"))
        .isNotEqualTo(AuditEvent.Change.of("name", null, "b"))
        .isNotEqualTo(AuditEvent.Change.of("name", "a", null))
        .isNotEqualTo("name: a -> b");
    assertThat(AuditEvent.Change.of("f", null, "b")).hasToString("f: null -> b");
  }

  @Test
  void lifetimesAreEqualByWhatTheyMean() {
    Instant when = AT.plus(Duration.ofDays(3));
    assertThat(Lifetime.until(when)).isEqualTo(Lifetime.until(when));
    assertThat(Lifetime.until(when).hashCode()).isEqualTo(Lifetime.until(when).hashCode());
    assertThat(Lifetime.until(when))
        .isNotEqualTo(Lifetime.until(when.plusSeconds(1)))
        .isNotEqualTo(Lifetime.SEVEN_DAYS)
        .isNotEqualTo(Lifetime.UNLIMITED)
        .isNotEqualTo(when);
    assertThat(Lifetime.SEVEN_DAYS)
        .isNotEqualTo(Lifetime.THIRTY_DAYS)
        .isNotEqualTo(Lifetime.UNLIMITED);
    assertThat(Lifetime.until(when)).hasToString("Lifetime[until " + when + "]");
    assertThat(Lifetime.NINETY_DAYS).hasToString("Lifetime[90 days]");
    assertThat(Lifetime.UNLIMITED).hasToString("Lifetime[unlimited]");
    assertThat(Lifetime.until(Lifetime.EARLIEST_EXPIRY).expiryFrom(AT)).contains(Instant.EPOCH);
    assertThatThrownBy(() -> Lifetime.until(Instant.EPOCH.minusNanos(1)))
        .hasMessageContaining("expiresAt must be between");
  }

  @Test
  void editsAndOwnersSayWhatTheyChangeOrHold() {
    assertThat(TokenUpdate.builder().name("x").build())
        .hasToString("TokenUpdate[name=x, enabled=null, lifetime=null]");
    assertThat(Owner.active("u1", "pages:read", "pages:write"))
        .hasToString("Owner[id=u1, active=true, permissions=2]");
    assertThat(RequestContext.builder().clientAddress("10.0.0.1").build())
        .hasToString("RequestContext[clientAddress=10.0.0.1, origin=null]");
    assertThat(AdminPermission.READ).hasToString("tokens.read");
  }
}

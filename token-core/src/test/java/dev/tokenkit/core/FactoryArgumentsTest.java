package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.TokenAccess;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every public factory and builder refuses bad input with a clear IllegalArgumentException. */
@SuppressWarnings("NullAway") // passes nulls on purpose
class FactoryArgumentsTest {

  private static void refused(Executable call, String messagePart) {
    assertThatThrownBy(call::execute)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(messagePart);
  }

  @Test
  void serviceBuilderNamesWhatIsMissing() {
    PepperRing ring = PepperRing.of(1, Fixtures.PEPPER_1);
    refused(() -> TokenService.builder().pepperRing(ring).build(), "store");
    refused(() -> TokenService.builder().store(MemoryTokenStore.create()).build(), "pepperRing");
    refused(
        () ->
            TokenService.builder()
                .store(MemoryTokenStore.create())
                .pepperRing(ring)
                .clock(null)
                .build(),
        "clock");
    refused(
        () ->
            TokenService.builder()
                .store(MemoryTokenStore.create())
                .pepperRing(ring)
                .policy(null)
                .build(),
        "policy");
    refused(() -> TokenService.builder().auditListener(null), "audit listener");
    refused(
        () -> TokenService.builder().store(MemoryTokenStore.create()).pepperRing(ring).build(),
        "OwnerDirectory");
    assertThat(
            TokenService.builder()
                .store(MemoryTokenStore.create())
                .pepperRing(ring)
                .owners(id -> java.util.Optional.empty())
                .secureRandom(null)
                .build())
        .isNotNull();
  }

  @Test
  void valueFactoriesRefuseNulls() {
    refused(() -> Owner.of(null, true, Set.of()), "owner id");
    refused(() -> Owner.of(" ", true, Set.of()), "owner id");
    refused(() -> IssuedToken.of(null, "x", "x"), "required");
    refused(() -> TokenPrincipal.of(null), "record");
    refused(() -> AuthResult.rejected(null), "reason");
    refused(() -> AuthResult.authenticated(null), "principal");
    refused(() -> AuditEvent.of(null, Instant.EPOCH, null, null, null, List.of()), "required");
    refused(
        () ->
            AuditEvent.of(
                AuditEvent.Type.REJECTED,
                Instant.EPOCH,
                dev.tokenkit.store.spi.TokenId.of("000000000000"),
                null,
                null,
                List.of()),
        "AuditEvent.rejected");
    refused(() -> AuditEvent.rejected(null, null, RejectionReason.MALFORMED), "required");
    refused(() -> AuditEvent.Change.of(null, "a", "b"), "field");
    refused(() -> TokenPolicy.builder().defaultLifetime(null), "defaultLifetime");
    refused(() -> Actor.of(null, Set.of(), Set.of()), "actor id");
    refused(() -> Actor.of("a", null, Set.of()), "must not be null");
    refused(() -> Actor.of("a", Set.of(), java.util.Arrays.asList("x:y", null)), "null");
    refused(() -> Owner.of("a", true, null), "permissions");
    refused(() -> PermissionModel.builder().catalog(null), "catalog");
    refused(() -> PermissionModel.builder().browserScope(null), "browserScope");
    refused(
        () -> PermissionModel.builder().browserScope(List.of("nope:read")).build(),
        "\"nope:read\"");
    refused(() -> CreateTokenRequest.builder().kind(null), "kind");
    refused(
        () ->
            CreateTokenRequest.builder().access(TokenAccess.fullAccess().withMode(null, List.of())),
        "access mode");
    refused(
        () ->
            CreateTokenRequest.builder()
                .access(TokenAccess.fullAccess().withMode(AccessMode.CUSTOM, null)),
        "scopes");
    refused(
        () -> CreateTokenRequest.builder().access(TokenAccess.fullAccess().withRootNodes(null)),
        "rootNodes");
    refused(
        () ->
            CreateTokenRequest.builder()
                .access(
                    TokenAccess.fullAccess()
                        .withAllowedOrigins(java.util.Arrays.asList("a.com", null))),
        "allowedOrigins");
    refused(
        () -> CreateTokenRequest.builder().access(TokenAccess.fullAccess().withAllowedCidrs(null)),
        "allowedCidrs");
    refused(() -> TokenUpdate.builder().access(null), "access change");
    refused(() -> TokenAccess.readOnly().withMode(null, List.of()), "access mode");
    refused(() -> TokenAccess.readOnly().withAllowedOrigins(null), "allowedOrigins");
    refused(() -> TokenAccess.custom((String[]) null), "scopes");
    refused(() -> TokenAccess.custom(), "scopes must not be empty");
    refused(() -> TokenAccess.readOnly().withMode(AccessMode.READ_ONLY, List.of("a:b")), "CUSTOM");
    refused(() -> PermissionModel.none().scopeOf(null, List.of()), "required");
    refused(() -> TokenPolicy.builder().maxGracePeriod(null), "maxGracePeriod");
  }
}

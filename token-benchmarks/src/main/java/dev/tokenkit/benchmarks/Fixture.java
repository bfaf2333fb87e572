package dev.tokenkit.benchmarks;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.PermissionModel;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A service with many tokens and a catalog, shared by the benchmarks and their smoke test. */
final class Fixture {

  static final byte[] PEPPER =
      "benchmark-pepper-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final Actor ADMIN = Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));

  /** Every token's owner (the admin), as a cached directory answer. */
  static final Optional<Owner> OWNER = Optional.of(Owner.active("admin", "*:*"));

  /** A host's directory answering from memory or a cache: everyone is the admin. */
  static final OwnerDirectory DIRECTORY =
      new OwnerDirectory() {
        @Override
        public Optional<Owner> find(String id) {
          return OWNER;
        }

        @Override
        public Optional<Owner> findByUsername(String username) {
          return OWNER;
        }
      };

  /** The sealing key of {@link #sealingService}; a host keeps its own in a secret store. */
  static final byte[] SEALING_KEY = new byte[32];

  /** 20 resources times 5 actions; reads and writes declared explicitly. */
  static final PermissionCatalog CATALOG = catalog();

  /** The service's access rules, for benchmarks that build principals themselves. */
  static final PermissionModel RULES = PermissionModel.builder().catalog(CATALOG).build();

  private Fixture() {}

  private static PermissionCatalog catalog() {
    PermissionCatalog.Builder b = PermissionCatalog.builder();
    for (int r = 0; r < 20; r++) {
      b.read("res" + r, "read", "list").write("res" + r, "write", "delete", "admin");
    }
    return b.build();
  }

  static TokenService service(TokenStore store) {
    return builder(store).build();
  }

  /** A service that also seals secrets, as server tokens' JWTs and signed requests need. */
  static TokenService sealingService(TokenStore store) {
    return builder(store).keyRing(KeyRing.of(1, SEALING_KEY)).build();
  }

  static TokenService.Builder builder(TokenStore store) {
    return TokenService.builder()
        .store(store)
        .pepperRing(PepperRing.of(1, PEPPER))
        .owners(DIRECTORY)
        .permissionModel(RULES);
  }

  /** Creates {@code count} API tokens and returns their strings. */
  static List<String> createTokens(TokenService service, int count) {
    List<String> tokens = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tokens.add(service.create(ADMIN, CreateTokenRequest.named("bench " + i).build()).token());
    }
    return tokens;
  }

  /** 50 custom permissions, three of them wildcards. */
  static List<String> customScope50() {
    List<String> scope = new ArrayList<>(List.of("res0:*", "res1:*", "*:read"));
    for (int r = 2; r < 20 && scope.size() < 50; r++) {
      for (String action : new String[] {"write", "delete", "admin"}) {
        if (scope.size() < 50) {
          scope.add("res" + r + ":" + action);
        }
      }
    }
    return List.copyOf(scope);
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.memory.MemoryTokenStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A service wired for tests: fixed clock, counting memory store, in-memory users, event log. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final byte[] PEPPER_1 =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PEPPER_2 =
      "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

  final MutableClock clock = new MutableClock(T0);
  final CountingStore store = new CountingStore(MemoryTokenStore.create());
  final Map<String, Owner> users = new ConcurrentHashMap<>();
  final List<AuditEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
  volatile RuntimeException directoryFailure;
  final OwnerDirectory owners =
      id -> {
        if (directoryFailure != null) {
          throw directoryFailure;
        }
        return Optional.ofNullable(users.get(id));
      };

  /** An admin holding every admin permission and every permission. */
  final Actor admin = Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));

  Fixtures() {
    users.put("admin", Owner.active("admin", "*:*"));
    users.put("alice", Owner.active("alice"));
    users.put("bob", Owner.active("bob"));
  }

  /** {@link #owners}, plus user names for signed requests: {@code alice.smith} is alice. */
  final OwnerDirectory ownersWithNames =
      new OwnerDirectory() {
        @Override
        public Optional<Owner> find(String id) {
          return owners.find(id);
        }

        @Override
        public Optional<Owner> findByUsername(String username) {
          return "alice.smith".equals(username) ? find("alice") : Optional.empty();
        }
      };

  /** A service that seals secrets and knows user names: for signed requests. */
  TokenService signingService() {
    return builder()
        .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
        .owners(ownersWithNames)
        .build();
  }

  TokenService.Builder builder() {
    return TokenService.builder()
        .store(store)
        .pepperRing(PepperRing.of(1, PEPPER_1))
        .clock(clock)
        .owners(owners)
        .auditListener(events::add);
  }

  TokenService service() {
    return builder().build();
  }

  List<AuditEvent.Type> eventTypes() {
    List<AuditEvent.Type> types = new ArrayList<>();
    synchronized (events) {
      events.forEach(e -> types.add(e.type()));
    }
    return types;
  }
}

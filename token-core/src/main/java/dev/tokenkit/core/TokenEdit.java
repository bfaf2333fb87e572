package dev.tokenkit.core;

import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.UseRefill;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One {@link TokenUpdate}, validated when made (every field by the rules of creation, so a bad edit
 * is refused before the store is read) and then applied to the token as stored, with the changed
 * fields recorded for the audit event. Applied again on a compare-and-set retry. Not thread-safe:
 * one per update call.
 */
final class TokenEdit {

  private final TokenUpdate update;
  private final Owner.Lookup owners;
  private final TokenLimits limits;
  private final @Nullable String name;
  private final @Nullable String description;
  private final @Nullable Lifetime lifetime;
  private final List<AuditEvent.Change> changes = new ArrayList<>();

  /**
   * Validates {@code update}.
   *
   * @param validatedAt the instant a new lifetime is checked against now; it is counted again from
   *     the instant of {@link #applyTo}
   * @throws IllegalArgumentException naming the first invalid field
   */
  TokenEdit(TokenUpdate update, TokenLimits limits, Owner.Lookup owners, Instant validatedAt) {
    this.update = update;
    this.owners = owners;
    this.limits = limits;
    this.name = update.name().map(TokenFields::name).orElse(null);
    this.description = update.description().map(TokenFields::description).orElse(null);
    this.lifetime = update.lifetime().orElse(null);
    if (this.lifetime != null) {
      limits.expiry(lifetime, validatedAt);
    }
    String newOwner = update.ownerId().orElse(null);
    if (newOwner != null) {
      TokenFields.ownerId("ownerId", newOwner);
    }
  }

  /**
   * The token with this edit applied at {@code now}, or null if it changes nothing.
   *
   * @throws IllegalArgumentException if the edit does not fit this token (e.g. access of a browser
   *     token, a restricted user of another kind, an owner that is not active)
   */
  @Nullable TokenRecord applyTo(TokenRecord current, Instant now) {
    changes.clear();
    TokenRecord.Builder b = current.toBuilder();
    if (name != null && !name.equals(current.name())) {
      changes.add(AuditEvent.Change.of("name", current.name(), name));
      b.name(name);
    }
    if (description != null && !description.equals(current.description())) {
      changes.add(AuditEvent.Change.of("description", current.description(), description));
      b.description(description);
    }
    if (update.enabled().isPresent() && update.enabled().get() != current.enabled()) {
      changes.add(
          AuditEvent.Change.of(
              "enabled",
              String.valueOf(current.enabled()),
              String.valueOf(update.enabled().get())));
      b.enabled(update.enabled().get());
    }
    if (lifetime != null) {
      Instant expiresAt = limits.expiry(lifetime, now);
      Instant old = current.expiresAt().orElse(null);
      if (!Objects.equals(old, expiresAt)) {
        changes.add(AuditEvent.Change.of("expiresAt", text(old), text(expiresAt)));
        b.expiresAt(expiresAt);
      }
    }
    applyUses(current, b, now);
    TokenAccess access = current.access();
    UnaryOperator<TokenAccess> change = update.access().orElse(null);
    if (change != null) {
      TokenAccess wanted = change.apply(access);
      if (wanted == null) {
        throw new IllegalArgumentException("access change must not answer null");
      }
      access = limits.access(current.kind(), current.access(), wanted);
      b.access(access);
    }
    diffAccess(current.access(), access);
    reassign(current, b);
    restrict(current.access(), access);
    if (changes.isEmpty()) {
      return null;
    }
    return b.updatedAt(now).build();
  }

  /** The fields the last {@link #applyTo} changed, old and new. */
  List<AuditEvent.Change> changes() {
    return changes;
  }

  /**
   * Applies a new owner or restricted user of {@code update} to {@code b}, checked as at creation
   * (the reach check that follows covers the actor's permissions and impersonation).
   */
  private void reassign(TokenRecord current, TokenRecord.Builder b) {
    String owner = update.ownerId().orElse(null);
    if (owner != null
        && (!owner.equals(current.ownerId().orElse(null))
            || update.ownerKind() != current.ownerKind())) {
      owners.activeOwner("ownerId", update.ownerKind(), owner);
      changes.add(
          AuditEvent.Change.of(
              "owner",
              ownerText(current.ownerKind(), current.ownerId().orElse(null)),
              ownerText(update.ownerKind(), owner)));
      b.ownerId(owner).ownerKind(update.ownerKind());
    }
  }

  /** Records the changed access settings, old and new, in the order of the fields. */
  private void diffAccess(TokenAccess before, TokenAccess after) {
    if (before.mode() != after.mode() || !before.scopes().equals(after.scopes())) {
      changes.add(
          AuditEvent.Change.of(
              "access",
              before.mode() + " " + before.scopes(),
              after.mode() + " " + after.scopes()));
    }
    diff("rootNodes", before.rootNodes(), after.rootNodes());
    diff("allowedOrigins", before.allowedOrigins(), after.allowedOrigins());
    diff("allowedCidrs", before.allowedCidrs(), after.allowedCidrs());
    if (!before.rateLimits().equals(after.rateLimits())) {
      changes.add(
          AuditEvent.Change.of(
              "rateLimits", before.rateLimits().toString(), after.rateLimits().toString()));
    }
  }

  /** Records a new restricted user, checked active as at creation. */
  private void restrict(TokenAccess before, TokenAccess after) {
    String user = after.restrictedUser().orElse(null);
    if (!Objects.equals(user, before.restrictedUser().orElse(null))) {
      if (user != null) {
        owners.activeOwner("restrictedUser", OwnerKind.USER, user);
      }
      changes.add(
          AuditEvent.Change.of("restrictedUser", before.restrictedUser().orElse(null), user));
    }
  }

  private static @Nullable String ownerText(OwnerKind kind, @Nullable String id) {
    return id == null || kind == OwnerKind.USER ? id : "group:" + id;
  }

  private void diff(String field, Set<String> before, Set<String> after) {
    if (!before.equals(after)) {
      changes.add(AuditEvent.Change.of(field, before.toString(), after.toString()));
    }
  }

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /**
   * The remaining uses and their refill: {@code uses(n)} sets what is left and what each refill
   * gives; a refill needs a use limit, and lifting the limit ends the refill.
   */
  private void applyUses(TokenRecord current, TokenRecord.Builder b, Instant now) {
    Long old = current.remainingUses().isPresent() ? current.remainingUses().getAsLong() : null;
    Long uses = update.changesUses() ? update.uses() : old;
    if (update.changesUses() && !Objects.equals(old, uses)) {
      changes.add(
          AuditEvent.Change.of(
              "remainingUses",
              old == null ? null : old.toString(),
              uses == null ? null : uses.toString()));
      b.remainingUses(uses);
    }
    UseRefill before = current.usesRefill().orElse(null);
    UseRefill after = before;
    if (update.changesRefill()) {
      Duration period = update.usesRefill();
      if (period != null && uses == null) {
        throw new IllegalArgumentException("usesRefill needs a use limit (uses)");
      }
      after = period == null || uses == null ? null : UseRefill.of(uses, period, now);
    } else if (before != null) {
      after = uses == null ? null : UseRefill.of(uses, before.period(), before.periodStart());
    }
    if (!Objects.equals(before, after)) {
      Duration was = before == null ? null : before.period();
      Duration is = after == null ? null : after.period();
      if (!Objects.equals(was, is)) {
        changes.add(
            AuditEvent.Change.of(
                "usesRefill",
                was == null ? null : was.toString(),
                is == null ? null : is.toString()));
      }
      b.usesRefill(after);
    }
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One {@link TokenUpdate}, validated when made (every field by the rules of creation, so a bad edit
 * is refused before the store is read) and then applied to the token as stored, with the changed
 * fields recorded for the audit event. Applied again on a compare-and-set retry. Not thread-safe:
 * one per update call.
 */
final class TokenEdit {

  private final TokenUpdate update;
  private final OwnerLookup owners;
  private final TokenLimits limits;
  private final @Nullable String name;
  private final @Nullable String description;
  private final @Nullable Lifetime lifetime;
  private final @Nullable List<String> roots;
  private final @Nullable List<String> origins;
  private final @Nullable List<String> cidrs;
  private final @Nullable AccessMode mode;
  private final List<String> scopes;
  private final List<AuditEvent.Change> changes = new ArrayList<>();

  /**
   * Validates {@code update}.
   *
   * @param validatedAt the instant a new lifetime is checked against now; it is counted again from
   *     the instant of {@link #applyTo}
   * @throws IllegalArgumentException naming the first invalid field
   */
  TokenEdit(
      TokenUpdate update,
      PermissionModel rules,
      TokenLimits limits,
      OwnerLookup owners,
      Instant validatedAt) {
    this.update = update;
    this.owners = owners;
    this.limits = limits;
    this.name = update.name().map(TokenFields::name).orElse(null);
    this.description = update.description().map(TokenFields::description).orElse(null);
    this.lifetime = update.lifetime().orElse(null);
    if (this.lifetime != null) {
      limits.expiry(lifetime, validatedAt);
    }
    this.roots = update.rootNodes().map(limits::roots).orElse(null);
    this.origins = update.allowedOrigins().map(ClientBinding::origins).orElse(null);
    this.cidrs = update.allowedCidrs().map(ClientBinding::cidrs).orElse(null);
    this.mode = update.accessMode().orElse(null);
    this.scopes = update.scopes().orElse(List.of());
    if (this.mode != null) {
      rules.scopeOf(this.mode, this.scopes);
    }
    String newOwner = update.ownerId().orElse(null);
    if (newOwner != null) {
      TokenFields.ownerId("ownerId", newOwner);
    }
    String newRestricted = update.restrictedUser().orElse(null);
    if (newRestricted != null) {
      TokenFields.ownerId("restrictedUser", newRestricted);
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
    if (mode != null
        && (mode != current.accessMode() || !Set.copyOf(scopes).equals(current.scopes()))) {
      if (current.kind() == TokenKind.BROWSER) {
        throw new IllegalArgumentException(
            "browser tokens always get the browser scope; access cannot be edited");
      }
      changes.add(
          AuditEvent.Change.of(
              "access",
              current.accessMode() + " " + current.scopes(),
              mode + " " + new TreeSet<>(scopes)));
      b.accessMode(mode).scopes(scopes);
    }
    diff("rootNodes", current.rootNodes(), roots, b::rootNodes);
    if (origins != null && origins.isEmpty() && current.kind() == TokenKind.BROWSER) {
      throw new IllegalArgumentException("allowedOrigins must name at least one host pattern");
    }
    diff("allowedOrigins", current.allowedOrigins(), origins, b::allowedOrigins);
    diff("allowedCidrs", current.allowedCidrs(), cidrs, b::allowedCidrs);
    reassign(current, b);
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
    if (update.changesRestrictedUser()) {
      String user = update.restrictedUser().orElse(null);
      if (current.kind() != TokenKind.SERVER) {
        throw new IllegalArgumentException("restrictedUser is only for server tokens");
      }
      if (!Objects.equals(user, current.restrictedUser().orElse(null))) {
        if (user != null) {
          owners.activeOwner("restrictedUser", OwnerKind.USER, user);
        }
        changes.add(
            AuditEvent.Change.of("restrictedUser", current.restrictedUser().orElse(null), user));
        b.restrictedUser(user);
      }
    }
  }

  private static @Nullable String ownerText(OwnerKind kind, @Nullable String id) {
    return id == null || kind == OwnerKind.USER ? id : "group:" + id;
  }

  private void diff(
      String field,
      Set<String> current,
      @Nullable List<String> wanted,
      java.util.function.Consumer<List<String>> apply) {
    if (wanted != null && !Set.copyOf(wanted).equals(current)) {
      changes.add(
          AuditEvent.Change.of(field, current.toString(), new TreeSet<>(wanted).toString()));
      apply.accept(wanted);
    }
  }

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }
}

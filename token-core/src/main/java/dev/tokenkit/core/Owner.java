package dev.tokenkit.core;

import org.jspecify.annotations.Nullable;

/**
 * A user who may own tokens, as the host's {@link OwnerDirectory} reports it now. Immutable and
 * thread-safe.
 */
public final class Owner {

  private final String id;
  private final boolean active;

  private Owner(String id, boolean active) {
    this.id = id;
    this.active = active;
  }

  /**
   * An owner that is active or not.
   *
   * @throws IllegalArgumentException if {@code id} is null or blank
   */
  public static Owner of(@Nullable String id, boolean active) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("owner id must be non-blank");
    }
    return new Owner(id, active);
  }

  /** An active owner. */
  public static Owner active(String id) {
    return of(id, true);
  }

  /** A deactivated owner: their tokens are refused with {@link RejectionReason#OWNER_INACTIVE}. */
  public static Owner inactive(String id) {
    return of(id, false);
  }

  public String id() {
    return id;
  }

  public boolean isActive() {
    return active;
  }

  @Override
  public String toString() {
    return "Owner[id=" + id + ", active=" + active + "]";
  }
}

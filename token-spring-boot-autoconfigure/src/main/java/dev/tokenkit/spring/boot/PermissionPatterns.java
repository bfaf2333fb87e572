package dev.tokenkit.spring.boot;

import dev.tokenkit.core.Permission;
import java.util.Collection;

/** Whether permission patterns ({@code resource:action}, wildcards allowed) cover a permission. */
final class PermissionPatterns {

  private PermissionPatterns() {}

  /** True if one of {@code patterns} covers {@code permission}; malformed ones cover nothing. */
  static boolean holds(Collection<String> patterns, Permission permission) {
    for (String pattern : patterns) {
      try {
        if (Permission.parse(pattern).covers(permission)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // a malformed pattern grants nothing, as in the core
      }
    }
    return false;
  }
}

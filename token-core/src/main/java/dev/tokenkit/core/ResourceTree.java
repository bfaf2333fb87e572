package dev.tokenkit.core;

import java.util.Optional;

/**
 * Host SPI: the host's resource hierarchy (pages, folders, projects), for tokens limited to
 * subtrees. Nodes are identified by strings (for example paths such as {@code /docs/guide}).
 * Implementations must be thread-safe and fast: {@link #isWithin} runs on authorization.
 */
public interface ResourceTree {

  /** Whether {@code node} exists now. Roots are checked with this when a token is created. */
  boolean exists(String node);

  /** The parent of {@code node}; empty for the top node or an unknown node. */
  Optional<String> parent(String node);

  /**
   * Whether {@code node} is {@code root} or below it, and {@code root} still exists. The default
   * walks {@link #parent} upwards; override it with a faster query if the tree has one.
   */
  default boolean isWithin(String node, String root) {
    if (!exists(root)) {
      return false;
    }
    String current = node;
    for (int depth = 0; depth < 10_000; depth++) {
      if (current.equals(root)) {
        return true;
      }
      Optional<String> up = parent(current);
      if (up.isEmpty()) {
        return false;
      }
      current = up.get();
    }
    return false;
  }
}

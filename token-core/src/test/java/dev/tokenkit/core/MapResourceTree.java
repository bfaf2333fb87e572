package dev.tokenkit.core;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A resource tree for tests: {@code /} plus a map from each node to its parent. */
final class MapResourceTree implements ResourceTree {

  /** Each node's parent; removing an entry deletes the node. */
  final Map<String, String> parents = new ConcurrentHashMap<>();

  /** The tree {@code /}, {@code /docs}, {@code /docs/guide}, {@code /blog}. */
  static MapResourceTree contentSite() {
    MapResourceTree tree = new MapResourceTree();
    tree.parents.put("/docs", "/");
    tree.parents.put("/docs/guide", "/docs");
    tree.parents.put("/blog", "/");
    return tree;
  }

  /** When set, every lookup throws, as a tree whose database is down would. */
  volatile boolean failing;

  @Override
  public boolean exists(String node) {
    requireWorking();
    return "/".equals(node) || parents.containsKey(node);
  }

  @Override
  public Optional<String> parent(String node) {
    requireWorking();
    return Optional.ofNullable(parents.get(node));
  }

  private void requireWorking() {
    if (failing) {
      throw new IllegalStateException("tree unavailable");
    }
  }
}

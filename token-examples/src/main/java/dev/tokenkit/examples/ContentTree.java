package dev.tokenkit.examples;

import dev.tokenkit.core.ResourceTree;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The demo's content: a fixed tree of pages ({@code /}, {@code /docs}, {@code /docs/guide}, {@code
 * /blog}) whose text tokens may read and replace. Thread-safe.
 */
final class ContentTree implements ResourceTree {

  private final ConcurrentMap<String, String> pages = new ConcurrentHashMap<>();

  ContentTree() {
    pages.put("/", "Welcome to the tokenkit demo.");
    pages.put("/docs", "Documentation.");
    pages.put("/docs/guide", "How to use API tokens.");
    pages.put("/blog", "News.");
  }

  @Override
  public boolean exists(String node) {
    return pages.containsKey(node);
  }

  @Override
  public Optional<String> parent(String node) {
    if (node.equals("/") || !node.startsWith("/")) {
      return Optional.empty();
    }
    int slash = node.lastIndexOf('/');
    return Optional.of(slash == 0 ? "/" : node.substring(0, slash));
  }

  @Nullable String read(String node) {
    return pages.get(node);
  }

  /** Replaces an existing page's text; false if there is no such page. */
  boolean replace(String node, String text) {
    return pages.replace(node, text) != null;
  }
}

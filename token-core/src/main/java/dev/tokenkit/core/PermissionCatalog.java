package dev.tokenkit.core;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The host's permissions: every resource and its actions, each declared a <em>read</em> or a
 * <em>write</em> explicitly (never guessed from its name). Read actions may also be declared
 * <em>public</em>: they form the default scope of browser tokens.
 *
 * <pre>{@code
 * PermissionCatalog catalog = PermissionCatalog.builder()
 *     .read("content", "read")
 *     .write("content", "write", "delete")
 *     .publicRead("content", "view")
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PermissionCatalog {

  private static final PermissionCatalog EMPTY = new Builder().build();

  /** Every declared permission by its text, with its index for bit sets and its kind. */
  private final Map<String, Entry> entries;

  /** Every wildcard that covers a declared permission, with the bits of all it covers. */
  private final Map<String, BitSet> wildcards;

  private final List<Permission> byIndex;

  /** The indexes in the order of their permission texts, so that names come out sorted. */
  private final int[] sortedIndexes;

  private final BitSet reads = new BitSet();
  private final BitSet publicReads = new BitSet();

  private PermissionCatalog(Map<Permission, Kind> declared) {
    Map<String, Entry> map = new HashMap<>();
    Map<String, BitSet> covering = new HashMap<>();
    List<Permission> list = new ArrayList<>();
    for (Map.Entry<Permission, Kind> e : declared.entrySet()) {
      int index = list.size();
      list.add(e.getKey());
      Entry entry = new Entry(index, e.getValue() != Kind.WRITE, e.getKey());
      map.put(entry.text, entry);
      for (String wildcard : entry.wildcards()) {
        covering.computeIfAbsent(wildcard, w -> new BitSet()).set(index);
      }
      if (e.getValue() != Kind.WRITE) {
        reads.set(index);
      }
      if (e.getValue() == Kind.PUBLIC_READ) {
        publicReads.set(index);
      }
    }
    this.entries = map;
    this.wildcards = covering;
    this.byIndex = List.copyOf(list);
    this.sortedIndexes =
        IntStream.range(0, list.size())
            .boxed()
            .sorted(Comparator.comparing(i -> list.get(i).toString()))
            .mapToInt(Integer::intValue)
            .toArray();
  }

  /** A catalog declaring nothing: only full-access tokens can be made, and nothing authorizes. */
  public static PermissionCatalog empty() {
    return EMPTY;
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code permission} is declared, as a read (public reads included). */
  public boolean isRead(Permission permission) {
    Entry e = entries.get(permission.toString());
    return e != null && e.read;
  }

  /** Every declared permission, in declaration order. */
  public List<Permission> permissions() {
    return byIndex;
  }

  /**
   * The concrete permissions {@code pattern} covers (itself if concrete and declared).
   *
   * @return an unmodifiable, possibly empty set in declaration order
   */
  Set<Permission> expand(Permission pattern) {
    Set<Permission> out = new LinkedHashSet<>();
    for (Permission p : byIndex) {
      if (pattern.covers(p)) {
        out.add(p);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** The entry for a permission text, or null when it is not declared. No allocation. */
  @Nullable Entry entry(String permission) {
    return entries.get(permission);
  }

  int size() {
    return byIndex.size();
  }

  BitSet readBits() {
    return (BitSet) reads.clone();
  }

  BitSet publicBits() {
    return (BitSet) publicReads.clone();
  }

  BitSet allBits() {
    BitSet all = new BitSet();
    all.set(0, byIndex.size());
    return all;
  }

  /**
   * The bits of every declared permission that one of {@code patterns} covers. Patterns that are
   * malformed or cover nothing are collected in {@code unknown} when it is given, else ignored.
   */
  BitSet bitsOf(Collection<String> patterns, @Nullable Collection<String> unknown) {
    BitSet bits = new BitSet();
    for (String text : patterns) {
      // A well-formed pattern covers something exactly when it is a declared permission or one of
      // the wildcards precomputed for them; anything else (malformed included) covers nothing.
      Entry exact = entries.get(text);
      if (exact != null) {
        bits.set(exact.index);
        continue;
      }
      BitSet covered = wildcards.get(text);
      if (covered != null) {
        bits.or(covered);
      } else if (unknown != null) {
        unknown.add(text);
      }
    }
    return bits;
  }

  /** The permissions of {@code bits} as text: an unmodifiable set that iterates in sorted order. */
  Set<String> names(BitSet bits) {
    String[] out = new String[bits.cardinality()];
    int n = 0;
    for (int i : sortedIndexes) {
      if (bits.get(i)) {
        out[n++] = byIndex.get(i).toString();
      }
    }
    return new SortedNames(out);
  }

  @Override
  public String toString() {
    return "PermissionCatalog" + byIndex;
  }

  /** One declared permission, with the texts of the three wildcards that cover it. */
  static final class Entry {
    private static final String ANY_PERMISSION = Permission.ANY + ":" + Permission.ANY;

    final int index;
    final boolean read;
    private final String text;
    private final String anyAction;
    private final String anyResource;

    Entry(int index, boolean read, Permission permission) {
      this.index = index;
      this.read = read;
      this.text = permission.toString();
      this.anyAction = permission.resource() + ":" + Permission.ANY;
      this.anyResource = Permission.ANY + ":" + permission.action();
    }

    /** The three wildcards that cover this permission. */
    List<String> wildcards() {
      return List.of(anyAction, anyResource, ANY_PERMISSION);
    }

    /**
     * Whether one of {@code patterns} covers this permission, exactly as {@link
     * PermissionCatalog#bitsOf} would decide: only the permission itself, {@code resource:*},
     * {@code *:action} and {@code *:*} cover it. At most four set lookups, no allocation.
     */
    boolean coveredBy(Set<String> patterns) {
      return patterns.contains(text)
          || patterns.contains(anyAction)
          || patterns.contains(anyResource)
          || patterns.contains(ANY_PERMISSION);
    }
  }

  /**
   * An unmodifiable set over distinct strings in sorted order: iterates the array, finds by binary
   * search. No node or hash table per element, so building one is a single array copy.
   */
  private static final class SortedNames extends AbstractSet<String> {
    private final String[] names;

    SortedNames(String[] names) {
      this.names = names;
    }

    @Override
    public Iterator<String> iterator() {
      return Arrays.asList(names).iterator(); // its remove() is refused
    }

    @Override
    public int size() {
      return names.length;
    }

    @Override
    public boolean contains(@Nullable Object o) {
      return o instanceof String s && Arrays.binarySearch(names, s) >= 0;
    }
  }

  private enum Kind {
    READ,
    PUBLIC_READ,
    WRITE
  }

  /** Builds a {@link PermissionCatalog}. Not thread-safe. */
  public static final class Builder {
    private final Map<Permission, Kind> declared = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Declares read actions of {@code resource}.
     *
     * @throws IllegalArgumentException if a name is malformed, a wildcard, or already declared
     */
    public Builder read(String resource, String... actions) {
      return declare(resource, actions, Kind.READ);
    }

    /**
     * Declares read actions of {@code resource} that browser tokens get by default.
     *
     * @throws IllegalArgumentException if a name is malformed, a wildcard, or already declared
     */
    public Builder publicRead(String resource, String... actions) {
      return declare(resource, actions, Kind.PUBLIC_READ);
    }

    /**
     * Declares write actions of {@code resource}: anything that changes state.
     *
     * @throws IllegalArgumentException if a name is malformed, a wildcard, or already declared
     */
    public Builder write(String resource, String... actions) {
      return declare(resource, actions, Kind.WRITE);
    }

    private Builder declare(String resource, String[] actions, Kind kind) {
      if (actions.length == 0) {
        throw new IllegalArgumentException("declare at least one action of " + resource);
      }
      for (String action : actions) {
        Permission p = Permission.of(resource, action);
        if (declared.putIfAbsent(p, kind) != null) {
          throw new IllegalArgumentException("permission " + p + " is declared twice");
        }
      }
      return this;
    }

    public PermissionCatalog build() {
      return new PermissionCatalog(declared);
    }
  }
}

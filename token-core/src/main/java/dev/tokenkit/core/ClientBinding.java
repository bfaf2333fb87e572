package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Authenticate check 8: origin patterns and client-address CIDR blocks. */
final class ClientBinding {

  private ClientBinding() {}

  /**
   * The canonical form of origin patterns; each element may be a comma-separated list.
   *
   * @throws IllegalArgumentException naming the first invalid pattern
   */
  static List<String> origins(Collection<String> patterns) {
    List<String> out = new ArrayList<>();
    for (String element : patterns) {
      for (String pattern : element.split(",", -1)) {
        out.add(HostPatterns.parse(pattern).text());
      }
    }
    return out;
  }

  /**
   * The canonical form of CIDR blocks.
   *
   * @throws IllegalArgumentException naming the first invalid block
   */
  static List<String> cidrs(Collection<String> blocks) {
    List<String> out = new ArrayList<>();
    for (String block : blocks) {
      out.add(IpAddresses.parseCidr(block.strip()).text());
    }
    return out;
  }

  /**
   * Whether the {@code inner} origin patterns admit no origin that {@code outer} refuses: {@code
   * outer} is empty (no binding), or {@code inner} is a non-empty subset of it. A new pattern
   * counts as wider even when another pattern would cover it.
   */
  static boolean originsWithin(Set<String> inner, Set<String> outer) {
    return outer.isEmpty() || (!inner.isEmpty() && outer.containsAll(inner));
  }

  /**
   * Whether the {@code inner} CIDR blocks admit no address that {@code outer} refuses: {@code
   * outer} is empty (any address), or {@code inner} is non-empty and each of its blocks lies inside
   * one of {@code outer}'s. Blocks this version cannot read count as wider.
   */
  static boolean cidrsWithin(Set<String> inner, Set<String> outer) {
    if (outer.isEmpty()) {
      return true;
    }
    if (inner.isEmpty()) {
      return false;
    }
    try {
      List<IpAddresses.Cidr> blocks = new ArrayList<>();
      for (String block : outer) {
        blocks.add(IpAddresses.parseCidr(block));
      }
      for (String block : inner) {
        IpAddresses.Cidr candidate = IpAddresses.parseCidr(block);
        boolean covered = false;
        for (IpAddresses.Cidr b : blocks) {
          covered = covered || b.contains(candidate);
        }
        if (!covered) {
          return false;
        }
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether the request satisfies the record's bindings. A browser token always needs an origin
   * that matches one of its patterns. Never throws.
   */
  static boolean allows(TokenRecord record, RequestContext context) {
    if (!record.access().allowedCidrs().isEmpty() && !addressAllowed(record, context)) {
      return false;
    }
    if (record.access().allowedOrigins().isEmpty()) {
      return record.kind() != TokenKind.BROWSER;
    }
    HostPatterns.Origin origin =
        HostPatterns.originOf(context.origin().orElse(null), context.referer().orElse(null));
    if (origin == null) {
      return false;
    }
    for (String pattern : record.access().allowedOrigins()) {
      try {
        if (HostPatterns.parse(pattern).matches(origin)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // A stored pattern this version cannot read grants nothing.
      }
    }
    return false;
  }

  private static boolean addressAllowed(TokenRecord record, RequestContext context) {
    byte[] address = IpAddresses.parse(context.clientAddress().orElse(null));
    if (address == null) {
      return false;
    }
    for (String block : record.access().allowedCidrs()) {
      try {
        if (IpAddresses.parseCidr(block).contains(address)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // A stored block this version cannot read grants nothing.
      }
    }
    return false;
  }
}

package dev.tokenkit.core;

import org.jspecify.annotations.Nullable;

/**
 * IPv4 and IPv6 literals and CIDR blocks, parsed strictly by hand: no DNS lookup can ever happen
 * (unlike {@code InetAddress.getByName}).
 */
final class IpAddresses {

  private IpAddresses() {}

  /** A parsed CIDR block: network bytes (4 or 16) and prefix length. */
  static final class Cidr {
    final byte[] network;
    final int prefix;

    Cidr(byte[] network, int prefix) {
      this.network = network;
      this.prefix = prefix;
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }

    /** Whether every address of {@code block} lies in this block. */
    boolean contains(Cidr block) {
      return block.prefix >= prefix && contains(block.network);
    }

    /** The canonical text: the network address and prefix. */
    String text() {
      return format(network) + "/" + prefix;
    }
  }

  /**
   * Parses {@code a.b.c.d/n} or {@code ipv6/n}; a bare address means a single host.
   *
   * @throws IllegalArgumentException if malformed, the prefix is out of range, or host bits are set
   */
  static Cidr parseCidr(String text) {
    int slash = text.indexOf('/');
    String addressPart = slash < 0 ? text : text.substring(0, slash);
    byte[] address = parse(addressPart);
    if (address == null) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + Quoting.quote(text));
    }
    int max = address.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (digits.isEmpty() || digits.length() > 3 || !allDigits(digits)) {
        throw new IllegalArgumentException("CIDR prefix must be a number: " + Quoting.quote(text));
      }
      prefix = Integer.parseInt(digits);
      if (prefix > max) {
        throw new IllegalArgumentException(
            "CIDR prefix must be 0 to " + max + ": " + Quoting.quote(text));
      }
    }
    Cidr cidr = new Cidr(address, prefix);
    byte[] masked = address.clone();
    for (int bit = prefix; bit < max; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    if (!java.util.Arrays.equals(masked, address)) {
      throw new IllegalArgumentException(
          "CIDR block has host bits set (did you mean "
              + new Cidr(masked, prefix).text()
              + "?): "
              + Quoting.quote(text));
    }
    return cidr;
  }

  /**
   * The address bytes (4 for IPv4 and IPv4-mapped IPv6, 16 for other IPv6), or null if {@code text}
   * is not a literal address. Never throws.
   */
  static byte @Nullable [] parse(@Nullable String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    byte[] v4 = parseV4(text);
    if (v4 != null) {
      return v4;
    }
    byte[] v6 = parseV6(text);
    if (v6 == null) {
      return null;
    }
    if (isV4Mapped(v6)) {
      return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
    return v6;
  }

  private static boolean isV4Mapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF;
  }

  /** Four decimal octets, 0 to 255, no leading zeros. One pass, no substrings: per request. */
  private static byte @Nullable [] parseV4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i == text.length() ? '.' : text.charAt(i);
      if (c == '.') {
        if (part > 3 || digits == 0) {
          return null;
        }
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3 && !(digits == 1 && value == 0)) {
        value = value * 10 + (c - '0');
        if (value > 255) {
          return null;
        }
        digits++;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static byte @Nullable [] parseV6(String text) {
    if (text.indexOf(':') < 0) {
      return null;
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    String head = doubleColon < 0 ? text : text.substring(0, doubleColon);
    String tail = doubleColon < 0 ? "" : text.substring(doubleColon + 2);
    int[] headGroups = groups(head, doubleColon < 0);
    int[] tailGroups = groups(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < headGroups.length; i++) {
      out[2 * i] = (byte) (headGroups[i] >>> 8);
      out[2 * i + 1] = (byte) headGroups[i];
    }
    for (int i = 0; i < tailGroups.length; i++) {
      int g = 8 - tailGroups.length + i;
      out[2 * g] = (byte) (tailGroups[i] >>> 8);
      out[2 * g + 1] = (byte) tailGroups[i];
    }
    return out;
  }

  /** 16-bit groups of a colon-separated run; a final dotted IPv4 counts as two groups. */
  private static int @Nullable [] groups(String run, boolean mayEndWithV4) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    int n = parts.length;
    boolean v4Tail = mayEndWithV4 && parts[n - 1].indexOf('.') >= 0;
    int[] out = new int[v4Tail ? n + 1 : n];
    for (int i = 0; i < n; i++) {
      String p = parts[i];
      if (i == n - 1 && v4Tail) {
        byte[] v4 = parseV4(p);
        if (v4 == null) {
          return null;
        }
        out[i] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
        out[i + 1] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int value = 0;
      for (int k = 0; k < p.length(); k++) {
        int d = Character.digit(p.charAt(k), 16);
        if (d < 0 || p.charAt(k) > 'f') {
          return null;
        }
        value = value * 16 + d;
      }
      out[i] = value;
    }
    return out;
  }

  /** Canonical text: dotted IPv4, or eight lower-case hex groups for IPv6. */
  static String format(byte[] address) {
    StringBuilder sb = new StringBuilder();
    if (address.length == 4) {
      for (int i = 0; i < 4; i++) {
        sb.append(i == 0 ? "" : ".").append(address[i] & 0xFF);
      }
      return sb.toString();
    }
    for (int i = 0; i < 8; i++) {
      sb.append(i == 0 ? "" : ":")
          .append(
              Integer.toHexString(((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF)));
    }
    return sb.toString();
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}

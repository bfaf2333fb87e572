package dev.tokenkit.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Facts about the request being authenticated that token bindings are checked against: the client
 * address, and the {@code Origin} and {@code Referer} headers. The host decides what to put here;
 * in particular whether to trust forwarded-for headers when filling the client address.
 *
 * <p>Immutable and thread-safe.
 */
public final class RequestContext {

  private static final RequestContext EMPTY = new Builder().build();

  private final @Nullable String clientAddress;
  private final @Nullable String origin;
  private final @Nullable String referer;

  private RequestContext(Builder b) {
    this.clientAddress = b.clientAddress;
    this.origin = b.origin;
    this.referer = b.referer;
  }

  /** A context with no facts: tokens bound to origins or addresses are refused with it. */
  public static RequestContext empty() {
    return EMPTY;
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The client's IP address as text, if known. */
  Optional<String> clientAddress() {
    return Optional.ofNullable(clientAddress);
  }

  /** The request's {@code Origin} header, if any. */
  Optional<String> origin() {
    return Optional.ofNullable(origin);
  }

  /** The request's {@code Referer} header, if any. */
  Optional<String> referer() {
    return Optional.ofNullable(referer);
  }

  @Override
  public String toString() {
    return "RequestContext[clientAddress=" + clientAddress + ", origin=" + origin + "]";
  }

  /** Builds a {@link RequestContext}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String clientAddress;
    private @Nullable String origin;
    private @Nullable String referer;

    private Builder() {}

    /** The client's IP address (IPv4 or IPv6 text); null if unknown. */
    public Builder clientAddress(@Nullable String clientAddress) {
      this.clientAddress = clientAddress;
      return this;
    }

    /** The {@code Origin} header value; null if absent. */
    public Builder origin(@Nullable String origin) {
      this.origin = origin;
      return this;
    }

    /** The {@code Referer} header value; null if absent. */
    public Builder referer(@Nullable String referer) {
      this.referer = referer;
      return this;
    }

    public RequestContext build() {
      return new RequestContext(this);
    }
  }
}

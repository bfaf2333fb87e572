package dev.tokenkit.spring.security;

import dev.tokenkit.core.RequestContext;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * What a request presented, before checking: never authenticated. Its credentials are the presented
 * string, which {@link #toString} never shows.
 */
final class TokenCredentials extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  /** How the credential arrived. */
  enum Form {
    /** {@code Authorization: Bearer} with an API, server or browser token. */
    BEARER,
    /** {@code Authorization: Bearer} with a compact JWT (three dot-separated parts). */
    JWT,
    /** The signed-request header. */
    SIGNED
  }

  private final Form form;
  private transient @Nullable String presented;
  private final transient RequestContext context;

  TokenCredentials(Form form, String presented, RequestContext context) {
    super(List.of());
    this.form = form;
    this.presented = presented;
    this.context = context;
    setAuthenticated(false);
  }

  Form form() {
    return form;
  }

  RequestContext context() {
    return context;
  }

  @Override
  public @Nullable Object getCredentials() {
    return presented;
  }

  @Override
  public @Nullable Object getPrincipal() {
    return null;
  }

  @Override
  public void eraseCredentials() {
    presented = null;
  }

  @Override
  public String toString() {
    return "TokenCredentials[" + form + "]";
  }
}

package dev.tokenkit.spring.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** Test helpers. */
final class TokenAuthenticationConverterTestSupport {

  private TokenAuthenticationConverterTestSupport() {}

  /** An authentication the provider does not support. */
  static final class Other extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;

    Other() {
      super(List.of());
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return "someone";
    }
  }
}

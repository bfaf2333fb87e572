package dev.tokenkit.spring.boot;

import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenService;

/** Wraps the auto-configured {@link TokenService}; free of optional types so it always loads. */
@FunctionalInterface
interface TokenServiceDecorator {
  TokenService decorate(TokenService tokens, TokenFormat format);
}

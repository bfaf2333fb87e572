/**
 * tokenkit for Spring Security 7. Setup is one line of {@code HttpSecurity} configuration:
 *
 * <pre>{@code
 * http.with(TokenkitConfigurer.tokenkit(tokenService), c -> c.jwt(verifier).signedRequests(true));
 * }</pre>
 *
 * <p>Requests then authenticate with a bearer API token, a long-term JWT, a signed-request header
 * or a browser token plus {@code Origin}; the resulting {@link
 * dev.tokenkit.spring.security.TokenAuthentication} carries the {@link
 * dev.tokenkit.core.TokenPrincipal}, and {@link dev.tokenkit.spring.security.TokenAuthorizations}
 * and {@link dev.tokenkit.spring.security.TokenExpressions} check permissions on resources.
 */
@NullMarked
package dev.tokenkit.spring.security;

import org.jspecify.annotations.NullMarked;

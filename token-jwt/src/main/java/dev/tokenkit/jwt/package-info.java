/**
 * Long-term JWTs for server tokens: {@link dev.tokenkit.jwt.JwtIssuer} and {@link
 * dev.tokenkit.jwt.JwtVerifier}.
 */
@NullMarked
package dev.tokenkit.jwt;

import org.jspecify.annotations.NullMarked;

/**
 * Spring Boot auto-configuration for tokenkit. Add the starter, set {@code tokenkit.peppers.1} and
 * define an {@link dev.tokenkit.core.OwnerDirectory} bean; {@link
 * dev.tokenkit.spring.boot.TokenkitAutoConfiguration} builds the {@link
 * dev.tokenkit.core.TokenService} and everything it needs from {@link
 * dev.tokenkit.spring.boot.TokenkitProperties}, each bean replaceable by the host's own.
 */
@NullMarked
package dev.tokenkit.spring.boot;

import org.jspecify.annotations.NullMarked;

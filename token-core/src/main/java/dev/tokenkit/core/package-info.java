/**
 * tokenkit core API. Start with {@link dev.tokenkit.core.TokenService#builder()}.
 *
 * <p>Every type here is immutable and thread-safe unless its Javadoc says otherwise (builders are
 * not thread-safe). No type prints secret material in {@code toString()}.
 */
@NullMarked
package dev.tokenkit.core;

import org.jspecify.annotations.NullMarked;

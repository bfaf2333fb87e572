/** The lookup cache: {@link dev.tokenkit.store.cache.CachingTokenStore}. */
@NullMarked
package dev.tokenkit.store.cache;

import org.jspecify.annotations.NullMarked;

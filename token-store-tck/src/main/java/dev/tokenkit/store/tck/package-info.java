/**
 * Conformance tests for {@link dev.tokenkit.store.spi.TokenStore}: {@link
 * dev.tokenkit.store.tck.TokenStoreContract}.
 */
@NullMarked
package dev.tokenkit.store.tck;

import org.jspecify.annotations.NullMarked;

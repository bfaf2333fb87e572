/**
 * Conformance tests for {@link dev.tokenkit.store.spi.TokenStore}: {@link
 * dev.tokenkit.store.tck.TokenStoreContract}.
 */
package dev.tokenkit.store.tck;

/**
 * Storage SPI: {@link dev.tokenkit.store.spi.TokenStore} and the persisted values ({@link
 * dev.tokenkit.store.spi.TokenRecord}, {@link dev.tokenkit.store.spi.TokenId}, ...).
 *
 * <p>Every value type here is immutable and thread-safe. Types that hold secret material ({@link
 * dev.tokenkit.store.spi.SensitiveBytes}, {@link dev.tokenkit.store.spi.HashedSecret}) compare in
 * constant time and never print their contents.
 */
@NullMarked
package dev.tokenkit.store.spi;

import org.jspecify.annotations.NullMarked;

/** The in-memory token store: {@link dev.tokenkit.store.memory.MemoryTokenStore#create()}. */
@NullMarked
package dev.tokenkit.store.memory;

import org.jspecify.annotations.NullMarked;

/** The in-memory token store: {@link dev.tokenkit.store.memory.MemoryTokenStore#create()}. */
package dev.tokenkit.store.memory;

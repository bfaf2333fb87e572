/**
 * Helpers shared by tokenkit's own modules; not API. Exported to tokenkit's modules only, and may
 * change in any release.
 */
@NullMarked
package dev.tokenkit.core.internal;

import org.jspecify.annotations.NullMarked;

/**
 * The tokenkit reference server: a small content service on the JDK HTTP server that shows
 * tokenkit's admin flows and request checks, and the guided tour that drives it. Not published.
 */
@NullMarked
package dev.tokenkit.examples;

import org.jspecify.annotations.NullMarked;

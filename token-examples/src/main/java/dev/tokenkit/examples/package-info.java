/**
 * The tokenkit reference server: a small content service, a Spring Boot application on the starter,
 * that shows tokenkit's admin flows and request checks, and the guided tour that drives it. Not
 * published.
 */
@NullMarked
package dev.tokenkit.examples;

import org.jspecify.annotations.NullMarked;

/** JMH benchmarks of tokenkit, each next to the baseline it is measured against. */
@NullMarked
package dev.tokenkit.benchmarks;

import org.jspecify.annotations.NullMarked;

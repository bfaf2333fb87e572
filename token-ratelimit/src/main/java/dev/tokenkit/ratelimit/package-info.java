/**
 * Per-token rate limits on Bucket4j. Give one limiter to {@code TokenService.builder().rateLimiter(
 * ...)}: {@link dev.tokenkit.ratelimit.LocalRateLimiter} (each node counts on its own) or {@link
 * dev.tokenkit.ratelimit.PostgresRateLimiter} (every node counts in one PostgreSQL table).
 */
@NullMarked
package dev.tokenkit.ratelimit;

import org.jspecify.annotations.NullMarked;

package org.atrium.subscriptions;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Sandbox time travel: the platform's clock, and the test clocks of single tenants, moved forward a day at a time
 * with the lifecycle run for every day passed. Every method answers 404 unless the platform runs in sandbox mode.
 * An advance of up to {@code atrium.sandbox-clock.sync-days} days runs while the caller waits; a longer one is a
 * background job with progress, which can be cancelled. One advance moves at most 3,660 days; clocks only move
 * forward.
 */
public interface SandboxTime {

    /** What an advance answers: the finished advance (200) or the job started (202), with its view. */
    record Outcome(HttpStatus status, Map<String, Object> body) {
    }

    /** The platform's clock, how far it may go, and its latest advance with progress. */
    Map<String, Object> platformClock();

    /** Moves the platform's clock by {@code advanceDays} or to {@code to} (exactly one of them). */
    Outcome advancePlatform(@Nullable Integer advanceDays, @Nullable Instant to);

    /** Cancels the running advance of the platform's clock after the day it is on (404 when none runs). */
    Map<String, Object> cancelPlatform();

    /** The tenant's time (its own test clock, or the platform's) and its latest advance. */
    Map<String, Object> tenantClock(String slug);

    /** Gives the tenant a test clock of its own, if it has none, and moves it forward; the lifecycle runs for it alone. */
    Outcome advanceTenant(String slug, @Nullable Integer advanceDays, @Nullable Instant to);

    /** Cancels the running advance of the tenant's test clock (404 when none runs). */
    Map<String, Object> cancelTenant(String slug);
}

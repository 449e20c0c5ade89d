package org.atrium.identity.internal;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How an account answers repeated wrong passwords in the browser: after the second failure in a row each further
 * attempt must wait twice as long as the last (1 s, 2 s, 4 s …), and the failure that reaches the limit locks the
 * account for the lockout. An attempt made too early is refused without being checked and does not count, so the
 * owner is never punished for a stranger's pace. A device that has completed a sign-in before is exempt (see
 * {@link TrustedDevices}).
 */
record BruteForcePolicy(int maxFailures, Duration lockout) {

    enum Verdict {
        ALLOWED, DELAYED, LOCKED
    }

    /** Whether an attempt may be checked now. */
    Verdict verdict(int failures, @Nullable Instant lastFailedAt, @Nullable Instant lockedUntil, Instant now) {
        if (lockedUntil != null && lockedUntil.isAfter(now)) {
            return Verdict.LOCKED;
        }
        if (lastFailedAt != null && now.isBefore(lastFailedAt.plus(delayAfter(failures)))) {
            return Verdict.DELAYED;
        }
        return Verdict.ALLOWED;
    }

    /** How long the next attempt must wait after {@code failures} failures in a row. */
    Duration delayAfter(int failures) {
        if (failures < 2) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(1L << Math.min(failures - 2, 10));
    }

    /** The lock that one more failure brings, or null: the {@code maxFailures}-th failure in a row locks. */
    @Nullable
    Instant lockAfter(int failuresIncludingThis, Instant now) {
        return failuresIncludingThis >= maxFailures ? now.plus(lockout) : null;
    }
}

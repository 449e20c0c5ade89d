package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.atrium.identity.internal.BruteForcePolicy.Verdict;
import org.junit.jupiter.api.Test;

class BruteForcePolicyTests {

    private static final BruteForcePolicy POLICY = new BruteForcePolicy(5, Duration.ofMinutes(15));
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void delaysDoubleFromTheSecondFailure() {
        assertThat(POLICY.delayAfter(0)).isZero();
        assertThat(POLICY.delayAfter(1)).isZero();
        assertThat(POLICY.delayAfter(2)).hasSeconds(1);
        assertThat(POLICY.delayAfter(3)).hasSeconds(2);
        assertThat(POLICY.delayAfter(4)).hasSeconds(4);
    }

    @Test
    void anAttemptBeforeTheDelayHasPassedIsDelayed() {
        // Three failures, the last at T: the next attempt may come 2 s later.
        assertThat(POLICY.verdict(3, T, null, T.plusMillis(1999))).isEqualTo(Verdict.DELAYED);
        assertThat(POLICY.verdict(3, T, null, T.plusSeconds(2))).isEqualTo(Verdict.ALLOWED);
        assertThat(POLICY.verdict(1, T, null, T)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void theFifthFailureLocksForTheLockout() {
        assertThat(POLICY.lockAfter(4, T)).isNull();
        assertThat(POLICY.lockAfter(5, T)).isEqualTo(T.plus(Duration.ofMinutes(15)));
        Instant until = T.plus(Duration.ofMinutes(15));
        assertThat(POLICY.verdict(0, null, until, T.plus(Duration.ofMinutes(14)))).isEqualTo(Verdict.LOCKED);
        assertThat(POLICY.verdict(0, null, until, until)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void recoveryCodesAreNormalisedBeforeHashing() {
        assertThat(Tokens.normalizeRecoveryCode(" AbCde-fGhJk ")).isEqualTo("abcdefghjk");
        assertThat(Tokens.newRecoveryCode()).matches("[a-z2-9]{5}-[a-z2-9]{5}");
    }
}

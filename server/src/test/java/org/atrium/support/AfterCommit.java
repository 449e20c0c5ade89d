package org.atrium.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;

/**
 * Waits for what happens after a commit (event listeners, mails): reads until the value is the one expected, for at
 * most ten seconds, and fails with the last value read otherwise. The one way tests wait for such effects.
 */
public final class AfterCommit {

    private static final Duration AT_MOST = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);

    private AfterCommit() {
    }

    /** The first value {@code read} returns that is {@code done}. */
    public static <T> T await(Supplier<T> read, Predicate<? super T> done) {
        return Awaitility.await().atMost(AT_MOST).pollInterval(POLL).pollDelay(Duration.ZERO).until(read::get,
                done::test);
    }
}

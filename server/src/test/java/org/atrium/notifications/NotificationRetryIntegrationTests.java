package org.atrium.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.notifications.NotificationFixtures.enqueueCommitted;
import static org.atrium.notifications.NotificationFixtures.newAddress;
import static org.atrium.notifications.NotificationFixtures.newKey;
import static org.atrium.notifications.NotificationFixtures.newTenant;
import static org.atrium.notifications.NotificationFixtures.outboxId;
import static org.atrium.notifications.NotificationFixtures.renewal;
import static org.atrium.notifications.NotificationFixtures.walletRecharged;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** An SMTP server that cannot be reached: mails are retried with growing pauses, then given up on. */
@AtriumIntegrationTest
// A context of its own (its SMTP settings differ), closed after the class while the test database is still up: a
// context left open until JVM exit may find the database already stopped and stall the shutdown.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NotificationRetryIntegrationTests {

    private static final int MAX_ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);

    @DynamicPropertySource
    static void unreachableSmtpServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", NotificationDeliveryIntegrationTests::freePort);
        registry.add("atrium.notifications.dispatcher.enabled", () -> "false");
        registry.add("atrium.notifications.retry.max-attempts", () -> MAX_ATTEMPTS);
        registry.add("atrium.notifications.retry.initial-backoff", () -> FIRST_BACKOFF.toString());
        registry.add("atrium.notifications.retry.max-backoff", () -> "1h");
    }

    @Autowired
    Notifications notifications;

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailDelivery dispatcher;

    @Autowired
    AdjustableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Test
    void failedSendsAreRetriedWithDoublingPausesAndThenMarkedFailed() {
        String key = newKey("renewal");
        enqueueCommitted(tx, notifications, renewal(key, newTenant(), newAddress()));
        UUID id = outboxId(jdbc, key).orElseThrow();

        Instant firstTry = clock.instant();
        dispatcher.dispatchPending();
        OutboxMail afterFirst = outbox.find(id).orElseThrow();
        assertThat(afterFirst.status()).isEqualTo(MailStatus.PENDING);
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.lastError()).containsIgnoringCase("connect");
        // The database keeps microseconds; a millisecond either side covers the rounding.
        assertThat(afterFirst.nextAttemptAt()).isBetween(firstTry.plus(FIRST_BACKOFF).minusMillis(1),
                clock.instant().plus(FIRST_BACKOFF).plusMillis(1));

        dispatcher.dispatchPending();
        assertThat(outbox.find(id).orElseThrow().attempts()).as("not retried before its pause is over").isEqualTo(1);

        clock.advance(FIRST_BACKOFF);
        dispatcher.dispatchPending();
        OutboxMail afterSecond = outbox.find(id).orElseThrow();
        assertThat(afterSecond.status()).isEqualTo(MailStatus.PENDING);
        assertThat(afterSecond.attempts()).isEqualTo(2);
        assertThat(Duration.between(clock.instant(), afterSecond.nextAttemptAt()))
                .as("the second pause is twice the first").isGreaterThan(FIRST_BACKOFF)
                .isLessThanOrEqualTo(FIRST_BACKOFF.multipliedBy(2));

        clock.advance(FIRST_BACKOFF.multipliedBy(2));
        dispatcher.dispatchPending();
        OutboxMail last = outbox.find(id).orElseThrow();
        assertThat(last.status()).isEqualTo(MailStatus.FAILED);
        assertThat(last.attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(last.lastError()).containsIgnoringCase("connect");

        clock.advance(Duration.ofHours(2));
        dispatcher.dispatchPending();
        assertThat(outbox.find(id).orElseThrow().attempts()).as("a failed mail is not tried again")
                .isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void aFailingMailDoesNotHoldBackTheOthers() {
        String first = newKey("renewal");
        String second = newKey("recharge");
        enqueueCommitted(tx, notifications, renewal(first, newTenant(), newAddress()));
        enqueueCommitted(tx, notifications, walletRecharged(second, newTenant(), newAddress()));

        dispatcher.dispatchPending();
        assertThat(attempts(first)).isEqualTo(1);
        assertThat(attempts(second)).as("tried in the same batch after the first one failed").isEqualTo(1);

        String later = newKey("renewal");
        enqueueCommitted(tx, notifications, renewal(later, newTenant(), newAddress()));
        dispatcher.dispatchPending();
        assertThat(attempts(later)).as("a new mail is tried while older ones wait for their retry").isEqualTo(1);
        assertThat(attempts(first)).isEqualTo(1);
    }

    private int attempts(String dedupeKey) {
        return outbox.find(outboxId(jdbc, dedupeKey).orElseThrow()).orElseThrow().attempts();
    }
}

package org.atrium.notifications.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code atrium.notifications.*}.
 *
 * @param platformName the name mails and templates sign with
 * @param from         the sender address of every mail
 * @param smtpTimeout  connect, read and write timeout towards the SMTP server, unless {@code spring.mail.properties}
 *                     sets its own; without one a hung server would stall delivery for good
 */
@ConfigurationProperties("atrium.notifications")
record NotificationSettings(@DefaultValue("Atrium") String platformName,
        @DefaultValue("billing@atrium.local") String from, @DefaultValue("10s") Duration smtpTimeout,
        @DefaultValue Dispatcher dispatcher, @DefaultValue Retry retry) {

    NotificationSettings {
        if (smtpTimeout.isNegative() || smtpTimeout.isZero()) {
            throw new IllegalArgumentException("atrium.notifications.smtp-timeout must be positive");
        }
    }

    /**
     * @param enabled      whether this node polls the outbox (several nodes may: they never take the same mail)
     * @param interval     the pause between two polls
     * @param batchSize    how many mails one poll takes
     * @param claimTimeout how long a node may take to send the mails it took before another node may take them
     *                     again; longer than a batch's worst case of {@code batchSize} SMTP timeouts
     */
    record Dispatcher(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration interval,
            @DefaultValue("20") int batchSize, @DefaultValue("10m") Duration claimTimeout) {

        Dispatcher {
            if (batchSize < 1) {
                throw new IllegalArgumentException("atrium.notifications.dispatcher.batch-size must be at least 1");
            }
        }
    }

    /**
     * @param maxAttempts    attempts before a mail is marked failed
     * @param initialBackoff the wait after the first failure; it doubles after each further one
     * @param maxBackoff     the longest wait between two attempts
     */
    record Retry(@DefaultValue("6") int maxAttempts, @DefaultValue("30s") Duration initialBackoff,
            @DefaultValue("1h") Duration maxBackoff) {

        Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("atrium.notifications.retry.max-attempts must be at least 1");
            }
        }

        /** The wait before the attempt after {@code failedAttempts} failures. */
        Duration backoffAfter(int failedAttempts) {
            Duration wait = initialBackoff;
            for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }
    }
}

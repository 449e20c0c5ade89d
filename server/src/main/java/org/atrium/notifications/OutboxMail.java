package org.atrium.notifications;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A mail in the outbox, as staff read it.
 *
 * @param attempts      how many times sending was tried
 * @param lastError     why the last failed attempt failed, if one did
 * @param nextAttemptAt when it is tried next, while it is pending
 * @param deliveredAt   when it was sent or captured
 * @param bodyHtml      the rendered body; only when one mail is read, not in lists
 */
public record OutboxMail(UUID id, @Nullable UUID tenantId, String type, String recipient, String subject,
        MailStatus status, int attempts, @Nullable String lastError, Instant createdAt, @Nullable Instant nextAttemptAt,
        @Nullable Instant deliveredAt, @Nullable String bodyHtml) {
}

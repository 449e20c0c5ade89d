package org.atrium.notifications;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A notification as the tenant sees it in its portal: a title and a short plain-text message. */
public record InAppNotification(UUID id, UUID tenantId, String type, String title, String body, Instant createdAt,
        @Nullable Instant readAt) {
}

package org.atrium.notifications;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Filters for listing the mail outbox; every one is optional. */
public record MailQuery(@Nullable UUID tenantId, @Nullable NotificationType type, @Nullable MailStatus status) {
}

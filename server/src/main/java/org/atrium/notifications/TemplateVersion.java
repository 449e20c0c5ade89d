package org.atrium.notifications;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** One saved or reset version of a tenant's template; the texts are null for a reset. */
public record TemplateVersion(int version, String action, @Nullable TemplateText text, Instant changedAt,
        String changedBy) {
}

package org.atrium.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Filters for listing audit events; every one is optional. */
public record AuditQuery(@Nullable UUID tenantId, @Nullable String type, @Nullable String actorId,
        @Nullable Instant from, @Nullable Instant to) {
}

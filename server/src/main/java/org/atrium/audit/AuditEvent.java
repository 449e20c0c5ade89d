package org.atrium.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** A row of the audit log as it is read back. */
public record AuditEvent(long seq, UUID id, Instant occurredAt, String type, String actorType, @Nullable String actorId,
        @Nullable UUID tenantId, @Nullable String target, @Nullable String ipAddress, @Nullable String requestId,
        @Nullable String onBehalfOf, @Nullable String userAgent,
        @JsonRawValue @Nullable String before, @JsonRawValue @Nullable String after, String hash) {
}

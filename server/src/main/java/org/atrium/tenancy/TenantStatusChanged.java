package org.atrium.tenancy;

import java.time.Instant;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Published when a tenant's effective status changes (lifecycle, or suspension by staff).
 *
 * @param reason     what staff gave as the reason of a suspension or its lifting; null for a lifecycle change
 * @param occurredAt when it changed
 */
public record TenantStatusChanged(TenantId tenantId, String slug, TenantStatus from, TenantStatus to,
        @Nullable String reason, Instant occurredAt) implements TenantEvent {
}

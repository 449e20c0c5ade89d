package org.atrium.metering;

import java.time.Instant;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Something a tenant used, as reported. A counter metric ({@code per_cycle}, {@code daily}) takes a
 * {@code quantity} of 0 or more; a level metric takes either an absolute {@code value} or a {@code quantity} that
 * moves the level up or down.
 *
 * @param occurredAt when it happened; null for now. An instant in a closed period counts toward that period.
 * @param idempotencyKey the client's reference: a repeat within the retention window is counted once
 */
public record UsageEvent(TenantId tenant, String metric, @Nullable Long quantity, @Nullable Long value,
        @Nullable Instant occurredAt, String idempotencyKey) {

    public static UsageEvent counted(TenantId tenant, String metric, long quantity, Instant occurredAt, String key) {
        return new UsageEvent(tenant, metric, quantity, null, occurredAt, key);
    }

    public static UsageEvent level(TenantId tenant, String metric, long value, Instant occurredAt, String key) {
        return new UsageEvent(tenant, metric, null, value, occurredAt, key);
    }
}

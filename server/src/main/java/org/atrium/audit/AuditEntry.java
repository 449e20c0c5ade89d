package org.atrium.audit;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * One sensitive action to be written to the audit log. The actor, IP address, request id and time are taken from
 * the current request and clock when it is recorded.
 *
 * @param type   what happened, {@code noun.past_tense} ({@code tenant.suspended}, {@code saas.wallet.credited})
 * @param tenant the tenant concerned, if any
 * @param target the natural key of the thing acted on ({@code acme-loans}, {@code INV-2026-00042})
 * @param before its state before, as an object serialisable to JSON, or null
 * @param after  its state after, or null
 */
public record AuditEntry(String type, @Nullable TenantId tenant, @Nullable String target, @Nullable Object before,
        @Nullable Object after) {

    public static AuditEntry of(String type, @Nullable TenantId tenant, @Nullable String target, @Nullable Object before,
            @Nullable Object after) {
        return new AuditEntry(type, tenant, target, before, after);
    }
}

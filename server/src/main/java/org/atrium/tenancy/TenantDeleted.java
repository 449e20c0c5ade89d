package org.atrium.tenancy;

import java.time.Instant;

import org.atrium.platform.TenantId;

/**
 * Published when staff delete a tenant (softly: it can be restored within {@link Tenant#RESTORE_WINDOW}). From then
 * on the tenant is not found by its slug and its API keys are refused.
 *
 * @param status     the status it had when it was deleted
 * @param occurredAt when it was deleted
 */
public record TenantDeleted(TenantId tenantId, String slug, TenantStatus status, Instant occurredAt)
        implements TenantEvent {
}

package org.atrium.tenancy;

import java.time.Instant;

import org.atrium.platform.TenantId;

/**
 * Published when the plan a tenant is on changes (assignment, upgrade, a downgrade taking effect).
 *
 * @param from       slug of the plan before
 * @param to         slug of the plan after
 * @param occurredAt when it changed
 */
public record TenantPlanChanged(TenantId tenantId, String slug, String from, String to, Instant occurredAt)
        implements TenantEvent {
}

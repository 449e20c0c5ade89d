package org.atrium.tenancy;

import org.atrium.platform.TenantId;

/** Published when the plan a tenant is on changes (assignment, upgrade, a downgrade taking effect). */
public record TenantPlanChanged(TenantId tenantId, String slug, String from, String to) {
}

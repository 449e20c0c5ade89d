package org.atrium.tenancy;

import org.atrium.platform.TenantId;

/** Published when a tenant's effective status changes (lifecycle, or suspension by staff). */
public record TenantStatusChanged(TenantId tenantId, String slug, TenantStatus from, TenantStatus to) {
}

package org.atrium.tenancy;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Published inside the transaction that creates a tenant, so that the wallet and the trial subscription are created
 * atomically with it.
 *
 * @param cycle      the billing cycle asked for at signup, or null for monthly
 * @param adminEmail the tenant admin's email given at creation, if any (identity creates that first admin)
 */
public record TenantCreated(TenantId tenantId, String slug, String plan, @Nullable String cycle, String currency,
        @Nullable String adminEmail) {

    public TenantCreated(TenantId tenantId, String slug, String plan, @Nullable String cycle, String currency) {
        this(tenantId, slug, plan, cycle, currency, null);
    }
}

package org.atrium.tenancy;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Published inside the transaction that creates a tenant, so that the wallet and the trial subscription are created
 * atomically with it.
 *
 * @param cycle the billing cycle asked for at signup, or null for monthly
 */
public record TenantCreated(TenantId tenantId, String slug, String plan, @Nullable String cycle, String currency) {
}

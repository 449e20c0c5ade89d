package org.atrium.tenancy;

import java.time.Instant;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Published inside the transaction that creates a tenant, so that the wallet and the trial subscription are created
 * atomically with it.
 *
 * @param cycle      the billing cycle asked for at signup, or null for monthly
 * @param status     the status it starts in ({@code trial})
 * @param occurredAt when it was created
 * @param adminEmail the tenant admin's email given at creation, if any (identity creates that first admin)
 */
public record TenantCreated(TenantId tenantId, String slug, String plan, @Nullable String cycle, String currency,
        TenantStatus status, Instant occurredAt, @Nullable String adminEmail) implements TenantEvent {
}

package org.atrium.tenancy;

import java.time.Instant;

import org.atrium.platform.TenantId;

/**
 * What tenancy tells others, published through the event publication registry in the transaction that made the
 * change. Every event names the tenant by id and slug and says when it happened.
 */
public sealed interface TenantEvent permits TenantCreated, TenantStatusChanged, TenantPlanChanged, TenantDeleted {

    TenantId tenantId();

    String slug();

    Instant occurredAt();
}

package org.atrium.tenancy;

import java.util.Optional;

import org.atrium.platform.TenantId;

/** Finding tenants, and the lifecycle status changes other modules drive. */
public interface Tenants {

    /** A tenant that is not deleted, by slug. */
    Optional<Tenant> findBySlug(String slug);

    /** A tenant that is not deleted, or a 404 problem. */
    Tenant requireBySlug(String slug);

    /** A tenant by id, deleted or not. */
    Optional<Tenant> find(TenantId id);

    Tenant require(TenantId id);

    /**
     * Records a new lifecycle status (and the plan it is on), publishing {@link TenantStatusChanged} when it
     * differs. Called by the subscription lifecycle inside its own transaction.
     */
    Tenant changeStatus(TenantId id, TenantStatus status, String planSlug);
}
